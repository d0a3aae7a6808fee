import Foundation
import MeetingEvalCore
import MeetingEvalStorage

extension ScorecardService {
    /// Every manual exclusion and re-inclusion of the evaluation, oldest first, read from the
    /// audit log (`response.excluded` and `response.included` events, whose details hold the
    /// response and the reason).
    public func exclusionHistory(evaluationId: String) async throws -> [ExclusionEvent] {
        try await store.auditEvents(entityId: evaluationId).compactMap { event in
            let action: ExclusionEvent.Action
            switch event.action {
            case "response.excluded": action = .excluded
            case "response.included": action = .included
            default: return nil
            }
            guard let detail = event.detail, let node = try? DocumentNode.parseJSON(Data(detail.utf8)),
                case .string(let response)? = node["response"]?.value
            else { return nil }
            var reason = ""
            if case .string(let text)? = node["reason"]?.value { reason = text }
            return ExclusionEvent(
                action: action, responseId: response, reason: reason, actor: event.actor, at: event.at)
        }
    }
}
