import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalStorage

/// Evaluations, for organizers and evaluators: create, list, read with live counts, open, close.
struct EvaluationController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readEvaluations)
        let managers = group.requiring(.manageEvaluations)
        readers.get("evaluations", use: list)
        managers.post("evaluations", use: create)
        readers.get("evaluations/{id}", use: show)
        managers.post("evaluations/{id}/open", use: open)
        managers.post("evaluations/{id}/close", use: close)
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let evaluations = try await store.evaluations()
        let counts = try await store.counts(evaluationIds: evaluations.map(\.id))
        let now = Date()
        let bodies = evaluations.map { EvaluationBody($0, counts: counts[$0.id] ?? ResponseCounts(), now: now) }
        return try JSONResponse.make(.ok, EvaluationListBody(evaluations: bodies))
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let counts = try await store.counts(evaluationId: evaluation.id)
        return try JSONResponse.make(.ok, EvaluationBody(evaluation, counts: counts, now: Date()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let node = try await bodies.json(request)
        let draft: EvaluationRequest
        switch EvaluationRequest.read(node) {
        case .success(let read): draft = read
        case .failure(let list):
            throw DomainError.invalid("The evaluation has \(list.issues.count) problem(s).", list.issues)
        }
        let stored: StoredQuestionnaire?
        if let version = draft.questionnaireVersion {
            stored = try await store.questionnaire(id: draft.questionnaireId, version: version)
        } else {
            stored = try await store.latestQuestionnaire(id: draft.questionnaireId)
        }
        guard let questionnaire = stored?.questionnaire else {
            let path = draft.questionnaireVersion == nil ? "questionnaire.id" : "questionnaire.version"
            throw DomainError.invalid(
                "Unknown questionnaire.",
                [
                    ValidationIssue(
                        path: path,
                        message:
                            "no stored questionnaire '\(draft.questionnaireId)'\(draft.questionnaireVersion.map { " version \($0)" } ?? "")"
                    )
                ]
            )
        }
        let now = Timestamp.now()
        let evaluation = Evaluation(
            id: UUID().uuidString.lowercased(), slug: EvaluationCode.randomSlug(), questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: draft.title,
            meetingType: draft.meetingType ?? questionnaire.meetingType, meetingDate: draft.meetingDate,
            venues: draft.venues, raterGroups: draft.raterGroups, expectedRespondents: draft.expectedRespondents,
            opensAt: draft.opensAt, closesAt: draft.closesAt, anonymous: draft.anonymous, access: draft.access,
            screening: draft.screening,
            status: .draft, createdAt: now
        )
        try await store.createEvaluation(evaluation, actor: context.actor)
        return try JSONResponse.make(.created, EvaluationBody(evaluation, counts: ResponseCounts(), now: now))
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await transition(to: .open, context: context)
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await transition(to: .closed, context: context)
    }

    private func transition(to status: EvaluationStatus, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let now = Date()
        let updated = try await store.setStatus(status, evaluationId: evaluation.id, actor: context.actor, at: now)
        let counts = try await store.counts(evaluationId: updated.id)
        return try JSONResponse.make(.ok, EvaluationBody(updated, counts: counts, now: now))
    }

    private func find(_ context: some RequestContext) async throws -> Evaluation {
        try await store.evaluation(idParameterOf: context)
    }
}
