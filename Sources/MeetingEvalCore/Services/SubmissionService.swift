import Foundation

/// Limits how often a client may present a wrong invitation code (the server's rate limiter).
public protocol CodeAttemptLimit: Sendable {
    /// Throws when the client has used up its attempts.
    func check() throws
    /// Counts one wrong code.
    func recordFailure()
}

/// What attendees do without an account: read the form, check an invitation code, submit.
///
/// A submission goes body → validated submission → invitation code → stored receipt. The
/// rules that must hold at the moment it is stored (replay, the evaluation's state, the code
/// still unused) are decided by `SubmissionRules` inside the store's transaction.
public struct SubmissionService<Store: EvaluationStore>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Issues listed in one answer at most (the message still gives their number): a body of
    /// 256 KiB could otherwise earn an answer forty times its size.
    public static var maxReportedIssues: Int { 100 }

    /// The evaluation behind an attendee link; `notFound` for a slug that is not one.
    public func evaluation(slug: String) async throws -> Evaluation {
        guard EvaluationCode.isPlausibleSlug(slug), let evaluation = try await store.evaluation(slug: slug) else {
            throw DomainError.notFound("This link is not valid. 链接无效。")
        }
        return evaluation
    }

    /// The evaluation and its pinned questionnaire version, for the attendee page, with the
    /// observation checklist when the evaluation has observers.
    public func form(slug: String) async throws -> (
        evaluation: Evaluation, questionnaire: Questionnaire, checklist: Questionnaire?
    ) {
        let evaluation = try await evaluation(slug: slug)
        let checklist = ObservationRules.checklist(of: evaluation) == nil ? nil : try await checklist(of: evaluation)
        return (evaluation, try await questionnaire(of: evaluation), checklist)
    }

    /// The evaluation behind an attendee link, which must take invitation codes.
    public func codeEvaluation(slug: String) async throws -> Evaluation {
        let evaluation = try await evaluation(slug: slug)
        guard evaluation.access == .invitation else {
            throw DomainError.conflict("This evaluation needs no invitation code.", code: "wrong_state")
        }
        return evaluation
    }

    /// Checks a code before the attendee answers, so the page can say at once that it is wrong
    /// or used, and preset the venue and rater group it is bound to. `token` is nil when the
    /// body did not hold one as text.
    public func checkCode(_ token: String?, for evaluation: Evaluation, attempts: some CodeAttemptLimit) async throws
        -> Invitation
    {
        guard let token, token.count <= InvitationRules.maxTypedLength else {
            throw DomainError.invalid(
                "Send {\"token\"}.", [ValidationIssue(path: "token", message: "must be an invitation code")])
        }
        let (_, invitation) = try await lookUpCode(token, evaluation: evaluation, attempts: attempts)
        do {
            try InvitationRules.check(InvitationState(used: invitation.used, withdrawn: invitation.withdrawn))
        } catch {
            // Whether a code is spent is worth knowing to someone linking codes to responses:
            // asking costs an attempt, like a wrong code.
            attempts.recordFailure()
            throw error
        }
        return invitation
    }

    /// Validates a submission body and stores it once: `.created` after the commit, `.replayed`
    /// with the first receipt for the same id and content. `discardedStartedAt` hears of a
    /// `startedAt` left out as implausible, for the server to count.
    public func submit(
        _ body: DocumentNode, to evaluation: Evaluation, attempts: some CodeAttemptLimit,
        discardedStartedAt: @Sendable (String) -> Void = { _ in }
    ) async throws -> SubmissionOutcome {
        var node = body
        var code: PresentedCode?
        if evaluation.access == .invitation, evaluation.acceptance(at: Date()) == .accepting {
            code = try await bindCode(&node, evaluation: evaluation, attempts: attempts)
        }
        // An observer answers the observation checklist, never the attendee questionnaire.
        var sentGroup: String?
        if case .string(let group)? = node["raterGroup"]?.value { sentGroup = group }
        let observation = ObservationRules.isObservation(evaluation, raterGroup: sentGroup)
        let questionnaire = try await observation ? checklist(of: evaluation) : questionnaire(of: evaluation)
        let submission: ResponseSubmission
        switch ResponseValidator.validate(node, evaluation: evaluation, questionnaire: questionnaire) {
        case .success(let valid):
            submission = valid
            if observation { try ObservationRules.checkVenue(valid.venue) }
            if let discarded = valid.discardedStartedAt { discardedStartedAt(discarded) }
        case .failure(let list):
            // An attendee of a closed evaluation learns that first; the answers no longer matter.
            let acceptance = evaluation.acceptance(at: Date())
            if acceptance != .accepting { throw DomainError.notAccepting(acceptance) }
            throw DomainError.invalid(
                "Some answers need attention (\(list.issues.count)).", Array(list.issues.prefix(Self.maxReportedIssues))
            )
        }
        do {
            return try await store.submit(submission, evaluationId: evaluation.id, receivedAt: Date(), code: code)
        } catch DomainError.conflict(let message, code: let reason) where reason == "code_used" || reason == "code_withdrawn" {
            attempts.recordFailure()
            throw DomainError.conflict(message, code: reason)
        }
    }

    /// The invitation code of a submission to an evaluation that needs one: it must be a code of
    /// this evaluation, and the response takes the venue and rater group the code is bound to —
    /// the body may name them (the same ones) or leave them out. Whether the code is still
    /// unused is decided in the transaction that stores the response, so that a retry of a
    /// stored response is still answered with its receipt.
    private func bindCode(_ node: inout DocumentNode, evaluation: Evaluation, attempts: some CodeAttemptLimit)
        async throws -> PresentedCode
    {
        var typed: String?
        if case .string(let text)? = node["token"]?.value { typed = text }
        let (code, invitation) = try await lookUpCode(typed, evaluation: evaluation, attempts: attempts)
        guard case .object(var pairs) = node.value else { return code }
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
        var sentGroup: String?
        if case .string(let group)? = pairs.last(where: { $0.key == "raterGroup" })?.value.value { sentGroup = group }
        if let issue = ObservationRules.checkCodeGroup(evaluation, sent: sentGroup, bound: invitation.raterGroup) {
            issues.append(issue)
        }
        guard issues.isEmpty else {
            throw DomainError.invalid("The answers do not match the invitation code. 与邀请码不符。", issues)
        }
        node = DocumentNode(.object(pairs), line: node.line)
        return code
    }

    /// A typed code of this evaluation and its row: `invalid` when it is missing or not one of
    /// the evaluation's codes (which counts against the client's code attempts).
    private func lookUpCode(_ typed: String?, evaluation: Evaluation, attempts: some CodeAttemptLimit) async throws
        -> (PresentedCode, Invitation)
    {
        try attempts.check()
        guard let typed else { throw InvitationRules.missing }
        let hash = InvitationCode.normalize(typed).map(Secrets.sha256)
        guard let hash, let invitation = try await store.invitation(codeHash: hash, evaluationId: evaluation.id) else {
            attempts.recordFailure()
            throw InvitationRules.unknown
        }
        return (PresentedCode(codeHash: hash), invitation)
    }

    private func checklist(of evaluation: Evaluation) async throws -> Questionnaire {
        guard let pinned = ObservationRules.checklist(of: evaluation),
            let stored = try await store.questionnaire(id: pinned.id, version: pinned.version)
        else {
            throw InconsistentDataError("evaluation \(evaluation.id) pins a missing observation checklist")
        }
        return stored.questionnaire
    }

    private func questionnaire(of evaluation: Evaluation) async throws -> Questionnaire {
        guard
            let stored = try await store.questionnaire(
                id: evaluation.questionnaireId, version: evaluation.questionnaireVersion)
        else {
            throw InconsistentDataError("evaluation \(evaluation.id) pins a missing questionnaire version")
        }
        return stored.questionnaire
    }
}
