import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalStorage

/// What attendees reach without an account: the form definition, the invitation-code check and
/// response submission.
struct PublicController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    let metrics: ServerMetrics
    let limits: AbuseLimits
    /// Issues listed in one 422 at most (the message still gives their number): a body of
    /// 256 KiB could otherwise earn an answer forty times its size.
    static var maxReportedIssues: Int { 100 }

    func addRoutes(to group: RouterGroup<some RemoteAddressRequestContext>) {
        group.get("public/evaluations/{slug}", use: show)
        group.post("public/evaluations/{slug}/responses", use: submit)
        group.post("public/evaluations/{slug}/invitation", use: checkCode)
    }

    /// Checks an invitation code before the attendee answers, so the page can say at once that
    /// a code is wrong or used, and preset the venue and rater group the code is bound to.
    /// Wrong codes count against the client's code-attempt limit, as at submission.
    @Sendable func checkCode(_ request: Request, context: some RemoteAddressRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        guard evaluation.access == .invitation else {
            throw DomainError.conflict("This evaluation needs no invitation code.", code: "wrong_state")
        }
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"token\"}.")
        let token = root.string("token", required: true)
        guard let token, !issues.hasErrors, token.count <= 64 else {
            throw DomainError.invalid(
                "Send {\"token\"}.", [ValidationIssue(path: "token", message: "must be an invitation code")])
        }
        let (_, invitation) = try await lookUpCode(token, evaluation: evaluation, request: request, context: context)
        if invitation.withdrawn {
            throw DomainError.conflict(
                "This invitation code was withdrawn by the organizer. 该邀请码已被组织方收回。", code: "code_withdrawn")
        }
        if invitation.used {
            throw DomainError.conflict("This invitation code has already been used. 该邀请码已被使用。", code: "code_used")
        }
        return try JSONResponse.make(
            .ok, CodeCheckBody(valid: true, venue: invitation.venue, raterGroup: invitation.raterGroup))
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let questionnaire = try await questionnaire(of: evaluation)
        return try JSONResponse.make(.ok, PublicEvaluationBody(evaluation, questionnaire: questionnaire, now: Date()))
    }

    /// Validates, then hands the response to the store's single writer; answers 201 only after
    /// the commit, 200 with the first receipt for a replay of the same id and content.
    /// Every attempt counts against the client's submission limit, before anything is read.
    @Sendable func submit(_ request: Request, context: some RemoteAddressRequestContext) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            if limits.submissions.isEnabled {
                try limits.admit(.submissions, key: limits.clientKey(request, context: context))
            }
            let (response, created) = try await accept(request, context: context)
            metrics.accepted(created: created, since: start)
            return response
        } catch {
            metrics.rejected(reason: (error as? DomainError)?.code ?? "internal", since: start)
            throw error
        }
    }

    private func accept(_ request: Request, context: some RemoteAddressRequestContext) async throws
        -> (Response, created: Bool)
    {
        let evaluation = try await find(context)
        var node = try await bodies.json(request)
        var code: PresentedCode?
        if evaluation.access == .invitation, evaluation.acceptance(at: Date()) == .accepting {
            code = try await presentedCode(&node, evaluation: evaluation, request: request, context: context).0
        }
        let questionnaire = try await questionnaire(of: evaluation)
        let submission: ResponseSubmission
        switch ResponseValidator.validate(node, evaluation: evaluation, questionnaire: questionnaire) {
        case .success(let valid): submission = valid
        case .failure(let list):
            // An attendee of a closed evaluation learns that first; the answers no longer matter.
            let acceptance = evaluation.acceptance(at: Date())
            if acceptance != .accepting { throw DomainError.notAccepting(acceptance) }
            throw DomainError.invalid(
                "Some answers need attention (\(list.issues.count)).", Array(list.issues.prefix(Self.maxReportedIssues))
            )
        }
        let outcome = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: Date(), code: code)
        switch outcome {
        case .created(let response): return (JSONResponse.make(.created, SubmissionReceiptBody(response).json), true)
        case .replayed(let response): return (JSONResponse.make(.ok, SubmissionReceiptBody(response).json), false)
        }
    }

    /// The invitation code of a submission to an evaluation that needs one: it must be a code of
    /// this evaluation (wrong codes count against the client's code-attempt limit), and the
    /// response takes the venue and rater group the code is bound to — the body may name them
    /// (the same ones) or leave them out. Whether the code is still unused is decided by the
    /// writer, in the transaction that stores the response, so that a retry of a stored
    /// response is still answered with its receipt.
    private func presentedCode(
        _ node: inout DocumentNode, evaluation: Evaluation, request: Request, context: some RemoteAddressRequestContext
    ) async throws -> (PresentedCode, Invitation) {
        var typed: String?
        if case .string(let text)? = node["token"]?.value { typed = text }
        let (code, invitation) = try await lookUpCode(typed, evaluation: evaluation, request: request, context: context)
        guard case .object(var pairs) = node.value else { return (code, invitation) }
        var issues: [ValidationIssue] = []
        for (key, bound, noun) in [
            ("venue", invitation.venue, "venue"), ("raterGroup", invitation.raterGroup, "rater group"),
        ] {
            guard let bound else { continue }
            if let sent = node[key] {
                if sent.value != .string(bound) {
                    issues.append(ValidationIssue(path: key, message: "this invitation code is for \(noun) '\(bound)'"))
                }
            } else {
                pairs.append((key: key, value: DocumentNode(.string(bound))))
            }
        }
        guard issues.isEmpty else {
            throw DomainError.invalid("The answers do not match the invitation code. 与邀请码不符。", issues)
        }
        node = DocumentNode(.object(pairs), line: node.line)
        return (code, invitation)
    }

    /// A typed code of this evaluation and its row: 422 when it is missing or not one of the
    /// evaluation's codes (which counts against the client's code-attempt limit).
    private func lookUpCode(
        _ typed: String?, evaluation: Evaluation, request: Request, context: some RemoteAddressRequestContext
    ) async throws -> (PresentedCode, Invitation) {
        let client = limits.clientKey(request, context: context)
        try limits.check(.codeAttempts, key: client)
        guard let typed else {
            throw DomainError.invalid(
                "This evaluation needs an invitation code. 本评估需要邀请码。",
                [ValidationIssue(path: "token", message: "an invitation code is required")])
        }
        let hash = InvitationCode.normalize(typed).map(Secrets.sha256)
        guard let hash, let invitation = try await store.invitation(codeHash: hash, evaluationId: evaluation.id) else {
            limits.consume(.codeAttempts, key: client)
            throw DomainError.invalid(
                "This invitation code is not valid. 邀请码无效。",
                [ValidationIssue(path: "token", message: "is not an invitation code of this evaluation")])
        }
        return (PresentedCode(codeHash: hash), invitation)
    }

    private func find(_ context: some RequestContext) async throws -> Evaluation {
        let slug = try context.parameters.require("slug")
        guard EvaluationCode.isPlausibleSlug(slug), let evaluation = try await store.evaluation(slug: slug) else {
            throw DomainError.notFound("This link is not valid. 链接无效。")
        }
        return evaluation
    }

    private func questionnaire(of evaluation: Evaluation) async throws -> Questionnaire {
        guard
            let stored = try await store.questionnaire(
                id: evaluation.questionnaireId, version: evaluation.questionnaireVersion)
        else {
            throw StorageError.corrupt("evaluation \(evaluation.id) pins a missing questionnaire version")
        }
        return stored.questionnaire
    }
}

struct CodeCheckBody: Encodable {
    var valid: Bool
    /// The venue and rater group the code is bound to, if any.
    var venue: String?
    var raterGroup: String?
}
