import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalServer
import Testing

@Suite struct QuestionnaireRoutesTests {
    static let minimalYAML = """
        id: quick-check
        version: 1
        meetingType: conference
        locales: [zh, en]
        title: {zh: 快速评价, en: Quick check}
        dimensions:
          - id: overall
            title: {zh: 总体, en: Overall}
            weight: 100
            questions:
              - id: value
                type: rating
                text: {zh: 会议是否有价值, en: "Was it worth it?"}
                scale: {min: 1, max: 5}
        """

    @Test func listsTheShippedQuestionnaires() async throws {
        try await withServer { api, _ in
            let response = try await api.send(.get, "/api/questionnaires")
            #expect(response.status == .ok)
            let list = response.json["questionnaires"] as? [[String: Any]] ?? []
            #expect(
                Set(list.compactMap { $0["id"] as? String }) == [
                    "teleconference", "plenary-session", "plenary-session-ahp", "venue-observation",
                ])
            #expect(list.allSatisfy { ($0["versions"] as? [Int]) == [1] })
        }
    }

    @Test func readsTheLatestAndOneVersion() async throws {
        try await withServer { api, _ in
            let latest = try await api.send(.get, "/api/questionnaires/teleconference")
            #expect(latest.status == .ok)
            #expect(latest.json["version"] as? Int == 1)
            #expect((latest.json["digest"] as? String)?.count == 64)
            let definition = latest.json["definition"] as? [String: Any]
            #expect(definition?["id"] as? String == "teleconference")
            let one = try await api.send(.get, "/api/questionnaires/teleconference/versions/1")
            #expect(one.status == .ok)
            #expect(one.json["digest"] as? String == latest.json["digest"] as? String)
        }
    }

    @Test(arguments: [
        "/api/questionnaires/unknown", "/api/questionnaires/teleconference/versions/9",
        "/api/questionnaires/teleconference/versions/x", "/api/questionnaires/BAD%20ID",
    ])
    func unknownQuestionnairesAre404(path: String) async throws {
        try await withServer { api, _ in
            let response = try await api.send(.get, path)
            #expect(response.status == .notFound)
            #expect(response.errorMessage != nil)
        }
    }

    @Test func storesYAMLThenTreatsIdenticalContentAsTheSameVersion() async throws {
        try await withServer { api, _ in
            let created = try await api.send(
                .post, "/api/questionnaires", body: Self.minimalYAML, contentType: "application/yaml")
            #expect(created.status == .created)
            #expect(created.json["id"] as? String == "quick-check")
            #expect(created.json["version"] as? Int == 1)
            let again = try await api.send(
                .post, "/api/questionnaires", body: Self.minimalYAML, contentType: "application/yaml")
            #expect(again.status == .ok)
            #expect(again.json["version"] as? Int == 1)
            #expect(again.json["created"] as? Bool == false)
            // A changed definition that still says version 1 becomes version 2.
            let changed = Self.minimalYAML.replacingOccurrences(of: "max: 5", with: "max: 7")
            let second = try await api.send(
                .post, "/api/questionnaires", body: changed, contentType: "application/yaml")
            #expect(second.status == .created)
            #expect(second.json["version"] as? Int == 2)
            let latest = try await api.send(.get, "/api/questionnaires/quick-check")
            #expect(latest.json["version"] as? Int == 2)
        }
    }

    @Test func storesJSONAndSniffsTheFormatWithoutContentType() async throws {
        try await withServer { api, _ in
            let latest = try await api.send(.get, "/api/questionnaires/plenary-session")
            var definition = latest.json["definition"] as! [String: Any]
            definition["id"] = "plenary-copy"
            let body = String(decoding: try JSONSerialization.data(withJSONObject: definition), as: UTF8.self)
            let created = try await api.send(.post, "/api/questionnaires", body: body, contentType: nil)
            #expect(created.status == .created)
            #expect(created.json["id"] as? String == "plenary-copy")
        }
    }

    @Test func validateReportsWarningsAndProblemsWithLines() async throws {
        try await withServer { api, store in
            let before = try await snapshot(store)
            let withTypo = Self.minimalYAML + "\n        colour: blue\n"
            let valid = try await api.send(
                .post, "/api/questionnaires/validate", body: withTypo, contentType: "application/yaml")
            #expect(valid.status == .ok)
            #expect(valid.json["valid"] as? Bool == true)
            #expect(
                (valid.json["warnings"] as? [[String: Any]])?.first?["path"] as? String
                    == "dimensions[0].questions[0].colour")
            // The normalized definition comes back, defaults written out, for side-by-side editors.
            let definition = valid.json["definition"] as? [String: Any]
            let firstDimension = (definition?["dimensions"] as? [[String: Any]])?.first
            #expect(definition?["id"] as? String == valid.json["id"] as? String)
            #expect(definition?["grades"] is [Any])
            #expect((firstDimension?["questions"] as? [[String: Any]])?.first?["required"] as? Bool == true)

            let broken = Self.minimalYAML.replacingOccurrences(of: "min: 1, max: 5", with: "min: 5, max: 1")
                .replacingOccurrences(of: "weight: 100", with: "weight: -3")
            let invalid = try await api.send(
                .post, "/api/questionnaires/validate", body: broken, contentType: "application/yaml")
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.issuePaths.contains("dimensions[0].weight"))
            #expect(invalid.issuePaths.contains("dimensions[0].questions[0].scale"))
            let issues = (invalid.json["error"] as? [String: Any])?["issues"] as? [[String: Any]] ?? []
            #expect(issues.first { $0["path"] as? String == "dimensions[0].weight" }?["line"] as? Int == 9)
            // Storing the broken definition is refused the same way and stores nothing.
            let refused = try await api.send(
                .post, "/api/questionnaires", body: broken, contentType: "application/yaml")
            #expect(refused.status == .unprocessableContent)
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: [
        ("application/yaml", "id: [unclosed", HTTPResponse.Status.badRequest),
        ("application/json", "{\"id\": ", .badRequest),
        ("application/json", "", .badRequest),
        ("application/json", "[1, 2]", .unprocessableContent),
        ("application/json", "{\"id\": 5, \"version\": \"one\", \"locales\": \"zh\"}", .unprocessableContent),
        ("text/html", "<html></html>", .unsupportedMediaType),
    ])
    func badDefinitionsGetClearErrors(contentType: String, body: String, status: HTTPResponse.Status) async throws {
        try await withServer { api, store in
            let before = try await snapshot(store)
            for path in ["/api/questionnaires", "/api/questionnaires/validate"] {
                let response = try await api.send(.post, path, body: body, contentType: contentType)
                #expect(response.status == status, "\(path): \(response.text)")
                #expect(response.errorMessage?.isEmpty == false)
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test func definitionsOverTheBodyLimitAre413() async throws {
        try await withServer(maxBodySize: 4096) { api, store in
            let before = try await snapshot(store)
            let huge = Self.minimalYAML + "\n# " + String(repeating: "x", count: 10_000)
            let response = try await api.send(.post, "/api/questionnaires", body: huge, contentType: "application/yaml")
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "too_large")
            #expect(try await snapshot(store) == before)
        }
    }
}
