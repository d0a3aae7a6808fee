import Foundation
import Hummingbird
import MeetingEvalCore

/// The follow-up of an evaluation's decisions (督办): its tasks (entered, imported from CSV,
/// corrected, removed), the rounds' offsets, the organizer's overview, the responsible units'
/// links; and what a unit reaches with its link, without an account.
struct FollowUpController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    let limits: AbuseLimits
    /// The report time zone: deadlines and rounds' dates are read in it.
    let timeZone: TimeZone

    var service: FollowUpService<Store> { FollowUpService(store: store, timeZone: timeZone) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readEvaluations)
        let managers = group.requiring(.manageEvaluations)
        readers.get("evaluations/{id}/tasks", use: tasks)
        managers.post("evaluations/{id}/tasks", use: addTasks)
        managers.post("evaluations/{id}/tasks/import", use: importTasks)
        managers.patch("evaluations/{id}/tasks/{taskId}", use: correctTask)
        managers.delete("evaluations/{id}/tasks/{taskId}", use: deleteTask)
        readers.get("evaluations/{id}/follow-up", use: overview)
        managers.put("evaluations/{id}/follow-up", use: setRounds)
        managers.post("evaluations/{id}/follow-up/links", use: issueLink)
        group.get("public/follow-up/{token}", use: unitView)
        group.post("public/follow-up/{token}/reports", use: report)
    }

    @Sendable func tasks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let states = try await service.tasks(of: evaluation)
        return JSONResponse.make(
            .ok, .object([("evaluation", .string(evaluation.id)), ("tasks", .array(states.map(\.json)))]))
    }

    @Sendable func addTasks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let added = try await service.addTasks(try await bodies.json(request), to: evaluation, actor: context.actor)
        return try await created(added, of: evaluation)
    }

    /// The CSV file as the body (`text/csv`); every wrong line is listed and nothing is stored.
    @Sendable func importTasks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let mediaType = MediaType.of(request.headers[.contentType])
        guard mediaType == "text/csv" || mediaType == "text/plain" else {
            throw RequestError.unsupportedMediaType(
                "Send the CSV file as text/csv (UTF-8), not \(mediaType ?? "without a type").")
        }
        let data = try await bodies.data(request)
        guard !data.isEmpty else { throw RequestError.malformed("The request body is empty; send the CSV file.") }
        let added = try await service.importTasks(data, to: evaluation, actor: context.actor)
        return try await created(added, of: evaluation)
    }

    private func created(_ added: [FollowUpTask], of evaluation: Evaluation) async throws -> Response {
        let ids = Set(added.map(\.id))
        let states = try await service.tasks(of: evaluation).filter { ids.contains($0.task.id) }
        return JSONResponse.make(
            .created,
            .object([
                ("evaluation", .string(evaluation.id)), ("added", .integer(states.count)),
                ("tasks", .array(states.map(\.json))),
            ]))
    }

    @Sendable func correctTask(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let taskId = try context.parameters.decoded("taskId")
        let body = try await bodies.json(request)
        let changed = try await service.correctTask(id: taskId, body, of: evaluation, actor: context.actor)
        guard let state = try await service.tasks(of: evaluation).first(where: { $0.task.id == changed.id }) else {
            throw DomainError.notFound("No such task in this evaluation.")
        }
        return JSONResponse.make(.ok, state.json)
    }

    @Sendable func deleteTask(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        try await service.deleteTask(id: try context.parameters.decoded("taskId"), of: evaluation, actor: context.actor)
        return Response(status: .noContent)
    }

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        return JSONResponse.make(.ok, try await service.overview(of: evaluation).json(evaluationId: evaluation.id))
    }

    @Sendable func setRounds(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        _ = try await service.setOffsets(try await bodies.json(request), of: evaluation, actor: context.actor)
        return JSONResponse.make(.ok, try await service.overview(of: evaluation).json(evaluationId: evaluation.id))
    }

    /// Issues (or reissues, replacing the old one) a unit's link; its token is shown this once.
    @Sendable func issueLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let issued = try await service.issueLink(try await bodies.json(request), of: evaluation, actor: context.actor)
        return JSONResponse.make(
            .created,
            .object([
                ("evaluation", .string(evaluation.id)), ("unit", .string(issued.unit)), ("token", .string(issued.token)),
                ("path", .string("/f/\(issued.token)")),
            ]))
    }

    // MARK: A unit's link

    /// The unit's tasks. A token that is not a live link counts against the client's
    /// code-attempt limit, as a wrong invitation code does.
    @Sendable func unitView(_ request: Request, context: AppRequestContext) async throws -> Response {
        let view = try await guarded(request, context) { token in try await service.unitView(token: token) }
        return JSONResponse.make(.ok, view.json)
    }

    /// Appends a status report. Every attempt counts against the client's submission limit.
    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        if limits.submissions.isEnabled {
            try limits.admit(.submissions, key: limits.clientKey(request, context: context))
        }
        try CrossSiteCheck.refuseOtherSites(request, site: context.site, refusingSameSite: false, code: "cross_site")
        try bodies.requireJSONMediaType(request)
        let body = try await bodies.json(request)
        let state = try await guarded(request, context) { token in try await service.report(token: token, body) }
        return JSONResponse.make(.created, state.json)
    }

    private func guarded<T>(
        _ request: Request, _ context: AppRequestContext, _ body: (String) async throws -> T
    ) async throws -> T {
        let client = limits.clientKey(request, context: context)
        try limits.check(.codeAttempts, key: client)
        do {
            return try await body(try context.parameters.decoded("token"))
        } catch let error as DomainError {
            if case .notFound = error { limits.consume(.codeAttempts, key: client) }
            throw error
        }
    }
}
