import Foundation

/// The computed, weighted report of one evaluation. Every score is already rounded (two
/// decimals, half away from zero); `weight` fields are normalized within their level.
public struct Scorecard: Sendable, Equatable {
    public var evaluation: Facts
    public var questionnaire: QuestionnaireRef
    /// The locale of every label and title in the scorecard.
    public var locale: String
    public var generatedAt: Date
    public var screening: ScreeningSettings
    public var responses: Tally
    public var overall: Overall
    public var dimensions: [DimensionScore]
    public var questions: [QuestionScore]
    public var raterGroups: [GroupScore]
    public var venues: [VenueScore]
    /// The comments kept in memory: all of them unless the builder had a `commentLimit`.
    public var comments: [Comment]
    /// Every comment of the included responses, kept or not.
    public var commentCount: Int
    /// Manual exclusions in force, oldest first.
    public var exclusions: [ManualExclusion]
    /// Every exclusion and re-inclusion of the evaluation, oldest first (from the audit log).
    /// Set by the store that read them.
    public var exclusionHistory: [ExclusionEvent] = []
    /// SHA-256 (hex) over the included responses, in receipt order, one line each:
    /// `<response id> <content digest>\n`. Set by the store that read them.
    public var includedResponsesDigest: String?
    /// The previous evaluation of the same questionnaire (by meeting date) and this one's
    /// change from it; set by the service when the report asks for it.
    public var previous: PreviousEvaluation? = nil
    /// What the numbers say, by the rules of `FindingRules` (docs/scoring.md §11); set by the
    /// service once the scorecard is complete.
    public var findings: [Finding] = []
    /// What the meeting did, checked against its standard (docs/scoring.md §12); nil while no
    /// facts are recorded. Set by the service.
    public var meetingFacts: MeetingFactsAssessment? = nil
    /// The survey's overall and the facts score combined by the evaluation's index; nil
    /// without an index, facts or either score.
    public var combined: Combined? = nil

    public struct Combined: Sendable, Equatable {
        public var score: Double
        public var grade: String?
        public var index: ScoreIndex
        /// The two inputs, as reported.
        public var survey: Double
        public var facts: Double

        public init(score: Double, grade: String?, index: ScoreIndex, survey: Double, facts: Double) {
            self.score = score
            self.grade = grade
            self.index = index
            self.survey = survey
            self.facts = facts
        }
    }
    /// The follow-up of the meeting's decisions (督办) as of `generatedAt`; nil without tasks
    /// or when not asked for (`ScorecardExtras.followUp`).
    public var followUp: FollowUpSummary? = nil
    /// The observers' checklists, scored apart from the survey; nil when the evaluation has no
    /// observer group (`ObservationScoring`).
    public var observation: ObservationSection? = nil

    public struct Facts: Sendable, Equatable {
        public var id: String
        public var title: String
        public var meetingType: MeetingType
        public var meetingDate: String
        public var status: EvaluationStatus
        /// Client, assessor and report number, for the report's cover.
        public var report: ReportSettings = ReportSettings()
        /// The evaluator's opinion; nil while the report is a draft.
        public var opinion: EvaluationOpinion? = nil
    }

    /// The evaluation before this one, as the comparison of the questionnaire sees it.
    public struct PreviousEvaluation: Sendable, Equatable, Codable {
        public var id: String
        public var title: String
        public var meetingDate: String
        public var score: Double?
        public var grade: String?
        /// This overall minus the previous one, score points, 2 decimals.
        public var difference: Double?
        /// Two-sided p of the difference under the normal approximation of both intervals.
        public var p: Double?

        public init(id: String, title: String, meetingDate: String, score: Double?, grade: String?, difference: Double?, p: Double?) {
            self.id = id
            self.title = title
            self.meetingDate = meetingDate
            self.score = score
            self.grade = grade
            self.difference = difference
            self.p = p
        }
    }

    /// A venue's responses against the respondents expected there.
    public struct VenueResponse: Sendable, Equatable, Codable {
        /// Responses received from the venue, included or not.
        public var received: Int
        public var expected: Int?
        /// `received / expected`, four decimals; nil without an expected number.
        public var rate: Double?
        /// The rate is below `FindingRules.lowResponseRate`.
        public var low: Bool

        public init(received: Int, expected: Int?) {
            self.received = received
            self.expected = expected
            rate = expected.flatMap { $0 > 0 ? ScoreRounding.round(Double(received) / Double($0), decimals: 4) : nil }
            low = rate.map { $0 < FindingRules.lowResponseRate } ?? false
        }
    }

    public struct QuestionnaireRef: Sendable, Equatable {
        public var id: String
        public var version: Int
        public var title: String
    }

    public struct Tally: Sendable, Equatable {
        public var received: Int
        public var included: Int
        /// Excluded responses by reason; a response excluded for two reasons counts under both.
        public var excluded: [ExclusionReason: Int]
        /// Responses left out of the scores (`received − included`).
        public var excludedTotal: Int
        /// Flags raised, whether or not the evaluation excludes flagged responses.
        public var flagged: [ExclusionReason: Int]
        public var expected: Int?
        /// `received / expected`, four decimals.
        public var responseRate: Double?
    }

    public struct Overall: Sendable, Equatable {
        public var score: Double?
        public var grade: String?
        /// 95 % confidence interval; nil when some rater group present has fewer than 2 composites.
        public var ci95: [Double]?
        /// The probability that the true overall lies in the grade's band, 4 decimals (§9).
        public var gradeConfidence: Double? = nil
        public var n: Int
    }

