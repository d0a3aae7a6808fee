import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import QuestionnaireYAML
import Testing

/// Every route × every role: the router lets exactly the roles openapi.yaml lists (`x-roles`)
/// through, answers 401 without credentials and 403 for the other roles, and the public routes
/// (`security: []`) need nothing.
@Suite("Role × route matrix")
struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, CustomStringConvertible {
        case anonymous, admin, organizer, evaluator
        var description: String { rawValue }
    }

    struct Operation: CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        /// nil: public.
        var roles: Set<String>?
        var description: String { "\(method) \(path)" }
    }

    /// The operations of openapi.yaml with the roles each allows.
    static func documentedOperations() throws -> [Operation] {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("openapi.yaml"))
        let document = try QuestionnaireSource.parse(data, format: .yaml).get()
        guard case .object(let paths)? = document["paths"]?.value else { return [] }
        var operations: [Operation] = []
        for (path, item) in paths {
            guard case .object(let methods) = item.value else { continue }
            for (method, definition) in methods {
                guard case .object = definition.value else { continue }
                var roles: Set<String>?
                if case .array(let list)? = definition["x-roles"]?.value {
                    roles = Set(
                        list.compactMap { if case .string(let text) = $0.value { return text } else { return nil } })
                } else if case .array(let list)? = definition["security"]?.value, list.isEmpty {
                    roles = nil
                } else {
                    Issue.record("\(method.uppercased()) \(path) says neither x-roles nor security: []")
                    continue
                }
                operations.append(
                    Operation(method: HTTPRequest.Method(rawValue: method.uppercased())!, path: path, roles: roles))
            }
        }
        return operations.sorted { "\($0)" < "\($1)" }
    }

    @Test func theDocumentedRolesAreTheOnesTheRouterEnforces() async throws {
        let operations = try Self.documentedOperations()
        // The table covers every route (OpenAPIDocumentTests checks the paths match the router).
        #expect(operations.count >= 40)
        // A few rules of the issue, stated here too so that a wrong table cannot pass.
        let table = Dictionary(uniqueKeysWithValues: operations.map { ("\($0)", $0.roles) })
        #expect(table["POST /api/evaluations"] == ["admin", "organizer"])
        #expect(table["POST /api/questionnaires"] == ["admin", "organizer"])
        #expect(table["GET /api/evaluations/{id}/responses.csv"] == ["admin", "evaluator"])
        #expect(table["POST /api/evaluations/{id}/responses/{responseId}/exclusion"] == ["admin", "evaluator"])
        #expect(table["GET /api/users"] == ["admin"])
        #expect(table["GET /api/audit"] == ["admin"])
        #expect(table["GET /metrics"] == ["admin"])
        #expect(table["POST /api/public/evaluations/{slug}/responses"] == .some(nil))
        // Nothing changes or replaces a response.
        #expect(!table.keys.contains { ($0.hasPrefix("PUT") || $0.hasPrefix("PATCH")) && $0.contains("/responses") })
        #expect(table["PUT /api/evaluations/{id}/opinion"] == ["admin", "evaluator"])

        try await withServer { api, store in
            let tokens = try await Self.roleTokens(api)
            let evaluation = try await api.createEvaluation()
            let submission = fullSubmission()
            let submitted = try await api.anonymous.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: submission)
            #expect(submitted.status == .created)
            let victim = try await api.send(
                .post, "/api/users", json: ["name": "victim", "role": "evaluator", "password": "victim-password-1"])
            #expect(victim.status == .created)
            let values = [
                "{slug}": evaluation.slug, "{version}": "1", "{responseId}": submission["id"] as! String,
                "{name}": "victim", "{tokenId}": UUID().uuidString.lowercased(),
                "{batch}": UUID().uuidString.lowercased(),
            ]
            var checked = 0
            for operation in operations {
                var uri = operation.path
                let id = operation.path.hasPrefix("/api/questionnaires/") ? "teleconference" : evaluation.id
                uri = uri.replacingOccurrences(of: "{id}", with: id)
                for (name, value) in values { uri = uri.replacingOccurrences(of: name, with: value) }
                // The live stream never ends: HEAD gets its status without the body.
                let method: HTTPRequest.Method = uri.hasSuffix("/live") ? .head : operation.method
                for caller in Caller.allCases {
                    let client = caller == .anonymous ? api.anonymous : api.bearer(tokens[caller]!)
                    let body: String? = method == .get || method == .head || method == .delete ? nil : "{}"
                    let response = try await client.send(method, uri, body: body)
                    let allowed = operation.roles.map { $0.contains(caller.rawValue) } ?? true
                    if allowed {
                        #expect(
                            response.status != .unauthorized && response.status != .forbidden,
                            "\(caller) should reach \(operation), got \(response.status.code) \(response.text.prefix(200))"
                        )
                    } else {
                        #expect(
                            response.status == (caller == .anonymous ? .unauthorized : .forbidden),
                            "\(caller) should be refused \(operation), got \(response.status.code)")
                        if method != .head {
                            #expect(response.errorCode == (caller == .anonymous ? "unauthorized" : "forbidden"))
                        }
                    }
                    checked += 1
                }
            }
            #expect(checked == operations.count * Caller.allCases.count)
            // Nobody could change or delete the response: it is stored as it came.
            let stored = try await store.responses(evaluationId: evaluation.id)
            #expect(stored.map(\.id) == [(submission["id"] as! String).lowercased()])
        }
    }

    /// API tokens of one account per role, made through the API with the admin token.
    static func roleTokens(_ api: APIClient) async throws -> [Caller: String] {
        var tokens: [Caller: String] = [:]
        for caller in [Caller.admin, .organizer, .evaluator] {
            let name = "\(caller.rawValue)-user"
            let created = try await api.send(
                .post, "/api/users", json: ["name": name, "role": caller.rawValue, "password": "\(name)-password"])
            #expect(created.status == .created, "\(created.text)")
            let token = try await api.send(.post, "/api/tokens", json: ["label": "matrix", "account": name])
            #expect(token.status == .created, "\(token.text)")
            tokens[caller] = token.json["secret"] as? String
        }
        return tokens
    }
}
