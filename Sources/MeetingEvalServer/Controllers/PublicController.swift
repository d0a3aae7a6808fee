import Foundation
import Hummingbird
import MeetingEvalCore

/// What attendees reach without an account: the form definition, the invitation-code check and
/// response submission.
struct PublicController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    let metrics: ServerMetrics
    let limits: AbuseLimits
    var service: SubmissionService<Store> { SubmissionService(store: store) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("public/evaluations/{slug}", use: show)
        group.post("public/evaluations/{slug}/responses", use: submit)
        group.post("public/evaluations/{slug}/invitation", use: checkCode)
    }

    /// Checks an invitation code before the attendee answers, so the page can say at once that
    /// a code is wrong or used, and preset the venue and rater group the code is bound to.
    /// Wrong codes count against the client's code-attempt limit, as at submission.
    @Sendable func checkCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        try refuseOtherSites(request, context: context)
        let evaluation = try await service.codeEvaluation(slug: try context.parameters.decoded("slug"))
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"token\"}.")
        let token = root.string("token", required: true)
        let invitation = try await service.checkCode(
            issues.hasErrors ? nil : token, for: evaluation, attempts: attempts(request, context))
        return try JSONResponse.make(
            .ok, CodeCheckBody(valid: true, venue: invitation.venue, raterGroup: invitation.raterGroup))
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let form = try await service.form(slug: try context.parameters.decoded("slug"))
        return try JSONResponse.make(
            .ok,
            PublicEvaluationBody(form.evaluation, questionnaire: form.questionnaire, checklist: form.checklist, now: Date()))
    }

    /// Validates, then hands the response to the store's single writer; answers 201 only after
    /// the commit, 200 with the first receipt for a replay of the same id and content.
    /// Every attempt counts against the client's submission limit, before anything is read.
    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            if limits.submissions.isEnabled {
                try limits.admit(.submissions, key: limits.clientKey(request, context: context))
            }
            try refuseOtherSites(request, context: context)
            let evaluation = try await service.evaluation(slug: try context.parameters.decoded("slug"))
            let outcome = try await service.submit(
                try await bodies.json(request), to: evaluation, attempts: attempts(request, context),
                discardedStartedAt: { [metrics] _ in metrics.startedAtDiscarded() })
            switch outcome {
            case .created(let response):
                metrics.accepted(created: true, since: start)
                return JSONResponse.make(.created, SubmissionReceiptBody(response).json)
            case .replayed(let response):
                metrics.accepted(created: false, since: start)
                return JSONResponse.make(.ok, SubmissionReceiptBody(response).json)
            }
        } catch {
            metrics.rejected(reason: error.apiCode ?? "internal", since: start)
            throw error
        }
    }

    /// An attendee's browser sends only from this site's own page: 403 `cross_site` when the
    /// browser names another site, 415 for a body that is not declared JSON (another site's page
    /// could send `text/plain` without asking). Scripts without `Origin` still get through.
    private func refuseOtherSites(_ request: Request, context: AppRequestContext) throws {
        try CrossSiteCheck.refuseOtherSites(request, site: context.site, refusingSameSite: false, code: "cross_site")
        try bodies.requireJSONMediaType(request)
    }

    /// The client's invitation-code attempts, counted by the rate limiter. The client's key is
    /// worked out only when a code is looked at.
    private func attempts<Context: RemoteAddressRequestContext>(_ request: Request, _ context: Context)
        -> CodeAttempts<Context>
    {
        CodeAttempts(limits: limits, request: request, context: context)
    }
}

/// The rate limiter's code-attempt limit for the client of one request.
struct CodeAttempts<Context: RemoteAddressRequestContext>: CodeAttemptLimit {
    let limits: AbuseLimits
    let request: Request
    let context: Context

    private var client: String { limits.clientKey(request, context: context) }

    func check() throws { try limits.check(.codeAttempts, key: client) }
    func recordFailure() { limits.consume(.codeAttempts, key: client) }
}

struct CodeCheckBody: Encodable {
    var valid: Bool
    /// The venue and rater group the code is bound to, if any.
    var venue: String?
    var raterGroup: String?
}
