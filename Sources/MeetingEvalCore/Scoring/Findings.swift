import Foundation

/// One statement the numbers support, decided by `FindingRules` (docs/scoring.md §11). Its
/// figures are the scorecard's own; `text` says it in the scorecard's locale from a fixed
/// sentence per kind, so nothing in a finding is written by hand.
public struct Finding: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case overall
        case strongestDimension, weakestDimension, strongestQuestion, weakestQuestion
        case venueBelow, venueAbove, groupBelow, groupAbove, noDifferences
        case responseRate, venueResponseRate
        case lowReliability
        case change
        case negativeShare
        case factsScore, combined
    }

    public var kind: Kind
    /// The finding calls for the reader's attention (a weakness, a gap, a doubt about the data).
    public var attention: Bool
    /// The id of what it is about: a dimension, question, venue, rater group or evaluation.
    public var subject: String?
    /// Its name or text in the scorecard's locale.
    public var name: String?
    /// The figure the finding is about: a score, rate, share, α or difference.
    public var value: Double?
    /// What `value` is set against: the overall score, a threshold, the previous score.
    public var reference: Double?
    /// `value − reference` in score points (scores), or the change (change).
    public var difference: Double?
    /// The interval of the overall score; the p value (Holm-adjusted for venues and groups).
    public var interval: [Double]?
    public var p: Double?
    public var grade: String?
    /// The option's text (negativeShare).
    public var option: String?
    /// Counts behind a rate or share: `count` of `total`.
    public var count: Int?
    public var total: Int?
    public var text: String

    public init(
        kind: Kind, attention: Bool = false, subject: String? = nil, name: String? = nil, value: Double? = nil,
        reference: Double? = nil, difference: Double? = nil, interval: [Double]? = nil, p: Double? = nil,
        grade: String? = nil, option: String? = nil, count: Int? = nil, total: Int? = nil, text: String = ""
    ) {
        self.kind = kind
        self.attention = attention
        self.subject = subject
        self.name = name
        self.value = value
        self.reference = reference
        self.difference = difference
        self.interval = interval
        self.p = p
        self.grade = grade
        self.option = option
        self.count = count
        self.total = total
        self.text = text
    }
}

/// The rules that turn a scorecard into findings, with their thresholds (docs/scoring.md §11).
public enum FindingRules {
    /// A venue (or the evaluation) whose response rate is below this share is flagged.
    public static let lowResponseRate = 0.5
    /// A dimension whose α is below this is reported as of doubtful reliability.
    public static let reliableAlpha = 0.7
    /// A weakest dimension or question this many points or more below the overall calls for attention.
    public static let notableDistance = 5.0
    /// The most negative option of a single-choice question chosen by at least this share calls for attention.
    public static let notableNegativeShare = 0.2
    /// A change from the previous evaluation, or a difference of a venue or rater group, counts
    /// as beyond noise below this (Holm-adjusted) p.
    public static let significance = 0.05

