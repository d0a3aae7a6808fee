import Foundation

/// Evaluators' manual exclusions: a response is excluded with a reason, and may be included
/// again (`ExclusionRules`, decided inside the store's transaction).
public struct ScreeningService<Store: EvaluationStore>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    public static var maxReasonLength: Int { 500 }

    /// Excludes a response. `reason` is the parsed body (`{"reason"}`, required).
    public func exclude(responseId: String, of evaluation: Evaluation, body: DocumentNode, actor: String) async throws
        -> ManualExclusion
    {
        let id = try Self.responseId(responseId)
        guard let reason = try Self.reason(body, required: true) else {
            throw DomainError.invalid("Give a reason.", [ValidationIssue(path: "reason", message: "is required")])
        }
        return try await store.exclude(
            responseId: id, evaluationId: evaluation.id, reason: reason, actor: actor, at: Timestamp.now())
    }

    /// Includes an excluded response again. `body` is nil when the request had none (the reason
    /// is optional).
    public func include(responseId: String, of evaluation: Evaluation, body: DocumentNode?, actor: String) async throws
        -> ManualExclusion
    {
        let id = try Self.responseId(responseId)
        let reason = try body.flatMap { try Self.reason($0, required: false) } ?? ""
        let now = Timestamp.now()
        try await store.include(responseId: id, evaluationId: evaluation.id, reason: reason, actor: actor, at: now)
        return ManualExclusion(responseId: id, reason: reason, actor: actor, at: now)
    }

    static func responseId(_ raw: String) throws -> String {
        guard let uuid = UUID(uuidString: raw) else { throw DomainError.notFound("Unknown response.") }
        return uuid.uuidString.lowercased()
    }

    static func reason(_ body: DocumentNode, required: Bool) throws -> String? {
        switch ExclusionRequest.read(body, required: required, maxLength: maxReasonLength) {
        case .success(let reason): return reason
        case .failure(let list):
            throw DomainError.invalid("The request has \(list.issues.count) problem(s).", list.issues)
        }
    }
}
