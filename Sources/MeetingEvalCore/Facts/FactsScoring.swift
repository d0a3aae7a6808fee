import Foundation

/// A meeting's facts measured and checked against its standard (docs/scoring.md §12): the
/// measured quantities, one check per rule that applies to the meeting's type, and the facts
/// score, 100 minus every deduction, never below 0.
public struct MeetingFactsAssessment: Sendable, Equatable {
    public var standard: StandardRef?
    public var measured: Measured
    public var checks: [Check]
    /// Σ deducted over the checks.
    public var deducted: Double
    /// max(0, 100 − deducted); nil without a standard.
    public var score: Double?
    /// Every applicable rule could be measured from the facts recorded.
    public var complete: Bool

    public struct StandardRef: Sendable, Equatable {
        public var id: String
        public var version: Int
        public var title: String
        public var citation: String
        public var url: String?
    }

    /// The quantities, rounded to two decimals; nil when the facts lack what it needs.
    public struct Measured: Sendable, Equatable {
        public var plannedMinutes: Double?
        public var durationMinutes: Double?
        public var startDelayMinutes: Double?
        public var overrunMinutes: Double?
        public var expected: Int?
        public var present: Int?
        /// Present ÷ expected, percent.
        public var attendanceRate: Double?
        public var speeches: Int
        public var speechMinutes: Double
        /// The longest speech of each role that spoke, minutes.
        public var longestSpeech: [SpeechRole: Double]
        public var documentCount: Int?
        public var documentPages: Int?
        public var mergeable: Bool?
        public var replaceable: Bool?
        /// Present attendance × actual duration in hours.
        public var personHours: Double?
        public var cost: Double?
        /// Cost ÷ person-hours, yuan.
        public var costPerPersonHour: Double?
    }

    public struct Check: Sendable, Equatable {
        public var rule: String
        public var title: String
        public var measure: FactMeasure
        public var role: SpeechRole?
        /// The measured value; nil when the facts do not give it.
        public var value: Double?
        public var limit: MeetingStandard.Limit
        /// Nil when the value is unknown.
        public var passed: Bool?
        public var deducted: Double
    }
}

/// The facts score and the combined index (docs/scoring.md §12).
public enum FactsScoring {
    /// The assessment of `facts` for a meeting of `meetingType` under `standard` (which may be
    /// missing: the quantities are measured, nothing is checked, and there is no score).
    public static func assess(
        _ facts: MeetingFacts, standard: MeetingStandard?, meetingType: MeetingType, locale: String
    ) -> MeetingFactsAssessment {
        let measured = measure(facts)
        var checks: [MeetingFactsAssessment.Check] = []
        for rule in standard?.rules ?? [] where rule.applies(to: meetingType) {
            let value = self.value(of: rule, in: facts, measured: measured)
            var passed: Bool?
            var deducted = 0.0
            if let value {
                let excess = rule.limit.excess(value)
                passed = excess == 0
                if excess > 0 { deducted = deduction(rule, excess: excess) }
            }
            checks.append(
                MeetingFactsAssessment.Check(
                    rule: rule.id, title: rule.title.resolved(locale, defaultLocale: "zh"), measure: rule.measure,
                    role: rule.role, value: value, limit: rule.limit, passed: passed, deducted: deducted))
        }
        let deducted = ScoreRounding.round(checks.reduce(0) { $0 + $1.deducted })
        let reference = standard.map {
            MeetingFactsAssessment.StandardRef(
                id: $0.id, version: $0.version, title: $0.title.resolved(locale, defaultLocale: "zh"),
                citation: $0.source.citation.resolved(locale, defaultLocale: "zh"), url: $0.source.url)
        }
        return MeetingFactsAssessment(
            standard: reference, measured: measured, checks: checks, deducted: deducted,
            score: standard == nil ? nil : ScoreRounding.round(max(0, 100 - deducted)),
            complete: checks.allSatisfy { $0.value != nil })
    }