    /// Every finding of a complete scorecard, in a fixed order: overall, dimensions, questions,
    /// venues and rater groups, response rates, reliability, change, negative answers.
    /// `questionnaire` gives the options' scores (which option is the most negative).
    public static func findings(for scorecard: Scorecard, questionnaire: Questionnaire) -> [Finding] {
        var found: [Finding] = []
        let overall = scorecard.overall.score
        if let overall {
            found.append(
                Finding(
                    kind: .overall, value: overall, interval: scorecard.overall.ci95, grade: scorecard.overall.grade,
                    count: scorecard.overall.n))
        }
        let dimensions = scorecard.dimensions.filter { $0.score != nil }
        if dimensions.count >= 2, let overall {
            found += extremes(
                dimensions.map { ($0.id, $0.title, $0.score!) }, overall: overall,
                kinds: (.strongestDimension, .weakestDimension))
        }
        let questions = scorecard.questions.filter { $0.score != nil && $0.weight != nil }
        if questions.count >= 2, let overall {
            found += extremes(
                questions.map { ($0.id, $0.text, $0.score!) }, overall: overall,
                kinds: (.strongestQuestion, .weakestQuestion))
        }
        found += differences(scorecard)
        if let rate = scorecard.responses.responseRate, let expected = scorecard.responses.expected {
            found.append(
                Finding(
                    kind: .responseRate, attention: rate < lowResponseRate, value: rate, reference: lowResponseRate,
                    count: scorecard.responses.received, total: expected))
        }
        for venue in scorecard.venues where venue.response.low {
            found.append(
                Finding(
                    kind: .venueResponseRate, attention: true, subject: venue.id, name: venue.name,
                    value: venue.response.rate, reference: lowResponseRate, count: venue.response.received,
                    total: venue.response.expected))
        }
        for dimension in scorecard.dimensions {
            guard let alpha = dimension.alpha, alpha < reliableAlpha else { continue }
            found.append(
                Finding(
                    kind: .lowReliability, attention: true, subject: dimension.id, name: dimension.title, value: alpha,
                    reference: reliableAlpha, count: dimension.alphaN))
        }
        if let previous = scorecard.previous, let difference = previous.difference {
            let significant = previous.p.map { $0 < significance } ?? false
            found.append(
                Finding(
                    kind: .change, attention: significant && difference < 0, subject: previous.id,
                    name: previous.title, value: overall, reference: previous.score, difference: difference,
                    p: previous.p, grade: previous.grade, option: previous.meetingDate))
        }
        found += negativeShares(scorecard, questionnaire: questionnaire)
        found += facts(scorecard)
        let phrases = FindingPhrases(locale: scorecard.locale)
        return found.map { finding in
            var phrased = finding
            phrased.text = phrases.text(finding)
            return phrased
        }
    }

    private static func extremes(
        _ parts: [(id: String, name: String, score: Double)], overall: Double, kinds: (Finding.Kind, Finding.Kind)
    ) -> [Finding] {
        // The first of equal scores, in questionnaire order.
        var strongest = parts[0]
        var weakest = parts[0]
        for part in parts.dropFirst() {
            if part.score > strongest.score { strongest = part }
            if part.score < weakest.score { weakest = part }
        }
        guard strongest.score > weakest.score else { return [] }
        func finding(_ kind: Finding.Kind, _ part: (id: String, name: String, score: Double)) -> Finding {
            let difference = ScoreRounding.round(part.score - overall)
            return Finding(
                kind: kind, attention: kind == kinds.1 && difference <= -notableDistance, subject: part.id,
                name: part.name, value: part.score, reference: overall, difference: difference)
        }
        return [finding(kinds.0, strongest), finding(kinds.1, weakest)]
    }

    /// Venues and rater groups whose score differs from the rest beyond noise: the comparison
    /// of §9 flags them (Holm-adjusted p < 0.05).
    private static func differences(_ scorecard: Scorecard) -> [Finding] {
        var found: [Finding] = []
        var compared = false
        let parts =
            scorecard.venues.map { (venue: true, id: $0.id, name: $0.name, score: $0.score, comparison: $0.comparison) }
            + scorecard.raterGroups.map {
                (venue: false, id: $0.id, name: $0.name, score: $0.score, comparison: $0.comparison)
            }
        for part in parts {
            guard let flag = part.comparison.flag else { continue }
            compared = true
            guard flag != .none, let difference = part.comparison.difference else { continue }
            let kind: Finding.Kind =
                part.venue ? (flag == .below ? .venueBelow : .venueAbove) : (flag == .below ? .groupBelow : .groupAbove)
            found.append(
                Finding(
                    kind: kind, attention: flag == .below, subject: part.id, name: part.name, value: part.score,
                    difference: difference, interval: part.comparison.ci95, p: part.comparison.pAdjusted))
        }
        if compared && found.isEmpty { found.append(Finding(kind: .noDifferences)) }
        return found
    }

