import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalStorage
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

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let summaries = try await store.questionnaireSummaries()
        return try JSONResponse.make(
            .ok, QuestionnaireListBody(questionnaires: summaries.map(QuestionnaireSummaryBody.init)))
    }

    @Sendable func latest(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard QuestionnaireValidator.isIdentifier(id), let stored = try await store.latestQuestionnaire(id: id) else {
            throw DomainError.notFound("No questionnaire with this id.")
        }
        return try JSONResponse.make(.ok, QuestionnaireVersionBody(stored))
    }

    @Sendable func version(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard QuestionnaireValidator.isIdentifier(id), let number = context.parameters.get("version", as: Int.self),
            let stored = try await store.questionnaire(id: id, version: number)
        else {
            throw DomainError.notFound("No such questionnaire version.")
        }
        return try JSONResponse.make(.ok, QuestionnaireVersionBody(stored))
    }

    @Sendable func validate(_ request: Request, context: some RequestContext) async throws -> Response {
        let result = try await read(request)
        return try JSONResponse.make(
            .ok,
            ValidationResultBody(
                valid: true, id: result.questionnaire?.id, warnings: result.warnings, definition: result.questionnaire))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let result = try await read(request)
        guard let questionnaire = result.questionnaire else { throw DomainError.malformed("Nothing to store.") }
        let saved = try await store.save(questionnaire, source: "api", actor: context.actor)
        return try JSONResponse.make(
            saved.created ? .created : .ok,
            SavedQuestionnaireBody(
                id: saved.id, version: saved.version, created: saved.created, warnings: result.warnings))
    }

    /// Reads a JSON or YAML definition (by Content-Type, or by its first character when none is
    /// given) and validates it: 400 when it cannot be parsed, 422 when it breaks the rules.
    private func read(_ request: Request) async throws -> QuestionnaireReader.Result {
        let data = try await bodies.data(request)
        guard !data.isEmpty else {
            throw DomainError.malformed("The request body is empty; send a questionnaire definition.")
        }
        let format = try Self.format(of: request, data: data)
        let node: DocumentNode
        switch QuestionnaireSource.parse(data, format: format) {
        case .success(let parsed): node = parsed
        case .failure(let list):
            throw DomainError.malformed(
                list.issues.map { issue in issue.line.map { "line \($0): \(issue.message)" } ?? issue.message }
                    .joined(separator: "; "))
        }
        let result = QuestionnaireReader.read(node)
        guard result.questionnaire != nil else {
            throw DomainError.invalid(
                "The questionnaire definition has \(result.errors.count) problem(s).", result.errors)
        }
        return result
    }

    static func format(of request: Request, data: Data) throws -> QuestionnaireSource.Format {
        if let contentType = request.headers[.contentType]?.lowercased() {
            let mediaType =
                contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            switch mediaType {
            case "application/json": return .json
            case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml": return .yaml
            case "text/plain", "application/octet-stream", "": break
            default:
                throw DomainError.unsupportedMediaType(
                    "Send the definition as application/json or application/yaml, not \(mediaType).")
            }
        }
        let first = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        return first == UInt8(ascii: "{") ? .json : .yaml
    }
}
