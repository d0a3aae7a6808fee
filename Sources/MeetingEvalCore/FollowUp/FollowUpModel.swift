import Foundation

/// One decision of the meeting summary (纪要) to be carried out (督办事项): what, by which
/// responsible unit, by when.
public struct FollowUpTask: Sendable, Equatable {
    /// Random, lowercase UUID.
    public var id: String
    public var evaluationId: String
    /// 1-based place in the evaluation's list, as entered or imported.
    public var position: Int
    public var text: String
    /// The responsible unit's name (责任单位), as written in the summary.
    public var unit: String
    /// The last day allowed, `YYYY-MM-DD`.
    public var deadline: String
    public var createdAt: Date

    public init(
        id: String, evaluationId: String, position: Int, text: String, unit: String, deadline: String,
        createdAt: Date
    ) {
        self.id = id
        self.evaluationId = evaluationId
        self.position = position
        self.text = text
        self.unit = unit
        self.deadline = deadline
        self.createdAt = createdAt
    }
}

/// What a responsible unit says of a task.
public enum FollowUpStatus: String, Sendable, CaseIterable, Codable {
    case done
    case inProgress = "in_progress"
    /// Needs a reason.
    case blocked
}

/// One status report of a unit on one of its tasks. Reports are only ever added: the latest
/// one is the task's status, and the history gives the status at any earlier moment.
public struct FollowUpReport: Sendable, Equatable {
    /// Assigned by the store, in the order reports were stored.
    public var id: Int64?
    public var evaluationId: String
    public var taskId: String
    public var unit: String
    public var status: FollowUpStatus
    /// Why the task is blocked (required for `blocked`, absent otherwise).
    public var reason: String?
    /// What the unit gives as evidence (documents issued, meetings held …), free text.
    public var evidence: String?
    public var reportedAt: Date

    public init(
        id: Int64? = nil, evaluationId: String, taskId: String, unit: String, status: FollowUpStatus,
        reason: String?, evidence: String?, reportedAt: Date
    ) {
        self.id = id
        self.evaluationId = evaluationId
        self.taskId = taskId
        self.unit = unit
        self.status = status
        self.reason = reason
        self.evidence = evidence
        self.reportedAt = reportedAt
    }
}

/// A responsible unit's link: only the SHA-256 of its token is stored. Issuing a new one for
/// the same unit replaces the old one, which stops working at once.
public struct FollowUpLink: Sendable, Equatable {
    public var evaluationId: String
    public var unit: String
    public var tokenHash: String
    public var issuedAt: Date

    public init(evaluationId: String, unit: String, tokenHash: String, issuedAt: Date) {
        self.evaluationId = evaluationId
        self.unit = unit
        self.tokenHash = tokenHash
        self.issuedAt = issuedAt
    }
}