    /// Points a broken rule deducts: `deduct`, or with `per`, `deduct` for each started `per`
    /// units beyond the limit, at most `maxDeduct`.
    public static func deduction(_ rule: MeetingStandard.Rule, excess: Double) -> Double {
        guard excess > 0 else { return 0 }
        guard let per = rule.per else { return rule.deduct }
        // A value within a rounding error of a whole step counts as that step.
        let steps = (excess / per - 1e-9).rounded(.up)
        let points = rule.deduct * max(1, steps)
        return min(points, rule.maxDeduct ?? points)
    }

    /// The combined index: (w_survey × survey + w_facts × facts) ÷ (w_survey + w_facts), from
    /// the reported (rounded) scores, rounded like every score; nil when either is missing.
    public static func combined(survey: Double?, facts: Double?, index: ScoreIndex) -> Double? {
        guard let survey, let facts else { return nil }
        let total = index.survey + index.facts
        guard total > 0 else { return nil }
        return ScoreRounding.round((index.survey * survey + index.facts * facts) / total)
    }

    static func minutes(from start: String?, to end: String?) -> Double? {
        guard let start, let end, let from = Timestamp.parse(start), let to = Timestamp.parse(end) else { return nil }
        return ScoreRounding.round(to.timeIntervalSince(from) / 60)
    }

    static func measure(_ facts: MeetingFacts) -> MeetingFactsAssessment.Measured {
        let duration = minutes(from: facts.actualStart, to: facts.actualEnd)
        let expected = facts.attendance.isEmpty ? nil : facts.attendance.reduce(0) { $0 + $1.expected }
        let present = facts.attendance.isEmpty ? nil : facts.attendance.reduce(0) { $0 + $1.present }
        var longest: [SpeechRole: Double] = [:]
        for speech in facts.speeches { longest[speech.role] = max(longest[speech.role] ?? 0, speech.minutes) }
        let personHours: Double? = {
            guard let present, let duration else { return nil }
            return ScoreRounding.round(Double(present) * duration / 60)
        }()
        return MeetingFactsAssessment.Measured(
            plannedMinutes: minutes(from: facts.plannedStart, to: facts.plannedEnd), durationMinutes: duration,
            startDelayMinutes: minutes(from: facts.plannedStart, to: facts.actualStart),
            overrunMinutes: minutes(from: facts.plannedEnd, to: facts.actualEnd), expected: expected, present: present,
            attendanceRate: expected.flatMap { expected in
                present.map { ScoreRounding.round(Double($0) / Double(expected) * 100) }
            },
            speeches: facts.speeches.count,
            speechMinutes: ScoreRounding.round(facts.speeches.reduce(0) { $0 + $1.minutes }),
            longestSpeech: longest.mapValues { ScoreRounding.round($0) }, documentCount: facts.documents?.count,
            documentPages: facts.documents?.pages, mergeable: facts.mergeable, replaceable: facts.replaceable,
            personHours: personHours, cost: facts.cost,
            costPerPersonHour: {
                guard let cost = facts.cost, let personHours, personHours > 0 else { return nil }
                return ScoreRounding.round(cost / personHours)
            }())
    }

    static func value(of rule: MeetingStandard.Rule, in facts: MeetingFacts, measured: MeetingFactsAssessment.Measured)
        -> Double?
    {
        switch rule.measure {
        case .duration: return measured.durationMinutes
        case .startDelay: return measured.startDelayMinutes
        case .overrun: return measured.overrunMinutes
        case .speechMinutes:
            // No speech recorded: not measured. Otherwise the speeches recorded are all there
            // were, and none of the role is 0 minutes.
            guard !facts.speeches.isEmpty else { return nil }
            if let role = rule.role { return measured.longestSpeech[role] ?? 0 }
            return measured.longestSpeech.values.max() ?? 0
        case .speechCount:
            guard !facts.speeches.isEmpty else { return nil }
            return Double(facts.speeches.filter { rule.role == nil || $0.role == rule.role }.count)
        case .attendanceRate: return measured.attendanceRate
        case .attendees: return measured.present.map(Double.init)
        case .documentCount: return measured.documentCount.map(Double.init)
        case .documentPages: return measured.documentPages.map(Double.init)
        case .mergeable:
            guard facts.mergeable != nil || facts.replaceable != nil else { return nil }
            return (facts.mergeable == true || facts.replaceable == true) ? 1 : 0
        }
    }
}
