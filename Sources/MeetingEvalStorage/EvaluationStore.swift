import Foundation
import MeetingEvalCore

/// Everything the server needs from storage. SQLite (`SQLiteEvaluationStore`) is the embedded
/// default; the protocol keeps the door open for a PostgreSQL store shared by several servers.
public protocol EvaluationStore: AccountStore, InvitationStore {
    // Questionnaires: immutable versions.
    func save(_ questionnaire: Questionnaire, source: String, actor: String) async throws -> SavedQuestionnaire
    func questionnaireSummaries() async throws -> [QuestionnaireSummary]
    func latestQuestionnaire(id: String) async throws -> StoredQuestionnaire?
    func questionnaire(id: String, version: Int) async throws -> StoredQuestionnaire?

    // Evaluations.
    func createEvaluation(_ evaluation: Evaluation, actor: String) async throws
    func evaluations() async throws -> [Evaluation]
    func evaluation(id: String) async throws -> Evaluation?
    func evaluation(slug: String) async throws -> Evaluation?
    /// Moves an evaluation to `status`; throws `DomainError.conflict` for a transition that is not allowed.
    func setStatus(_ status: EvaluationStatus, evaluationId: String, actor: String, at: Date) async throws -> Evaluation
    func counts(evaluationId: String) async throws -> ResponseCounts
    func counts(evaluationIds: [String]) async throws -> [String: ResponseCounts]

    // Responses: append-only.
    /// Stores a validated submission exactly once. Returns `.replayed` for the same id with the
    /// same content; throws `DomainError.conflict` for the same id with other content, or when
    /// the evaluation does not accept responses at `receivedAt`. For an evaluation with
    /// `access: invitation`, `code` must be an unused code of it: it is marked used in the
    /// transaction that stores the response (`conflict` with code `code_used` when it was used).
    func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date, code: PresentedCode?)
        async throws -> SubmissionOutcome
    func responses(evaluationId: String) async throws -> [StoredResponse]

    /// Runs `body` over every response of an evaluation in receipt order (`receivedAt`, `id`),
    /// inside one read transaction: a consistent snapshot, one row in memory at a time.
    func withResponses<T: Sendable>(
        evaluationId: String, _ body: @escaping @Sendable (any RecordedResponseCursor) throws -> T
    ) async throws -> T
    /// One page of responses in receipt order, after `position` (exclusive), for streamed exports.
    func responsePage(evaluationId: String, after position: ResponsePosition?, limit: Int) async throws
        -> [RecordedResponse]

    // Screening: manual exclusions, kept as append-only events.
    /// Excludes a response of the evaluation by hand; throws `notFound` for an unknown response
    /// and `conflict` when it is already excluded.
    func exclude(responseId: String, evaluationId: String, reason: String, actor: String, at: Date) async throws
        -> ManualExclusion
    /// Takes a manual exclusion back; throws `conflict` when the response is not excluded.
    func include(responseId: String, evaluationId: String, reason: String, actor: String, at: Date) async throws
    /// Manual exclusions in force, oldest first.
    func manualExclusions(evaluationId: String) async throws -> [ManualExclusion]

    /// Audit trail of state changes, oldest first.
    func auditEvents(entityId: String?) async throws -> [AuditEvent]

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

/// Reads responses one at a time.
public protocol RecordedResponseCursor: AnyObject {
    func next() throws -> RecordedResponse?
}

/// Where a page of responses ended: receipt time and id of its last response.
public struct ResponsePosition: Sendable, Equatable {
    public var receivedAt: String
    public var id: String

    public init(receivedAt: String, id: String) {
        self.receivedAt = receivedAt
        self.id = id
    }

    public init(after response: RecordedResponse) {
        self.init(receivedAt: response.receivedAt, id: response.id)
    }
}

public struct SavedQuestionnaire: Sendable, Equatable {
    public var id: String
    public var version: Int
    /// False when an identical version was already stored.
    public var created: Bool
    /// The version number the definition asked for, when another was assigned.
    public var requestedVersion: Int
}

public struct StoredQuestionnaire: Sendable {
    public var questionnaire: Questionnaire
    /// SHA-256 (hex) of the canonical JSON definition.
    public var digest: String
    public var source: String?
    public var createdAt: Date
}

public struct QuestionnaireSummary: Sendable, Equatable {
    public var id: String
    public var latestVersion: Int
    public var versions: [Int]
    public var title: LocalizedText
    public var meetingType: MeetingType
    public var locales: [String]
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
}

public struct StoredResponse: Sendable, Equatable {
    public var id: String
    public var evaluationId: String
    public var venue: String?
    public var raterGroup: String?
    /// Canonical JSON of the answers.
    public var answersJSON: String
    public var startedAt: Date?
    public var receivedAt: Date
    public var locale: String?
}

public enum SubmissionOutcome: Sendable, Equatable {
    case created(StoredResponse)
    /// The same id with the same content was stored before: nothing new was written.
    case replayed(StoredResponse)

    public var response: StoredResponse {
        switch self {
        case .created(let response), .replayed(let response): return response
        }
    }
}

/// One recorded action: who did what to which entity, when. Stored append-only.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var id: Int64?
    public var at: Date
    public var actor: String
    public var action: String
    public var entityType: String
    public var entityId: String
    /// JSON object with details of the action.
    public var detail: String?

    private enum CodingKeys: String, CodingKey {
        case id, at, actor, action, entityType, entityId, detail
    }

    public init(
        id: Int64? = nil, at: Date, actor: String, action: String, entityType: String, entityId: String,
        detail: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.detail = detail
    }

    /// Times are ISO 8601 text, in the database as in JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        let text = try container.decode(String.self, forKey: .at)
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .at, in: container, debugDescription: "not an ISO 8601 time")
        }
        at = date
        actor = try container.decode(String.self, forKey: .actor)
        action = try container.decode(String.self, forKey: .action)
        entityType = try container.decode(String.self, forKey: .entityType)
        entityId = try container.decode(String.self, forKey: .entityId)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(Timestamp.format(at), forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(entityType, forKey: .entityType)
        try container.encode(entityId, forKey: .entityId)
        try container.encodeIfPresent(detail, forKey: .detail)
    }
}
