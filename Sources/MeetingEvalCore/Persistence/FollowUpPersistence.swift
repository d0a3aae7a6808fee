import Foundation

/// The follow-up of an evaluation's decisions: its tasks, the units' status reports (append
/// only), the units' links (token digests) and the follow-up rounds' offsets. Every rule is
/// Core's `FollowUpRules`; where a rule must hold at the moment of writing, the store calls
/// the closure it is given inside its transaction.
public protocol FollowUpPersistence: Sendable {
    /// The evaluation's tasks by position.
    func followUpTasks(evaluationId: String) async throws -> [FollowUpTask]
    /// Adds tasks after the existing ones, all or none: `decide` gets the tasks stored now and
    /// returns the rows to insert (it numbers them and checks the limits). Audited as
    /// `followUp.tasksAdded`.
    func addFollowUpTasks(
        evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable (_ existing: [FollowUpTask]) throws -> [FollowUpTask]
    ) async throws -> [FollowUpTask]
    /// Changes one task: `change` gets it and how many reports it has, and returns it changed.
    /// `notFound` for a task of another evaluation. Audited with before and after.
    func changeFollowUpTask(
        id: String, evaluationId: String, actor: String, at now: Date,
        _ change: @escaping @Sendable (FollowUpTask, _ reports: Int) throws -> FollowUpTask
    ) async throws -> FollowUpTask
    /// Deletes one task after `decide` allowed it. Audited with the task.
    func deleteFollowUpTask(
        id: String, evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable (FollowUpTask, _ reports: Int) throws -> Void
    ) async throws
    /// Every report of the evaluation, in the order stored.
    func followUpReports(evaluationId: String) async throws -> [FollowUpReport]
    /// Appends one report: `decide` gets the evaluation's tasks as stored in the same
    /// transaction and throws when the report may not be stored. Returns it with its id.
    func addFollowUpReport(
        _ report: FollowUpReport, _ decide: @escaping @Sendable (_ tasks: [FollowUpTask]) throws -> Void
    ) async throws -> FollowUpReport
    /// The evaluation's unit links (their digests), by unit.
    func followUpLinks(evaluationId: String) async throws -> [FollowUpLink]
    /// Stores a unit's link, replacing the unit's earlier one. Audited as `followUp.linkIssued`.
    func issueFollowUpLink(_ link: FollowUpLink, actor: String) async throws
    /// The link with this token digest, of any evaluation; nil for none.
    func followUpLink(tokenHash: String) async throws -> FollowUpLink?
    /// The follow-up rounds' offsets in days from the meeting date; nil when never set.
    func followUpOffsets(evaluationId: String) async throws -> [Int]?
    /// Sets the offsets. Audited with before and after.
    func setFollowUpOffsets(_ offsets: [Int], evaluationId: String, actor: String, at now: Date) async throws
}
