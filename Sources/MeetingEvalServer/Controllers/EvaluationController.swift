import Foundation
import Hummingbird
import MeetingEvalCore

/// Evaluations, for organizers and evaluators: create, list, read with live counts, open,
/// close, correct (change, delete a draft, archive), and the evaluator's opinion. Everything
/// within the caller's organizations (`AccessScope`).
struct EvaluationController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    var defaultAssessor: String? = nil
    var standards = StandardCatalog()
    /// Whether this server can print PDF reports (the pages show the PDF link only then).
    var pdfReports = false

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readEvaluations)
        let managers = group.requiring(.manageEvaluations)
        readers.get("evaluations", use: list)
        managers.post("evaluations", use: create)
        readers.get("evaluations/{id}", use: show)
        managers.patch("evaluations/{id}", use: change)
        managers.delete("evaluations/{id}", use: delete)
        managers.post("evaluations/{id}/open", use: open)
        managers.post("evaluations/{id}/close", use: close)
        group.requiring(.writeOpinion).put("evaluations/{id}/opinion", use: opinion)
        managers.post("evaluations/{id}/archive", use: archive)
        managers.post("evaluations/{id}/unarchive", use: unarchive)
    }

    var service: EvaluationService<Store> { EvaluationService(store: store, defaultAssessor: defaultAssessor, standards: standards)
    }

    @Sendable func opinion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let updated = try await service.setOpinion(
            try await bodies.json(request), id: try context.parameters.decoded("id"), scope: context.scope,
            actor: context.actor)
        return try JSONResponse.make(
            .ok, EvaluationBody(updated, counts: try await store.counts(evaluationId: updated.id), now: Date()))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = Date()
        let archived = request.uri.queryParameters.get("archived").map { $0 == "1" || $0 == "true" } ?? false
        let bodies = try await service.list(scope: context.scope, archived: archived).map {
            EvaluationBody($0.evaluation, counts: $0.counts, now: now)
        }
        return try JSONResponse.make(.ok, EvaluationListBody(evaluations: bodies))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.counted(id: try context.parameters.decoded("id"), scope: context.scope)
        var body = EvaluationBody(found.evaluation, counts: found.counts, now: Date())
        body.pdfReport = pdfReports
        return try JSONResponse.make(.ok, body)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await service.create(
            try await bodies.json(request), scope: context.scope, actor: context.actor)
        return try JSONResponse.make(
            .created, EvaluationBody(evaluation, counts: ResponseCounts(), now: evaluation.createdAt))
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = Date()
        let updated = try await service.correct(
            id: try context.parameters.decoded("id"), patch: try await bodies.json(request), scope: context.scope,
            actor: context.actor, at: now)
        return try JSONResponse.make(.ok, EvaluationBody(updated.evaluation, counts: updated.counts, now: now))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(id: try context.parameters.decoded("id"), scope: context.scope, actor: context.actor)
        return Response(status: .noContent)
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await archiving(true, context: context)
    }

    @Sendable func unarchive(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await archiving(false, context: context)
    }

    private func archiving(_ archived: Bool, context: AppRequestContext) async throws -> Response {
        let now = Date()
        let updated = try await service.setArchived(
            archived, id: try context.parameters.decoded("id"), scope: context.scope, actor: context.actor, at: now)
        return try JSONResponse.make(.ok, EvaluationBody(updated.evaluation, counts: updated.counts, now: now))
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
            status, id: try context.parameters.decoded("id"), scope: context.scope, actor: context.actor, at: now)
        return try JSONResponse.make(.ok, EvaluationBody(updated.evaluation, counts: updated.counts, now: now))
    }
}
