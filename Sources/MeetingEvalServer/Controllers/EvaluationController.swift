import Foundation
import Hummingbird
import MeetingEvalCore

/// Evaluations, for organizers and evaluators: create, list, read with live counts, open, close,
/// and the evaluator's opinion.
struct EvaluationController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    var defaultAssessor: String? = nil
    /// Whether this server can print PDF reports (the pages show the PDF link only then).
    var pdfReports = false

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readEvaluations)
        let managers = group.requiring(.manageEvaluations)
        readers.get("evaluations", use: list)
        managers.post("evaluations", use: create)
        readers.get("evaluations/{id}", use: show)
        managers.post("evaluations/{id}/open", use: open)
        managers.post("evaluations/{id}/close", use: close)
        group.requiring(.writeOpinion).put("evaluations/{id}/opinion", use: opinion)
    }

    var service: EvaluationService<Store> { EvaluationService(store: store, defaultAssessor: defaultAssessor) }

    @Sendable func opinion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let updated = try await service.setOpinion(
            try await bodies.json(request), id: try context.parameters.require("id"), actor: context.actor)
        return try JSONResponse.make(
            .ok, EvaluationBody(updated, counts: try await store.counts(evaluationId: updated.id), now: Date()))
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let now = Date()
        let bodies = try await service.list().map { EvaluationBody($0.evaluation, counts: $0.counts, now: now) }
        return try JSONResponse.make(.ok, EvaluationListBody(evaluations: bodies))
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let found = try await service.counted(id: try context.parameters.require("id"))
        var body = EvaluationBody(found.evaluation, counts: found.counts, now: Date())
        body.pdfReport = pdfReports
        return try JSONResponse.make(.ok, body)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await service.create(try await bodies.json(request), actor: context.actor)
        return try JSONResponse.make(
            .created, EvaluationBody(evaluation, counts: ResponseCounts(), now: evaluation.createdAt))
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await transition(to: .open, context: context)
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await transition(to: .closed, context: context)
    }

    private func transition(to status: EvaluationStatus, context: AppRequestContext) async throws -> Response {
        let now = Date()
        let updated = try await service.setStatus(
            status, id: try context.parameters.require("id"), actor: context.actor, at: now)
        return try JSONResponse.make(.ok, EvaluationBody(updated.evaluation, counts: updated.counts, now: now))
    }
}
