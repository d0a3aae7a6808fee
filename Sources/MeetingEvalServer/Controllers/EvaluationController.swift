import Foundation
import Hummingbird
import MeetingEvalCore

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

    var service: EvaluationService<Store> { EvaluationService(store: store) }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let now = Date()
        let bodies = try await service.list().map { EvaluationBody($0.evaluation, counts: $0.counts, now: now) }
        return try JSONResponse.make(.ok, EvaluationListBody(evaluations: bodies))
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let found = try await service.counted(id: try context.parameters.decoded("id"))
        return try JSONResponse.make(.ok, EvaluationBody(found.evaluation, counts: found.counts, now: Date()))
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
            status, id: try context.parameters.decoded("id"), actor: context.actor, at: now)
        return try JSONResponse.make(.ok, EvaluationBody(updated.evaluation, counts: updated.counts, now: now))
    }
}
