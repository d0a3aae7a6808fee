import Foundation
import Hummingbird
import MeetingEvalCore

/// Invitation codes for evaluations with `access: invitation`: organizers make batches of
/// single-use codes bound to a venue and rater group; the codes are returned once (for the
/// printable sheet) and stored only as digests.
struct InvitationController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.requiring(.manageInvitations).post("evaluations/{id}/invitations", use: create)
        group.requiring(.manageInvitations).post("evaluations/{id}/invitations/{batch}/withdraw", use: withdraw)
        group.requiring(.readDistribution).get("evaluations/{id}/invitations", use: summary)
    }

    var service: InvitationService<Store> { InvitationService(store: store) }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        try service.requireBatches(for: evaluation)
        let (root, issues) = try await bodies.object(
            request, expecting: "Send {\"count\", \"venue\"?, \"raterGroup\"?}.")
        root.warnAboutUnknownKeys(["count", "venue", "raterGroup"])
        let made = try await service.makeBatch(
            for: evaluation, count: root.integer("count", required: true), venue: root.string("venue"),
            raterGroup: root.string("raterGroup"), issues: issues, actor: context.actor)
        let batch = made.batch
        return try JSONResponse.make(
            .created,
            InvitationBatchBody(
                evaluation: evaluation.id, batch: batch.id, venue: batch.venue, raterGroup: batch.raterGroup,
                count: made.codes.count, createdAt: Timestamp.format(batch.createdAt), codes: made.codes))
    }

    /// Withdraws the unused codes of a batch, e.g. when a printed sheet went missing; used codes
    /// and their responses stay as they are.
    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let batch = try context.parameters.decoded("batch").lowercased()
        let withdrawn = try await service.withdraw(batch: batch, of: evaluation, actor: context.actor)
        return try JSONResponse.make(
            .ok, WithdrawalBody(evaluation: evaluation.id, batch: batch, withdrawn: withdrawn))
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let summary = try await service.summary(of: evaluation)
        return try JSONResponse.make(
            .ok,
            InvitationSummaryBody(
                evaluation: evaluation.id, access: evaluation.access, anonymous: evaluation.anonymous,
                anonymityThreshold: InvitationService<Store>.anonymityThreshold, codes: summary.codes,
                used: summary.used, withdrawn: summary.withdrawn, batches: summary.batches, byVenue: summary.byVenue,
                byRaterGroup: summary.byRaterGroup))
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
    var anonymous: Bool
    /// The fewest codes of a batch, and of used codes before a venue's or group's count shows.
    var anonymityThreshold: Int
    var codes: Int
    var used: Int?
    var withdrawn: Int?
    var batches: [InvitationSummary.Batch]
    var byVenue: [InvitationSummary.Group]?
    var byRaterGroup: [InvitationSummary.Group]?
}

struct WithdrawalBody: Encodable {
    var evaluation: String
    var batch: String
    /// Unused codes withdrawn now (0 when none was left); absent for an anonymous evaluation,
    /// where it would tell how many of the batch were used.
    var withdrawn: Int?
}
