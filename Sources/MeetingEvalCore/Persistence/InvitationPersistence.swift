import Foundation

/// Invitation codes of evaluations with `access: invitation`. Codes are stored as SHA-256.
public protocol InvitationPersistence: Sendable {
    /// Stores a batch of new codes; throws `conflict` if a code hash already exists.
    func createInvitations(_ batch: InvitationBatch, actor: String) async throws
    /// Counts per batch, venue and rater group: how many codes, how many used.
    func invitationCounts(evaluationId: String) async throws -> [InvitationCount]
    /// The code of an evaluation with this hash, used or not; nil for an unknown code.
    func invitation(codeHash: String, evaluationId: String) async throws -> Invitation?
    /// Withdraws the unused codes of a batch; returns how many. `notFound` for an unknown batch.
    func withdrawInvitations(evaluationId: String, batch: String, actor: String, at: Date) async throws -> Int
}

public struct Invitation: Sendable, Equatable {
    public var venue: String?
    public var raterGroup: String?
    /// Spent by a response, or withdrawn.
    public var used: Bool
    /// Withdrawn by an organizer before anyone used it.
    public var withdrawn: Bool

    public init(venue: String?, raterGroup: String?, used: Bool, withdrawn: Bool) {
        self.venue = venue
        self.raterGroup = raterGroup
        self.used = used
        self.withdrawn = withdrawn
    }
}

public struct InvitationBatch: Sendable, Equatable {
    public var id: String
    public var evaluationId: String
    public var venue: String?
    public var raterGroup: String?
    public var codeHashes: [String]
    public var createdAt: Date

    public init(
        id: String, evaluationId: String, venue: String?, raterGroup: String?, codeHashes: [String], createdAt: Date
    ) {
        self.id = id
        self.evaluationId = evaluationId
        self.venue = venue
        self.raterGroup = raterGroup
        self.codeHashes = codeHashes
        self.createdAt = createdAt
    }
}

public struct InvitationCount: Sendable, Equatable, Codable {
    public var batch: String
    public var venue: String?
    public var raterGroup: String?
    public var createdAt: String
    public var codes: Int
    /// Spent by responses.
    public var used: Int
    /// Withdrawn unused.
    public var withdrawn: Int

    public init(
        batch: String, venue: String?, raterGroup: String?, createdAt: String, codes: Int, used: Int, withdrawn: Int
    ) {
        self.batch = batch
        self.venue = venue
        self.raterGroup = raterGroup
        self.createdAt = createdAt
        self.codes = codes
        self.used = used
        self.withdrawn = withdrawn
    }
}

/// The invitation code that came with a submission, for the response writer: it is marked
/// used in the same transaction that stores the response.
public struct PresentedCode: Sendable, Equatable {
    /// SHA-256 (hex) of the normalized code.
    public var codeHash: String

    public init(codeHash: String) {
        self.codeHash = codeHash
    }
}
