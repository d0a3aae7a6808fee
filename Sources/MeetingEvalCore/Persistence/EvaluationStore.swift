import Foundation

/// Everything the application services need from storage, one persistence protocol per kind
/// of thing. Stores persist and read; every rule (versions, the evaluation life cycle, what a
/// submission must satisfy, exclusions, accounts) is decided in Core, inside the store's
/// transaction where atomicity needs it. SQLite (`SQLiteEvaluationStore`) is the embedded
/// default; a second store conforms to the same protocols and passes the same conformance suite.
public protocol EvaluationStore: QuestionnairePersistence, EvaluationPersistence, ResponsePersistence,
    InvitationPersistence, AccountPersistence, AuditPersistence, OrganizationPersistence,
    FollowUpPersistence
{
    /// Proves that the database can be read and written.
    func checkHealth() async throws
}

extension EvaluationStore {
    /// A submission without an invitation code.
    public func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date) async throws
        -> SubmissionOutcome
    {
        try await submit(submission, evaluationId: evaluationId, receivedAt: receivedAt, code: nil)
    }
}
