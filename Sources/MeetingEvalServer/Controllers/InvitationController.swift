import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalStorage

/// Invitation codes for evaluations with `access: invitation`: organizers make batches of
/// single-use codes bound to a venue and rater group; the codes are returned once (for the
/// printable sheet) and stored only as digests.
struct InvitationController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader

    static var maxBatch: Int { 5000 }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.requiring(.manageInvitations).post("evaluations/{id}/invitations", use: create)
        group.requiring(.manageInvitations).post("evaluations/{id}/invitations/{batch}/withdraw", use: withdraw)
        group.requiring(.readDistribution).get("evaluations/{id}/invitations", use: summary)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        guard evaluation.access == .invitation else {
            throw DomainError.conflict(
                "This evaluation is open to anyone with its link; it takes no invitation codes.", code: "wrong_state")
        }
        guard evaluation.status != .closed else {
            throw DomainError.conflict("This evaluation is closed.", code: "wrong_state")
        }
        let (root, issues) = try await bodies.object(
            request, expecting: "Send {\"count\", \"venue\"?, \"raterGroup\"?}.")
        root.warnAboutUnknownKeys(["count", "venue", "raterGroup"])
        let count = root.integer("count", required: true)
        if let count, !(1...Self.maxBatch).contains(count) {
            issues.error(.root.appending("count"), "must be a whole number from 1 to \(Self.maxBatch)")
        }
        let venue = root.string("venue")
        if let venue, !evaluation.venues.contains(where: { $0.id == venue }) {
            issues.error(.root.appending("venue"), "is not a venue of this evaluation")
        }
        let raterGroup = root.string("raterGroup")
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
        try await store.createInvitations(batch, actor: context.actor)
        return try JSONResponse.make(
            .created,
            InvitationBatchBody(
                evaluation: evaluation.id, batch: batch.id, venue: venue, raterGroup: raterGroup, count: count,
                createdAt: Timestamp.format(batch.createdAt), codes: ordered))
    }

    /// Withdraws the unused codes of a batch, e.g. when a printed sheet went missing; used codes
    /// and their responses stay as they are.
    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let batch = try context.parameters.require("batch").lowercased()
        guard batch.utf8.count <= 64 else { throw DomainError.notFound("No such batch of invitation codes.") }
        let withdrawn = try await store.withdrawInvitations(
            evaluationId: evaluation.id, batch: batch, actor: context.actor, at: Date())
        return try JSONResponse.make(
            .ok, WithdrawalBody(evaluation: evaluation.id, batch: batch, withdrawn: withdrawn))
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let batches = try await store.invitationCounts(evaluationId: evaluation.id)
        return try JSONResponse.make(
            .ok,
            InvitationSummaryBody(
                evaluation: evaluation.id, access: evaluation.access, codes: batches.reduce(0) { $0 + $1.codes },
                used: batches.reduce(0) { $0 + $1.used }, withdrawn: batches.reduce(0) { $0 + $1.withdrawn },
                batches: batches))
    }
}

struct InvitationBatchBody: Encodable {
    var evaluation: String
    var batch: String
    var venue: String?
    var raterGroup: String?
    var count: Int
    var createdAt: String
    /// The codes, shown this once: only their digests are stored.
    var codes: [String]
}

struct InvitationSummaryBody: Encodable {
    var evaluation: String
    var access: Evaluation.Access
    var codes: Int
    var used: Int
    var withdrawn: Int
    var batches: [InvitationCount]
}

struct WithdrawalBody: Encodable {
    var evaluation: String
    var batch: String
    /// Unused codes withdrawn now (0 when none was left).
    var withdrawn: Int
}
