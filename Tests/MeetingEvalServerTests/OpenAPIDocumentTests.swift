import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import QuestionnaireYAML
import Testing

/// Keeps `openapi.yaml` honest: it names exactly the routes the router serves.
@Suite struct OpenAPIDocumentTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("openapi.yaml"))
        let document = try QuestionnaireSource.parse(data, format: .yaml).get()
        guard case .object(let paths)? = document["paths"]?.value else {
            Issue.record("openapi.yaml has no paths")
            return
        }
        var documented: Set<String> = []
        for (path, item) in paths {
            guard case .object(let operations) = item.value else { continue }
            for (method, _) in operations { documented.insert("\(method.uppercased()) \(path)") }
        }
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

    /// `/api/evaluations/:id` or `{id}` → `/api/evaluations/{id}`, with a leading slash.
    static func normalize(_ path: String) -> String {
        let parts = path.split(separator: "/").map { part -> String in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
