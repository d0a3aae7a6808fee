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

    /// The anonymity threshold of anonymous evaluations: the fewest codes in a batch, and the
    /// fewest used codes of a venue or rater group before its used count is shown. A smaller
    /// batch, or a count per batch, would let whoever hands out the codes see which batch (and
    /// so which person) a new response came from.
    public static var anonymityThreshold: Int { 5 }

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
        // An observer is not an anonymous attendee: one code for one venue's observer is fine.
        let observers = ObservationRules.observerGroup(evaluation, id: raterGroup)
        let fewest = evaluation.anonymous && observers == nil ? Self.anonymityThreshold : 1
        if let count, !(fewest...Self.maxBatch).contains(count) {
            issues.error(
                .root.appending("count"),
                evaluation.anonymous
                    ? "must be a whole number from \(fewest) to \(Self.maxBatch): an anonymous evaluation's batches hold at least \(fewest) codes, so that no batch stands for one person"
                    : "must be a whole number from 1 to \(Self.maxBatch)")
        }
        if let venue, !evaluation.venues.contains(where: { $0.id == venue }) {
            issues.error(.root.appending("venue"), "is not a venue of this evaluation")
        }
        if let raterGroup, !evaluation.raterGroups.contains(where: { $0.id == raterGroup }) {
            issues.error(.root.appending("raterGroup"), "is not a rater group of this evaluation")
        }
        if let issue = ObservationRules.checkCodeBatch(venue: venue, raterGroup: observers) {
            issues.error(.root.appending(issue.path), issue.message)
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

    /// Withdraws the unused codes of a batch; returns how many, except for an anonymous
    /// evaluation (nil): the number left unused would tell how many of the batch were used
    /// just then.
    public func withdraw(batch: String, of evaluation: Evaluation, actor: String) async throws -> Int? {
        let batch = batch.lowercased()
        guard batch.utf8.count <= 64 else { throw DomainError.notFound("No such batch of invitation codes.") }
        let withdrawn = try await store.withdrawInvitations(
            evaluationId: evaluation.id, batch: batch, actor: actor, at: Date())
        return evaluation.anonymous ? nil : withdrawn
    }

    /// What an organizer may know of an evaluation's codes. For an evaluation that is not
    /// anonymous, every batch's counts (the responses are linked to their codes anyway). For an
    /// anonymous one, no count per batch — polling it around each new response would link
    /// the response to its batch — but used counts per venue and per rater group, each only
    /// once at least `anonymityThreshold` codes are used there.
    public func summary(of evaluation: Evaluation) async throws -> InvitationSummary {
        let batches = try await store.invitationCounts(evaluationId: evaluation.id)
        let codes = batches.reduce(0) { $0 + $1.codes }
        let used = batches.reduce(0) { $0 + $1.used }
        guard evaluation.anonymous else {
            return InvitationSummary(
                codes: codes, used: used, withdrawn: batches.reduce(0) { $0 + $1.withdrawn },
                batches: batches.map { InvitationSummary.Batch($0, counts: true) }, byVenue: nil, byRaterGroup: nil)
        }
        func groups(_ key: (InvitationCount) -> String?) -> [InvitationSummary.Group] {
            var made: [String: Int] = [:]
            var spent: [String: Int] = [:]
            for batch in batches {
                guard let id = key(batch) else { continue }
                made[id, default: 0] += batch.codes
                spent[id, default: 0] += batch.used
            }
            return made.keys.sorted().map { id in
                let usedThere = spent[id] ?? 0
                return InvitationSummary.Group(
                    id: id, codes: made[id] ?? 0, used: usedThere >= Self.anonymityThreshold ? usedThere : nil)
            }
        }
        return InvitationSummary(
            codes: codes, used: used >= Self.anonymityThreshold ? used : nil, withdrawn: nil,
            batches: batches.map { InvitationSummary.Batch($0, counts: false) },
            byVenue: groups(\.venue), byRaterGroup: groups(\.raterGroup))
    }
}

/// An evaluation's invitation codes as an organizer sees them (`InvitationService.summary`).
/// Counts that would link a response to its code of an anonymous evaluation are nil.
public struct InvitationSummary: Sendable, Equatable, Encodable {
    public var codes: Int
    public var used: Int?
    public var withdrawn: Int?
    public var batches: [Batch]
    /// Anonymous evaluations only: codes made and used per venue and per rater group.
    public var byVenue: [Group]?
    public var byRaterGroup: [Group]?

    public struct Batch: Sendable, Equatable, Encodable {
        public var batch: String
        public var venue: String?
        public var raterGroup: String?
        public var createdAt: String
        public var codes: Int
        /// nil for an anonymous evaluation.
        public var used: Int?
        public var withdrawn: Int?
        /// Whether the organizer withdrew the batch's unused codes.
        public var isWithdrawn: Bool

        init(_ count: InvitationCount, counts: Bool) {
            batch = count.batch
            venue = count.venue
            raterGroup = count.raterGroup
            createdAt = count.createdAt
            codes = count.codes
            used = counts ? count.used : nil
            withdrawn = counts ? count.withdrawn : nil
            isWithdrawn = count.withdrawn > 0
        }
    }

    /// One venue's or rater group's codes; `used` is nil until at least the anonymity
    /// threshold of them is used.
    public struct Group: Sendable, Equatable, Encodable {
        public var id: String
        public var codes: Int
        public var used: Int?
    }
}
