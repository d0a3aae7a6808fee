import Foundation

/// The life cycle of an evaluation: `draft` → `open` → `closed`, never back. Opening records
/// when it opened, closing when it closed; asking for the state it is already in changes
/// nothing.
public enum EvaluationLifecycle {
    /// The change that moves `evaluation` to `status` at `now`, nil when it is there already;
    /// throws `conflict` (`wrong_state`) for a move that is not allowed.
    public static func transition(_ evaluation: Evaluation, to status: EvaluationStatus, at now: Date) throws
        -> EvaluationChange?
    {
        let current = evaluation.status
        if current == status { return nil }
        var changed = evaluation
        switch (current, status) {
        case (.draft, .open):
            changed.openedAt = now
        case (.open, .closed):
            changed.closedAt = now
        case (.draft, .closed):
            throw DomainError.conflict("A draft evaluation cannot be closed; open it first.", code: "wrong_state")
        case (_, .draft):
            throw DomainError.conflict("An evaluation never goes back to draft.", code: "wrong_state")
        default:
            throw DomainError.conflict(
                "A closed evaluation cannot be opened again; create a new evaluation instead.", code: "wrong_state")
        }
        changed.status = status
        return EvaluationChange(
            evaluation: changed, action: "evaluation.\(status == .open ? "opened" : "closed")",
            detail: ["from": current.rawValue, "to": status.rawValue])
    }
}

extension EvaluationPersistence {
    /// Moves an evaluation to `status` by the rules of `EvaluationLifecycle`, decided inside the
    /// store's transaction; throws `DomainError.conflict` for a transition that is not allowed.
    public func setStatus(_ status: EvaluationStatus, evaluationId: String, actor: String, at now: Date) async throws
        -> Evaluation
    {
        try await changeEvaluation(id: evaluationId, actor: actor, at: now) { current in
            try EvaluationLifecycle.transition(current, to: status, at: now)
        }
    }
}
