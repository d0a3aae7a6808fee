import Foundation
import Hummingbird
import MeetingEvalCore

/// What the meeting did (`/api/evaluations/{id}/facts`), for its organizer and evaluators, and
/// the meeting standards an evaluation may name (`/api/standards`).
struct FactsController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    let standards: StandardCatalog

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readEvaluations)
        readers.get("standards", use: listStandards)
        readers.get("evaluations/{id}/facts", use: show)
        group.requiring(.recordFacts).put("evaluations/{id}/facts", use: record)
    }

    var service: FactsService<Store> { FactsService(store: store) }

    @Sendable func listStandards(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Each standard as its file reads, in JSON.
        let text = "{\"standards\":[" + standards.all.map(\.definition).joined(separator: ",") + "]}"
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await EvaluationService(store: store).evaluation(
            id: try context.parameters.decoded("id"), scope: context.scope)
        return JSONResponse.make(.ok, Self.body(evaluation, locale: request.uri.queryParameters.get("locale")))
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.decoded("id")
        // The evaluation first: one of another organization is not found, whatever the body.
        _ = try await EvaluationService(store: store).evaluation(id: id, scope: context.scope)
        let updated = try await service.record(
            try await bodies.json(request), id: id, scope: context.scope, actor: context.actor)
        return JSONResponse.make(.ok, Self.body(updated, locale: request.uri.queryParameters.get("locale")))
    }

    /// The facts as recorded, the standard and index they are scored with, and the assessment.
    static func body(_ evaluation: Evaluation, locale: String?) -> JSONOutput {
        let locale = locale == "en" ? "en" : "zh"
        return .object([
            ("evaluation", .string(evaluation.id)), ("meetingType", .string(evaluation.meetingType.rawValue)),
            ("standard", .optional(evaluation.standard?.id)), ("index", evaluation.scoreIndex?.json ?? .null),
            ("facts", evaluation.facts?.json ?? .null),
            ("assessment", FactsService<Store>.assessment(of: evaluation, locale: locale)?.json ?? .null),
        ])
    }
}
