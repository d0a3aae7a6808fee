import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import QuestionnaireYAML
import Testing

/// Every route × every role × own or other organization: the router lets exactly the roles
/// openapi.yaml lists (`x-roles`) through, answers 401 without credentials and 403 for the
/// other roles, and the public routes (`security: []`) need nothing. An evaluation or a
/// questionnaire of another organization answers a non-admin exactly as a missing one does.
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
        #expect(table["PATCH /api/evaluations/{id}"] == ["admin", "organizer"])
        #expect(table["DELETE /api/evaluations/{id}"] == ["admin", "organizer"])
        #expect(table["POST /api/organizations"] == ["admin"])
        #expect(table["PUT /api/users/{name}/organizations"] == ["admin"])
        #expect(table["PUT /api/evaluations/{id}/facts"] == ["admin", "organizer", "evaluator"])
        #expect(table["GET /api/standards"] == ["admin", "organizer", "evaluator"])

        try await withServer { api, store in
            for id in ["own", "other", "spare"] {
                let made = try await api.send(.post, "/api/organizations", json: ["id": id, "name": id])
                #expect(made.status == .created, "\(made.text)")
            }
            let tokens = try await Self.roleTokens(api, organizations: ["own"])
            let evaluation = try await api.createEvaluation(extra: ["organization": "own"])
            let foreign = try await api.createEvaluation(extra: ["organization": "other"])
            let submission = fullSubmission()
            let foreignSubmission = fullSubmission()
            for (slug, body) in [(evaluation.slug, submission), (foreign.slug, foreignSubmission)] {
                let submitted = try await api.anonymous.send(
                    .post, "/api/public/evaluations/\(slug)/responses", json: body)
                #expect(submitted.status == .created)
            }
            // A questionnaire of the other organization: a copy of the shipped template.
            let template = try await api.send(.get, "/api/questionnaires/teleconference")
            var definition = template.json["definition"] as! [String: Any]
            definition["id"] = "other-survey"
            let copied = try await api.send(.post, "/api/questionnaires?organization=other", json: definition)
            #expect(copied.status == .created, "\(copied.text)")
            let victim = try await api.send(
                .post, "/api/users", json: ["name": "victim", "role": "evaluator", "password": "victim-password-1"])
            #expect(victim.status == .created)
            let values = [
                "{slug}": evaluation.slug, "{version}": "1", "{responseId}": submission["id"] as! String,
                "{name}": "victim", "{tokenId}": UUID().uuidString.lowercased(),
                "{batch}": UUID().uuidString.lowercased(), "{organizationId}": "spare",
                "{taskId}": UUID().uuidString.lowercased(), "{token}": Secrets.token(),
            ]
            /// The own organization's resource, another organization's, and one that does not exist.
            enum Side: String, CaseIterable { case own, other, missing }
            var checked = 0
            var crossChecked = 0
            for operation in operations {
                let scoped =
                    operation.path.contains("{id}")
                    && (operation.path.hasPrefix("/api/evaluations/") || operation.path.hasPrefix("/api/questionnaires/"))
                let isQuestionnaire = operation.path.hasPrefix("/api/questionnaires/")
                // The live stream never ends: HEAD gets its status without the body.
                let method: HTTPRequest.Method = operation.path.hasSuffix("/live") ? .head : operation.method
                for side in scoped ? Side.allCases : [.own] {
                    let id: String
                    switch side {
                    case .own: id = isQuestionnaire ? "teleconference" : evaluation.id
                    case .other: id = isQuestionnaire ? "other-survey" : foreign.id
                    case .missing: id = isQuestionnaire ? "no-such-survey" : UUID().uuidString.lowercased()
                    }
                    var uri = operation.path.replacingOccurrences(of: "{id}", with: id)
                    for (name, value) in values { uri = uri.replacingOccurrences(of: name, with: value) }
                    if side == .other { uri = uri.replacingOccurrences(of: submission["id"] as! String, with: foreignSubmission["id"] as! String) }
                    for caller in Caller.allCases {
                        let client = caller == .anonymous ? api.anonymous : api.bearer(tokens[caller]!)
                        let body: String? = method == .get || method == .head || method == .delete ? nil : "{}"
                        let response = try await client.send(method, uri, body: body)
                        let allowed = operation.roles.map { $0.contains(caller.rawValue) } ?? true
                        if !allowed {
                            #expect(
                                response.status == (caller == .anonymous ? .unauthorized : .forbidden),
                                "\(caller) should be refused \(operation) (\(side)), got \(response.status.code)")
                            if method != .head {
                                #expect(response.errorCode == (caller == .anonymous ? "unauthorized" : "forbidden"))
                            }
                        } else {
                            #expect(
                                response.status != .unauthorized && response.status != .forbidden,
                                "\(caller) should reach \(operation), got \(response.status.code) \(response.text.prefix(200))"
                            )
                            if side == .other && caller != .admin {
                                // Exactly what a missing one answers: existence does not leak.
                                let missingURI = uri.replacingOccurrences(
                                    of: isQuestionnaire ? "other-survey" : foreign.id,
                                    with: isQuestionnaire ? "no-such-survey" : UUID().uuidString.lowercased())
                                let missing = try await client.send(method, missingURI, body: body)
                                #expect(response.status == .notFound, "\(caller) \(operation) of another organization: \(response.status.code)")
                                #expect(
                                    response.status == missing.status && response.text == missing.text,
                                    "\(caller) \(operation): \(response.text) ≠ \(missing.text)")
                                crossChecked += 1
                            } else if side != .missing && scoped {
                                #expect(
                                    !["No evaluation with this id.", "No questionnaire with this id."].contains(
                                        response.errorMessage ?? ""),
                                    "\(caller) \(operation) (\(side)) should find it: \(response.text.prefix(200))")
                            }
                        }
                        checked += 1
                    }
                }
            }
            #expect(checked >= operations.count * Caller.allCases.count)
            #expect(crossChecked >= 30)
            // Nobody could change or delete a response: each is stored as it came.
            let stored = try await store.responses(evaluationId: evaluation.id)
            #expect(stored.map(\.id) == [(submission["id"] as! String).lowercased()])
            #expect(try await store.responses(evaluationId: foreign.id).count == 1)
            // Nothing of the other organization reached the own organization's callers' lists.
            for caller in [Caller.organizer, .evaluator] {
                let list = try await api.bearer(tokens[caller]!).send(.get, "/api/evaluations?archived=1")
                let ids = (list.json["evaluations"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                #expect(ids == [evaluation.id], "\(caller): \(ids)")
                let questionnaires = try await api.bearer(tokens[caller]!).send(.get, "/api/questionnaires")
                #expect(!questionnaires.text.contains("other-survey"))
            }
        }
    }

    /// API tokens of one account per role, made through the API with the admin token; the
    /// organizer and the evaluator belong to `organizations`.
    static func roleTokens(_ api: APIClient, organizations: [String] = []) async throws -> [Caller: String] {
        var tokens: [Caller: String] = [:]
        for caller in [Caller.admin, .organizer, .evaluator] {
            let name = "\(caller.rawValue)-user"
            let created = try await api.send(
                .post, "/api/users",
                json: [
                    "name": name, "role": caller.rawValue, "password": "\(name)-password",
                    "organizations": caller == .admin ? [] : organizations,
                ])
            #expect(created.status == .created, "\(created.text)")
            let token = try await api.send(.post, "/api/tokens", json: ["label": "matrix", "account": name])
            #expect(token.status == .created, "\(token.text)")
            tokens[caller] = token.json["secret"] as? String
        }
        return tokens
    }
}
