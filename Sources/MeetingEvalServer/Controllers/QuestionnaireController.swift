import Foundation
import Hummingbird
import MeetingEvalCore
import QuestionnaireYAML

/// Questionnaire definitions: list, read, validate and store new versions.
struct QuestionnaireController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readQuestionnaires)
        let writers = group.requiring(.writeQuestionnaires)
        readers.get("questionnaires", use: list)
        writers.post("questionnaires", use: create)
        writers.post("questionnaires/validate", use: validate)
        readers.get("questionnaires/{id}", use: latest)
        readers.get("questionnaires/{id}/versions/{version}", use: version)
    }

    var service: QuestionnaireService<Store> { QuestionnaireService(store: store) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let summaries = try await service.summaries(scope: context.scope)
        return try JSONResponse.make(
            .ok, QuestionnaireListBody(questionnaires: summaries.map(QuestionnaireSummaryBody.init)))
    }

    @Sendable func latest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await service.latest(id: try context.parameters.decoded("id"), scope: context.scope)
        return try JSONResponse.make(.ok, QuestionnaireVersionBody(stored))
    }

    @Sendable func version(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await service.version(
            id: try context.parameters.decoded("id"), number: context.parameters.get("version", as: Int.self),
            scope: context.scope)
        return try JSONResponse.make(.ok, QuestionnaireVersionBody(stored))
    }

    @Sendable func validate(_ request: Request, context: some RequestContext) async throws -> Response {
        let result = try service.read(try await definition(request))
        return try JSONResponse.make(
            .ok,
            ValidationResultBody(
                valid: true, id: result.questionnaire?.id, warnings: result.warnings, definition: result.questionnaire))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organization = request.uri.queryParameters.get("organization")
        let (saved, warnings) = try await service.save(
            try await definition(request), organization: organization, scope: context.scope, source: "api",
            actor: context.actor)
        return try JSONResponse.make(
            saved.created ? .created : .ok,
            SavedQuestionnaireBody(id: saved.id, version: saved.version, created: saved.created, warnings: warnings))
    }

    /// Parses a JSON or YAML definition (by Content-Type, or by its first character when none is
    /// given): 400 when it cannot be parsed (the service then reports what breaks the rules).
    private func definition(_ request: Request) async throws -> DocumentNode {
        let data = try await bodies.data(request)
        guard !data.isEmpty else {
            throw RequestError.malformed("The request body is empty; send a questionnaire definition.")
        }
        let format = try Self.format(of: request, data: data)
        switch QuestionnaireSource.parse(data, format: format) {
        case .success(let parsed): return parsed
        case .failure(let list):
            throw RequestError.malformed(
                list.issues.map { issue in issue.line.map { "line \($0): \(issue.message)" } ?? issue.message }
                    .joined(separator: "; "))
        }
    }

    static func format(of request: Request, data: Data) throws -> QuestionnaireSource.Format {
        if let mediaType = MediaType.of(request.headers[.contentType]) {
            switch mediaType {
            case "application/json": return .json
            case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml": return .yaml
            case "text/plain", "application/octet-stream", "": break
            default:
                throw RequestError.unsupportedMediaType(
                    "Send the definition as application/json or application/yaml, not \(mediaType).")
            }
        }
        let first = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        return first == UInt8(ascii: "{") ? .json : .yaml
    }
}
