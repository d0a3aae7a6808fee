import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import QuestionnaireYAML
import Testing

/// Keeps `openapi.yaml` honest: it names exactly the routes the router serves.
@Suite struct OpenAPIDocumentTests {
    /// Every operation of `openapi.yaml`: method, path and its node.
    private func documentedOperations() throws -> [(method: String, path: String, operation: DocumentNode)] {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("openapi.yaml"))
        let document = try QuestionnaireSource.parse(data, format: .yaml).get()
        guard case .object(let paths)? = document["paths"]?.value else { return [] }
        return paths.flatMap { path, item -> [(method: String, path: String, operation: DocumentNode)] in
            guard case .object(let operations) = item.value else { return [] }
            return operations.map { (method: $0.key.uppercased(), path: path, operation: $0.value) }
        }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let documented = Set(try documentedOperations().map { "\($0.method) \($0.path)" })
        #expect(!documented.isEmpty, "openapi.yaml has no paths")
        let router = buildRouter(configuration: AppConfiguration(), store: try SQLiteEvaluationStore.inMemory())
        // HEAD is answered for every GET route automatically, as openapi.yaml's description says.
        let served = Set(
            router.routes.filter { $0.method != .head }.map { "\($0.method) \(Self.normalize("\($0.path)"))" })
        #expect(
            served.subtracting(documented).isEmpty,
            "routes missing from openapi.yaml: \(served.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(served).isEmpty,
            "documented but not served: \(documented.subtracting(served).sorted())")
    }

    /// Contract tests and generated clients name operations by `operationId`: every operation
    /// has one, and no two share it.
    @Test func everyOperationHasItsOwnOperationId() throws {
        var seen: [String: String] = [:]
        for (method, path, operation) in try documentedOperations() {
            guard case .string(let id)? = operation["operationId"]?.value else {
                Issue.record("\(method) \(path) has no operationId")
                continue
            }
            #expect(seen[id] == nil, "operationId \(id) of \(method) \(path) is also \(seen[id] ?? "")")
            seen[id] = "\(method) \(path)"
        }
        #expect(!seen.isEmpty)
    }

    /// `/api/evaluations/:id` or `{id}` → `/api/evaluations/{id}`, with a leading slash.
    static func normalize(_ path: String) -> String {
        let parts = path.split(separator: "/").map { part -> String in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
