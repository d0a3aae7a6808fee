import Foundation

/// Every evaluation of one questionnaire (any version) with its overall and dimension scores,
/// by meeting date: whether meetings are getting better. Dimensions are those of the latest
/// version; an evaluation of an older version shows the ones it shares.
public struct ComparisonService<Store: EvaluationStore>: Sendable {
    public let store: Store

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
    }

    public func comparison(questionnaireId id: String) async throws -> Comparison {
        guard QuestionnaireValidator.isIdentifier(id), let latest = try await store.latestQuestionnaire(id: id) else {
            throw DomainError.notFound("No questionnaire with this id.")
        }
        let evaluations = try await store.evaluations()
            .filter { $0.questionnaireId == id }
            .sorted { ($0.meetingDate, $0.createdAt) < ($1.meetingDate, $1.createdAt) }
        let scoring = ScorecardService(store: store)
        var rows: [Row] = []
        for evaluation in evaluations {
            let scorecard = try await scoring.scorecard(for: evaluation)
            rows.append(
                Row(
                    evaluation: evaluation, included: scorecard.responses.included, overall: scorecard.overall.score,
                    grade: scorecard.overall.grade,
                    dimensions: Dictionary(scorecard.dimensions.map { ($0.id, $0.score) }, uniquingKeysWith: { $1 })))
        }
        let questionnaire = latest.questionnaire
        return Comparison(
            questionnaire: questionnaire, dimensions: questionnaire.dimensions.filter { $0.weight != nil }, rows: rows)
    }
}