    /// For each single-choice question whose options carry scores: the share of its answers
    /// that chose the lowest-scored option.
    private static func negativeShares(_ scorecard: Scorecard, questionnaire: Questionnaire) -> [Finding] {
        var found: [Finding] = []
        let byId = Dictionary(questionnaire.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for question in scorecard.questions where question.type == .single {
            guard let definition = byId[question.id] else { continue }
            let scored = definition.options.filter { $0.score != nil && !$0.notApplicable }
            guard let worst = scored.min(by: { $0.score! < $1.score! }) else { continue }
            let total = question.distribution.reduce(0) { $0 + $1.count }
            guard total > 0 else { continue }
            let count = question.distribution.first { $0.key == worst.id }?.count ?? 0
            let share = ScoreRounding.round(Double(count) / Double(total), decimals: 4)
            found.append(
                Finding(
                    kind: .negativeShare, attention: share >= notableNegativeShare, subject: question.id,
                    name: question.text, value: share, reference: notableNegativeShare,
                    option: worst.text.resolved(scorecard.locale, defaultLocale: questionnaire.defaultLocale),
                    count: count, total: total))
        }
        return found
    }
}

extension FindingRules {
    /// The facts score against the standard, naming the broken rules, and the combined index
    /// (docs/scoring.md §12).
    static func facts(_ scorecard: Scorecard) -> [Finding] {
        guard let facts = scorecard.meetingFacts, let score = facts.score, let standard = facts.standard else {
            return []
        }
        let broken = facts.checks.filter { $0.passed == false }
        var found = [
            Finding(
                kind: .factsScore, attention: !broken.isEmpty, subject: standard.id, name: standard.title, value: score,
                reference: 100, difference: -facts.deducted,
                option: broken.isEmpty ? nil : broken.map(\.title).joined(separator: scorecard.locale.hasPrefix("zh") ? "；" : "; "),
                count: broken.count, total: facts.checks.filter { $0.passed != nil }.count)
        ]
        if let combined = scorecard.combined {
            found.append(
                Finding(
                    kind: .combined, value: combined.score, reference: combined.survey, difference: combined.facts,
                    grade: combined.grade))
        }
        return found
    }
}

/// The fixed sentences of the findings, in Chinese (`zh`) or English (any other locale).
struct FindingPhrases {
    let chinese: Bool

    init(locale: String) {
        chinese = locale.hasPrefix("zh")
    }

