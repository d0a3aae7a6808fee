import Foundation

/// Responses (append-only) and the evaluators' manual exclusions (append-only events).
///
/// A submission is checked inside the transaction that stores it, in arrival order, by the
/// rules of `SubmissionRules` (Core): a replay or a conflicting id, the evaluation's state at
/// that moment, the invitation code. The store reads what the rules need and writes what they
/// decide; it decides nothing itself.
public protocol ResponsePersistence: Sendable {
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

    /// Inside one write transaction: reads whether the response belongs to the evaluation and
    /// whether it is excluded now, asks `decide` (which throws when the change is not allowed),
    /// then records the exclusion (`excluded: true`) or re-inclusion event with its audit event.
    func recordExclusion(
        _ exclusion: ManualExclusion, excluded: Bool, evaluationId: String,
        decide: @escaping @Sendable (_ responseExists: Bool, _ currentlyExcluded: Bool) throws -> Void
    ) async throws
    /// Manual exclusions in force, oldest first.
    func manualExclusions(evaluationId: String) async throws -> [ManualExclusion]
    /// Every exclusion and re-inclusion event of the evaluation, oldest first.
    func exclusionEvents(evaluationId: String) async throws -> [ExclusionEvent]
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

    public init(
        id: String, evaluationId: String, venue: String?, raterGroup: String?, answersJSON: String,
        startedAt: Date?, receivedAt: Date, locale: String?
    ) {
        self.id = id
        self.evaluationId = evaluationId
        self.venue = venue
        self.raterGroup = raterGroup
        self.answersJSON = answersJSON
        self.startedAt = startedAt
        self.receivedAt = receivedAt
        self.locale = locale
    }
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