    public struct DimensionScore: Sendable, Equatable {
        public var id: String
        public var title: String
        public var weight: Double
        public var score: Double?
        /// Included responses that scored at least one question of the dimension.
        public var n: Int
        /// Cronbach's α over the dimension's rating questions, two decimals; nil when not defined.
        public var alpha: Double?
        /// Responses that scored every rating question of the dimension (α's sample).
        public var alphaN: Int
        /// The range of this dimension's weight over which the grade stays the same (§9).
        public var gradeStableWeight: WeightRange? = nil
    }

    public struct WeightRange: Sendable, Equatable {
        public var low: Double
        public var high: Double

        public init(low: Double, high: Double) {
            self.low = low
            self.high = high
        }
    }

    /// A venue or rater group against every other included response (§9).
    public struct Comparison: Sendable, Equatable {
        public enum Flag: String, Sendable {
            case below, above, none
        }

        /// Score points, 2 decimals.
        public var difference: Double?
        /// Score points, 2 decimals.
        public var ci95: [Double]?
        public var p: Double?
        /// Holm-adjusted across the venues (or rater groups) that have a p.
        public var pAdjusted: Double?
        public var flag: Flag?

        public init(
            difference: Double? = nil, ci95: [Double]? = nil, p: Double? = nil, pAdjusted: Double? = nil,
            flag: Flag? = nil
        ) {
            self.difference = difference
            self.ci95 = ci95
            self.p = p
            self.pAdjusted = pAdjusted
            self.flag = flag
        }

        public static let undefined = Comparison()
    }

    public struct QuestionScore: Sendable, Equatable {
        public var id: String
        public var dimension: String
        public var type: QuestionType
        public var text: String
        /// Normalized within the dimension; nil for unscored questions.
        public var weight: Double?
        /// The rater-group-weighted score s(q); nil for unscored questions or no scores.
        public var score: Double?
        /// Plain mean of the answer scores.
        public var mean: Double?
        /// Responses that scored it (scored questions) or answered it (others).
        public var n: Int
        /// Sample standard deviation of the answer scores; nil below 2 scores.
        public var sd: Double?
        public var notApplicable: Int
        /// Count per scale point or option id, in scale or option order; only answers given.
        public var distribution: [(key: String, count: Int)]

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.id == rhs.id && lhs.dimension == rhs.dimension && lhs.type == rhs.type && lhs.text == rhs.text
                && lhs.weight == rhs.weight && lhs.score == rhs.score && lhs.mean == rhs.mean && lhs.n == rhs.n
                && lhs.sd == rhs.sd && lhs.notApplicable == rhs.notApplicable
                && lhs.distribution.map(\.key) == rhs.distribution.map(\.key)
                && lhs.distribution.map(\.count) == rhs.distribution.map(\.count)
        }
    }

    public struct GroupScore: Sendable, Equatable {
        public var id: String
        public var name: String
        /// The configured weight, normalized over every rater group of the evaluation.
        public var weight: Double
        /// The weight actually applied: normalized over the groups that have a score; nil without one.
        public var appliedWeight: Double?
        public var n: Int
        public var score: Double?
        public var dimensions: [PartScore]
        public var comparison: Comparison = .undefined
    }

    public struct VenueScore: Sendable, Equatable {
        public var id: String
        public var name: String
        public var n: Int
        public var score: Double?
        public var grade: String?
        public var dimensions: [PartScore]
        public var comparison: Comparison = .undefined
        public var response = VenueResponse(received: 0, expected: nil)
    }

    public struct PartScore: Sendable, Equatable {
        public var id: String
        public var score: Double?
    }

    public struct Comment: Sendable, Equatable {
        public var question: String
        public var venue: String?
        public var raterGroup: String?
        public var text: String
        /// For the text given with an `other` option: that option's id; nil for a text question.
        public var option: String?

        public init(question: String, venue: String?, raterGroup: String?, text: String, option: String? = nil) {
            self.question = question
            self.venue = venue
            self.raterGroup = raterGroup
            self.text = text
            self.option = option
        }
    }
}

/// Why a response is left out of the scores.
public enum ExclusionReason: String, Sendable, CaseIterable, Codable {
    case speeder, straightLining, manual
}

/// An evaluator's decision to leave a response out, with the reason they gave.
public struct ManualExclusion: Sendable, Equatable {
    public var responseId: String
    public var reason: String
    public var actor: String
    public var at: Date

    public init(responseId: String, reason: String, actor: String, at: Date) {
        self.responseId = responseId
        self.reason = reason
        self.actor = actor
        self.at = at
    }
}

/// A stored response as the scoring reads it: raw columns, no parsing done yet.
public struct RecordedResponse: Sendable, Equatable {
    public var id: String
    public var venue: String?
    public var raterGroup: String?
    /// The canonical answers JSON.
    public var answersJSON: String
    /// ISO 8601 texts as stored.
    public var startedAt: String?
    public var receivedAt: String
    public var locale: String?
    public var contentDigest: String

    public init(
        id: String, venue: String?, raterGroup: String?, answersJSON: String, startedAt: String?, receivedAt: String,
        locale: String? = nil, contentDigest: String
    ) {
        self.id = id
        self.venue = venue
        self.raterGroup = raterGroup
        self.answersJSON = answersJSON
        self.startedAt = startedAt
        self.receivedAt = receivedAt
        self.locale = locale
        self.contentDigest = contentDigest
    }
}