    func text(_ f: Finding) -> String {
        let name = f.name ?? ""
        let value = Self.score(f.value)
        let distance = Self.score(f.difference.map(abs))
        switch f.kind {
        case .overall:
            let interval = f.interval.flatMap { $0.count == 2 ? $0 : nil }
            if chinese {
                let range = interval.map { "，95%置信区间为\(Self.score($0[0]))至\(Self.score($0[1]))" } ?? "，置信区间无法计算"
                return "总体得分\(value)分，等级为“\(f.grade ?? "—")”\(range)（有效样本\(f.count ?? 0)份）。"
            }
            let range = interval.map { ", with a 95 % interval of \(Self.score($0[0])) to \(Self.score($0[1]))" }
                ?? "; no interval could be computed"
            return "The overall score is \(value), grade “\(f.grade ?? "—")”\(range) (\(f.count ?? 0) included responses)."
        case .strongestDimension, .weakestDimension, .strongestQuestion, .weakestQuestion:
            let strongest = f.kind == .strongestDimension || f.kind == .strongestQuestion
            let dimension = f.kind == .strongestDimension || f.kind == .weakestDimension
            let above = (f.difference ?? 0) >= 0
            if chinese {
                let what = dimension ? "维度" : "题目"
                let side = above ? "高于" : "低于"
                return "得分最\(strongest ? "高" : "低")的\(what)是“\(name)”，\(value)分，\(side)总体得分\(distance)分。"
            }
            let what = dimension ? "dimension" : "question"
            return "The \(strongest ? "strongest" : "weakest") \(what) is “\(name)” at \(value), \(distance) points \(above ? "above" : "below") the overall."
        case .venueBelow, .venueAbove, .groupBelow, .groupAbove:
            let venue = f.kind == .venueBelow || f.kind == .venueAbove
            let below = f.kind == .venueBelow || f.kind == .groupBelow
            if chinese {
                return "\(venue ? "会场" : "评价主体")“\(name)”的得分\(below ? "显著低于" : "显著高于")其余\(venue ? "会场" : "评价主体")，相差\(distance)分（Holm校正后p\(Self.p(f.p))）。"
            }
            return "\(venue ? "The venue" : "The rater group") “\(name)” scores \(distance) points \(below ? "below" : "above") the rest, beyond noise (Holm-adjusted p \(Self.p(f.p)))."
        case .noDifferences:
            return chinese
                ? "各会场和各评价主体的得分与其余部分的差异均在统计误差范围内。"
                : "No venue or rater group differs from the rest beyond statistical noise."
        case .responseRate:
            if chinese {
                return "总体回收率为\(Self.percent(f.value))（收到\(f.count ?? 0)份，应答\(f.total ?? 0)人）\(f.attention ? "，低于\(Self.percent(f.reference))，结果的代表性有限" : "")。"
            }
            return "The overall response rate is \(Self.percent(f.value)) (\(f.count ?? 0) of \(f.total ?? 0) expected)\(f.attention ? ", below \(Self.percent(f.reference)): the results may not represent everyone" : "")."
        case .venueResponseRate:
            if chinese {
                return "会场“\(name)”的回收率仅为\(Self.percent(f.value))（收到\(f.count ?? 0)份，应答\(f.total ?? 0)人），低于\(Self.percent(f.reference))。"
            }
            return "The venue “\(name)” has a response rate of only \(Self.percent(f.value)) (\(f.count ?? 0) of \(f.total ?? 0) expected), below \(Self.percent(f.reference))."
        case .lowReliability:
            if chinese {
                return "维度“\(name)”的内部一致性系数α为\(value)，低于\(Self.score(f.reference))，其得分的可靠性有限（样本\(f.count ?? 0)份）。"
            }
            return "The dimension “\(name)” has a Cronbach’s α of \(value), below \(Self.score(f.reference)): its score is of limited reliability (\(f.count ?? 0) responses)."
        case .change:
            let difference = f.difference ?? 0
            let significant = (f.p ?? 1) < FindingRules.significance
            if chinese {
                let direction = difference > 0 ? "上升" : difference < 0 ? "下降" : "持平"
                let verdict = significant ? "变化超出统计误差" : "变化在统计误差范围内"
                return "与上次评估“\(name)”（\(f.option ?? "")，\(Self.score(f.reference))分）相比，总体得分\(direction)\(distance)分，\(verdict)（p\(Self.p(f.p))）。"
            }
            let direction = difference > 0 ? "rose by \(distance) points" : difference < 0 ? "fell by \(distance) points" : "is unchanged"
            let verdict = significant ? "beyond noise" : "within noise"
            return "Against the previous evaluation “\(name)” (\(f.option ?? ""), \(Self.score(f.reference))), the overall score \(direction), \(verdict) (p \(Self.p(f.p)))."
        case .negativeShare:
            if chinese {
                return "“\(name)”一题中，\(Self.percent(f.value))的回答（\(f.count ?? 0)/\(f.total ?? 0)）选择了最不利的选项“\(f.option ?? "")”。"
            }
            return "On “\(name)”, \(Self.percent(f.value)) of the answers (\(f.count ?? 0) of \(f.total ?? 0)) chose the least favourable option, “\(f.option ?? "")”."
        case .factsScore:
            let deducted = Self.score(f.difference.map(abs))
            if chinese {
                let rules = f.count ?? 0 > 0 ? "违反\(f.count ?? 0)条规则（\(f.option ?? "")），扣\(deducted)分" : "所核查的\(f.total ?? 0)条规则均符合"
                return "对照“\(name)”，会议实况得分\(value)分：\(rules)。"
            }
            let rules = f.count ?? 0 > 0 ? "\(f.count ?? 0) rule(s) broken (\(f.option ?? "")), \(deducted) points deducted" : "all \(f.total ?? 0) rules checked were kept"
            return "Against “\(name)”, the meeting's facts score \(value): \(rules)."
        case .combined:
            if chinese {
                return "问卷得分\(Self.score(f.reference))分与实况得分\(Self.score(f.difference))分加权后，综合指数为\(value)分，等级为“\(f.grade ?? "—")”。"
            }
            return "Weighing the survey's \(Self.score(f.reference)) and the facts score \(Self.score(f.difference)), the combined index is \(value), grade “\(f.grade ?? "—")”."
        }
    }

    static func score(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.2f", ScoreRounding.round(value))
    }

    static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        return String(format: "%.1f%%", ScoreRounding.round(share * 100, decimals: 1))
    }

    static func p(_ p: Double?) -> String {
        guard let p else { return " —" }
        return p < 0.0001 ? " < 0.0001" : " = " + String(format: "%.4f", p)
    }
}
