import Foundation

/// Evaluations and their response counts. Which changes an evaluation may undergo (the
/// draft → open → closed life cycle) is decided in Core (`EvaluationLifecycle`), inside the
/// store's transaction through `changeEvaluation`.
public protocol EvaluationPersistence: Sendable {
    /// Stores a new evaluation with an `evaluation.created` audit event.
    func createEvaluation(_ evaluation: Evaluation, actor: String) async throws
    /// Every evaluation, newest first.
    func evaluations() async throws -> [Evaluation]
    func evaluation(id: String) async throws -> Evaluation?
    func evaluation(slug: String) async throws -> Evaluation?
    /// Reads the evaluation inside one write transaction and hands it to `change`, which
    /// decides (and may throw). When it returns a change, the changed evaluation is stored with
    /// the change's audit event by `actor`, in the same transaction; when it returns nil,
    /// nothing is written. Every field of the changed evaluation is stored (only its id, slug
    /// and creation time stay). Returns the evaluation as stored afterwards; `notFound` for an
    /// unknown id.
    func changeEvaluation(
        id: String, actor: String, at: Date,
        _ change: @escaping @Sendable (Evaluation) throws -> EvaluationChange?
    ) async throws -> Evaluation
    /// Reads the evaluation and how many responses and invitation codes it holds inside one
    /// write transaction and hands them to `decide`, which may throw; then deletes it, with an
    /// `evaluation.deleted` audit event carrying the detail `decide` returns. `notFound` for an
    /// unknown id.
    func deleteEvaluation(
        id: String, actor: String, at: Date,
        _ decide: @escaping @Sendable (Evaluation, _ responses: Int, _ invitations: Int) throws -> [String: String]
    ) async throws
    func counts(evaluationId: String) async throws -> ResponseCounts
    func counts(evaluationIds: [String]) async throws -> [String: ResponseCounts]
}

/// A decided change of an evaluation: the new state and the audit event that records it.
public struct EvaluationChange: Sendable, Equatable {
    public var evaluation: Evaluation
    public var action: String
    public var detail: [String: String]

    public init(evaluation: Evaluation, action: String, detail: [String: String]) {
        self.evaluation = evaluation
        self.action = action
        self.detail = detail
    }
}

/// Live response counts of one evaluation.
public struct ResponseCounts: Sendable, Equatable, Codable {
    public var responses: Int
    public var byVenue: [String: Int]
    public var byRaterGroup: [String: Int]

    public init(responses: Int = 0, byVenue: [String: Int] = [:], byRaterGroup: [String: Int] = [:]) {
        self.responses = responses
        self.byVenue = byVenue
        self.byRaterGroup = byRaterGroup
    }

    /// Adds `count` responses of one venue and rater group (a row of a store's grouped count).
    public mutating func add(_ count: Int, venue: String?, raterGroup: String?) {
        responses += count
        if let venue { byVenue[venue, default: 0] += count }
        if let raterGroup { byRaterGroup[raterGroup, default: 0] += count }
    }
}
