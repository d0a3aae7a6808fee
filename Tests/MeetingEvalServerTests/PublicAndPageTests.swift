import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalServer
import Testing

@Suite struct PublicAndPageTests {
    @Test func thePublicViewHasWhatTheAttendeePageNeedsAndNoWeights() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let response = try await api.send(.get, "/api/public/evaluations/\(evaluation.slug)")
            #expect(response.status == .ok)
            let json = response.json
            #expect(json["status"] as? String == "open")
            #expect(json["acceptance"] as? String == "accepting")
            #expect(json["acceptingResponses"] as? Bool == true)
            #expect((json["venues"] as? [[String: Any]])?.count == 2)
            let groups = json["raterGroups"] as? [[String: Any]] ?? []
            #expect(groups.count == 2)
            #expect(groups.allSatisfy { $0["weight"] == nil })
            #expect(json["counts"] == nil)
            let questionnaire = json["questionnaire"] as? [String: Any]
            #expect(questionnaire?["locales"] as? [String] == ["zh", "en"])
            let dimensions = questionnaire?["dimensions"] as? [[String: Any]] ?? []
            let first = (dimensions.first?["questions"] as? [[String: Any]])?.first
            #expect(first?["required"] as? Bool == true)
        }
    }

    @Test func theAttendePageIsServedForKnownAndUnknownLinks() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let page = try await api.send(.get, "/e/\(evaluation.slug)?venue=hefei&group=attendees")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let entry = #/src="/assets/[0-9a-f]{16}/js/attendee.js"/#
            #expect(page.text.contains(entry))
            let unknown = try await api.send(.get, "/e/doesnotexistdoesnotexist")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains(entry))
            let script = try await api.send(.get, "/assets/js/attendee/main.js")
            #expect(script.status == .ok)
            let landing = try await api.send(.get, "/")
            #expect(landing.status == .ok)
            #expect(landing.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test func assetsCannotEscapeTheWebFolder() async throws {
        try await withServer { api, _ in
            for path in ["/assets/../Package.swift", "/assets/%2e%2e/Package.swift", "/assets/..%2fPackage.swift"] {
                let response = try await api.send(.get, path)
                #expect(!response.text.contains("PackageDescription"), "\(path) leaked a file")
            }
        }
    }

    @Test func healthAndUnknownRoutes() async throws {
        try await withServer { api, _ in
            let health = try await api.send(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")
            let unknown = try await api.send(.get, "/api/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "not_found")
        }
    }
}
