import Foundation

/// Invitation codes of evaluations with `access: invitation`: made in batches (bound to a
/// venue and rater group when asked), shown once and stored only as digests; a batch's unused
/// codes can be withdrawn.
public struct InvitationService<Store: EvaluationStore>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Most codes in one batch.
    public static var maxBatch: Int { 5000 }

    /// A new batch and its codes in clear text (the only time they exist outside a printed sheet).
    public struct MadeBatch: Sendable {
        public var batch: InvitationBatch
        public var codes: [String]
    }

    /// Makes `count` new codes for an evaluation. The body's fields were read by the caller
    /// into `issues`; every problem is listed at once.
    public func makeBatch(
        for evaluation: Evaluation, count: Int?, venue: String?, raterGroup: String?, issues: IssueCollector,
        actor: String
    ) async throws -> MadeBatch {
        try requireBatches(for: evaluation)
        if let count, !(1...Self.maxBatch).contains(count) {
            issues.error(.root.appending("count"), "must be a whole number from 1 to \(Self.maxBatch)")
        }
        if let venue, !evaluation.venues.contains(where: { $0.id == venue }) {
            issues.error(.root.appending("venue"), "is not a venue of this evaluation")
        }
        if let raterGroup, !evaluation.raterGroups.contains(where: { $0.id == raterGroup }) {
            issues.error(.root.appending("raterGroup"), "is not a rater group of this evaluation")
        }
        guard let count, !issues.hasErrors else {
            throw DomainError.invalid("The request has \(issues.errors.count) problem(s).", issues.errors)
        }
        var codes = Set<String>()
        while codes.count < count { codes.insert(InvitationCode.random()) }
        let ordered = codes.sorted()
        let batch = InvitationBatch(
            id: UUID().uuidString.lowercased(), evaluationId: evaluation.id, venue: venue, raterGroup: raterGroup,
            codeHashes: ordered.map { Secrets.sha256(InvitationCode.normalize($0)!) }, createdAt: Date())
        try await store.createInvitations(batch, actor: actor)
        return MadeBatch(batch: batch, codes: ordered)
    }

    /// An evaluation takes new codes only when it needs them and is not closed.
    public func requireBatches(for evaluation: Evaluation) throws {
        guard evaluation.access == .invitation else {
            throw DomainError.conflict(
                "This evaluation is open to anyone with its link; it takes no invitation codes.", code: "wrong_state")
        }
        guard evaluation.status != .closed else {
            throw DomainError.conflict("This evaluation is closed.", code: "wrong_state")
        }
    }

    /// Withdraws the unused codes of a batch; returns how many.
    public func withdraw(batch: String, of evaluation: Evaluation, actor: String) async throws -> Int {
        let batch = batch.lowercased()
        guard batch.utf8.count <= 64 else { throw DomainError.notFound("No such batch of invitation codes.") }
        return try await store.withdrawInvitations(evaluationId: evaluation.id, batch: batch, actor: actor, at: Date())
    }
}
