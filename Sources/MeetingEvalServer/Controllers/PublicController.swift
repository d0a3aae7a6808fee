import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalStorage

/// What attendees reach without an account: the form definition and response submission.
struct PublicController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    let metrics: ServerMetrics

    func addRoutes(to group: RouterGroup<some RequestContext>) {
        group.get("public/evaluations/{slug}", use: show)
        group.post("public/evaluations/{slug}/responses", use: submit)
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let questionnaire = try await questionnaire(of: evaluation)
        return try JSONResponse.make(.ok, PublicEvaluationBody(evaluation, questionnaire: questionnaire, now: Date()))
    }

    /// Validates, then hands the response to the store's single writer; answers 201 only after
    /// the commit, 200 with the first receipt for a replay of the same id and content.
    @Sendable func submit(_ request: Request, context: some RequestContext) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let (response, created) = try await accept(request, context: context)
            metrics.accepted(created: created, since: start)
            return response
        } catch {
            metrics.rejected(reason: (error as? DomainError)?.code ?? "internal", since: start)
            throw error
        }
    }

    private func accept(_ request: Request, context: some RequestContext) async throws -> (Response, created: Bool) {
        let evaluation = try await find(context)
        let node = try await bodies.json(request)
        let questionnaire = try await questionnaire(of: evaluation)
        let submission: ResponseSubmission
        switch ResponseValidator.validate(node, evaluation: evaluation, questionnaire: questionnaire) {
        case .success(let valid): submission = valid
        case .failure(let list):
            // An attendee of a closed evaluation learns that first; the answers no longer matter.
            let acceptance = evaluation.acceptance(at: Date())
            if acceptance != .accepting { throw DomainError.notAccepting(acceptance) }
            throw DomainError.invalid("Some answers need attention (\(list.issues.count)).", list.issues)
        }
        let outcome = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: Date())
        switch outcome {
        case .created(let response): return (JSONResponse.make(.created, SubmissionReceiptBody(response).json), true)
        case .replayed(let response): return (JSONResponse.make(.ok, SubmissionReceiptBody(response).json), false)
        }
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
