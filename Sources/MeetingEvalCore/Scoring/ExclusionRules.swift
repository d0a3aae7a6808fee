import Foundation

/// An evaluator excludes a response of the evaluation that is not excluded, and includes
/// again one that is.
public enum ExclusionRules {
    public static func check(excluding: Bool, responseExists: Bool, currentlyExcluded: Bool) throws {
        guard responseExists else { throw DomainError.notFound("Unknown response.") }
        if excluding && currentlyExcluded {
            throw DomainError.conflict("This response is already excluded.", code: "already_excluded")
        }
        if !excluding && !currentlyExcluded {
            throw DomainError.conflict("This response is not excluded.", code: "not_excluded")
        }
    }
}

extension ResponsePersistence {
    /// Excludes a response of the evaluation by hand; throws `notFound` for an unknown response
    /// and `conflict` when it is already excluded.
    public func exclude(responseId: String, evaluationId: String, reason: String, actor: String, at: Date)
        async throws -> ManualExclusion
    {
        let exclusion = ManualExclusion(responseId: responseId, reason: reason, actor: actor, at: at)
        try await recordExclusion(exclusion, excluded: true, evaluationId: evaluationId) { exists, excluded in
            try ExclusionRules.check(excluding: true, responseExists: exists, currentlyExcluded: excluded)
        }
        return exclusion
    }

    /// Takes a manual exclusion back; throws `conflict` when the response is not excluded.
    public func include(responseId: String, evaluationId: String, reason: String, actor: String, at: Date)
        async throws
    {
        let exclusion = ManualExclusion(responseId: responseId, reason: reason, actor: actor, at: at)
        try await recordExclusion(exclusion, excluded: false, evaluationId: evaluationId) { exists, excluded in
            try ExclusionRules.check(excluding: false, responseExists: exists, currentlyExcluded: excluded)
        }
    }
}
