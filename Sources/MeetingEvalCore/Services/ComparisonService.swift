import Foundation

/// Every evaluation of one questionnaire (any version) with its overall and dimension scores,
/// by meeting date: whether meetings are getting better. Dimensions are those of the latest
/// version; an evaluation of an older version shows the ones it shares.
public struct ComparisonService<Store: EvaluationStore>: Sendable {
    public let store: Store
    /// The report time zone, in which the follow-up's deadlines are read.
    public var timeZone: TimeZone = FollowUpRules.defaultTimeZone

    public init(store: Store) {
        self.store = store
    }

    public struct Comparison: Sendable {
        public var questionnaire: Questionnaire
        /// The weighted dimensions of the latest version.
        public var dimensions: [Dimension]
        public var rows: [Row]
    }

    public struct Row: Sendable {
        public var evaluation: Evaluation
        public var included: Int
        public var overall: Double?
        public var grade: String?
        public var dimensions: [String: Double?]
        /// The reported 95 % interval of the overall.
        public var ci95: [Double]?
        /// Against the previous row by meeting date; nil for the first row.
        public var changeFromPrevious: Change?
        /// The follow-up of its decisions now: implementation rate and on-time share.
        public var followUp: FollowUpFigures? = nil
    }

    /// This meeting's overall minus the previous one's, under the normal approximation of the
    /// two reported intervals (docs/scoring.md §9); every field nil when either interval is.
    public struct Change: Sendable, Equatable {
        /// Score points, 2 decimals.
        public var difference: Double?
        public var ci95: [Double]?
        /// Two-sided, 4 decimals.
        public var p: Double?
        /// p < 0.05.
        public var significant: Bool?

        public init(current: (score: Double?, ci95: [Double]?), previous: (score: Double?, ci95: [Double]?)) {
            func estimate(_ part: (score: Double?, ci95: [Double]?)) -> ScoreInference.Estimate? {
                guard let score = part.score, let ci95 = part.ci95, ci95.count == 2 else { return nil }
                return ScoreInference.Estimate(score: score, se: (ci95[1] - ci95[0]) / 3.92)
            }
            let change = ScoreInference.Difference(estimate(current), estimate(previous))
            difference = change.difference.map { ScoreRounding.round($0) }
            ci95 = change.ci95?.map { ScoreRounding.round($0) }
            p = change.p.map { ScoreRounding.round($0, decimals: 4) }
            significant = p.map { $0 < 0.05 }
        }
    }

    /// The comparison of the evaluations `scope` sees (archived ones left out); `notFound` for
    /// a questionnaire `scope` does not see.
    public func comparison(questionnaireId id: String, scope: AccessScope = .everything) async throws -> Comparison {
        let latest = try await QuestionnaireService(store: store).latest(id: id, scope: scope)
        let evaluations = try await EvaluationService(store: store).visible(scope: scope, archived: false)
            .filter { $0.questionnaireId == id }
            .sorted { ($0.meetingDate, $0.createdAt) < ($1.meetingDate, $1.createdAt) }
        let scoring = ScorecardService(store: store)
        let followUp = try await FollowUpService(store: store, timeZone: timeZone).rates(of: evaluations)
        var rows: [Row] = []
        for evaluation in evaluations {
            let scorecard = try await scoring.scorecard(for: evaluation)
            rows.append(
                Row(
                    evaluation: evaluation, included: scorecard.responses.included, overall: scorecard.overall.score,
                    grade: scorecard.overall.grade,
                    dimensions: Dictionary(scorecard.dimensions.map { ($0.id, $0.score) }, uniquingKeysWith: { $1 }),
                    ci95: scorecard.overall.ci95,
                    changeFromPrevious: rows.last.map { previous in
                        Change(
                            current: (scorecard.overall.score, scorecard.overall.ci95),
                            previous: (previous.overall, previous.ci95))
                    }, followUp: followUp[evaluation.id]))
        }
        let questionnaire = latest.questionnaire
        return Comparison(
            questionnaire: questionnaire, dimensions: questionnaire.dimensions.filter { $0.weight != nil }, rows: rows)
    }
}
