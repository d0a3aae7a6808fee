import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import Testing

/// What the pages read from the API for the problems people met in them: the links' address
/// warning, the one state vocabulary, shared devices, one response's answers, the text of an
/// `other` option in the exports, and the scoring method served as a page.
@Suite("Routes behind the pages")
struct PageFacingRoutesTests {
    @Test func withoutPublicURLTheDistributionWarnsAboutALoopbackAddress() async throws {
        try await withServer { api, _ in
            let (id, _) = try await api.createEvaluation()
            let distribution = try await api.send(.get, "/api/evaluations/\(id)/distribution")
            #expect(distribution.status == .ok)
            #expect(distribution.json["baseURL"] as? String == "http://localhost")
            #expect(distribution.json["publicURLConfigured"] as? Bool == false)
            #expect(distribution.json["addressWarning"] as? String == "loopback")
        }
        // An address given with --public-url is what the organizer chose: no warning, even local.
        for publicURL in ["https://eval.example.gov.cn", "http://127.0.0.1:8080"] {
            try await withServer(configure: { $0.publicURL = publicURL }) { api, _ in
                let (id, _) = try await api.createEvaluation()
                let distribution = try await api.send(.get, "/api/evaluations/\(id)/distribution")
                #expect(distribution.json["publicURLConfigured"] as? Bool == true)
                #expect(distribution.json["addressWarning"] == nil)
                let links = distribution.json["links"] as? [[String: Any]] ?? []
                #expect((links.first?["url"] as? String)?.hasPrefix("\(publicURL)/e/") == true)
            }
        }
    }

    @Test func everyBodyNamesTheSameStateAndTheSharedDevicesSetting() async throws {
        try await withServer { api, _ in
            let later = Timestamp.format(Date().addingTimeInterval(7200))
            let (id, slug) = try await api.createEvaluation(extra: ["opensAt": later, "sharedDevices": true])
            let evaluation = try await api.send(.get, "/api/evaluations/\(id)")
            #expect(evaluation.json["status"] as? String == "open")
            #expect(evaluation.json["phase"] as? String == "scheduled")
            #expect(evaluation.json["sharedDevices"] as? Bool == true)
            let list = try await api.send(.get, "/api/evaluations")
            let row = (list.json["evaluations"] as? [[String: Any]])?.first { $0["id"] as? String == id }
            #expect(row?["phase"] as? String == "scheduled")
            let attendee = try await api.anonymous.send(.get, "/api/public/evaluations/\(slug)")
            #expect(attendee.json["phase"] as? String == "scheduled")
            #expect(attendee.json["sharedDevices"] as? Bool == true)
            #expect(attendee.json["closedAt"] == nil)
            let comparison = try await api.send(.get, "/api/questionnaires/teleconference/comparison")
            let compared = (comparison.json["evaluations"] as? [[String: Any]])?.first { $0["id"] as? String == id }
            #expect(compared?["phase"] as? String == "scheduled")
            #expect(compared?["opensAt"] as? String == later)

            let (closedId, closedSlug) = try await api.createEvaluation()
            let closed = try await api.send(.post, "/api/evaluations/\(closedId)/close")
            #expect(closed.json["phase"] as? String == "closed")
            let gone = try await api.anonymous.send(.get, "/api/public/evaluations/\(closedSlug)")
            #expect(gone.json["phase"] as? String == "closed")
            #expect(gone.json["closedAt"] as? String == closed.json["closedAt"] as? String)
            #expect(gone.json["sharedDevices"] as? Bool == false)

            let wrong = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference"], "title": "会议", "meetingDate": "2026-11-20",
                    "sharedDevices": "yes",
                ])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.issuePaths == ["sharedDevices"])
        }
    }

    @Test func oneResponsesAnswersForTheEvaluatorAndTheOtherTextInTheExports() async throws {
        try await withServer { api, store in
            let (id, slug) = try await api.createEvaluation()
            let responseId = UUID().uuidString.lowercased()
            var body = fullSubmission(id: responseId)
            var answers = body["answers"] as! [String: Any]
            answers["problems"] = ["overtime", "other"]
            answers["problems.other"] = "会场空调太冷"
            body["answers"] = answers
            let submitted = try await api.anonymous.send(.post, "/api/public/evaluations/\(slug)/responses", json: body)
            #expect(submitted.status == .created, "\(submitted.text)")

            let detail = try await api.send(.get, "/api/evaluations/\(id)/responses/\(responseId.uppercased())")
            #expect(detail.status == .ok, "\(detail.text)")
            let stored = detail.json["answers"] as? [String: Any] ?? [:]
            #expect(stored["problems"] as? [String] == ["overtime", "other"])
            #expect(stored["problems.other"] as? String == "会场空调太冷")
            #expect(stored["notice"] as? Int == 4)
            #expect(stored["follow-up"] as? String == "na")
            #expect((detail.json["response"] as? [String: Any])?["id"] as? String == responseId)

            let (otherId, _) = try await api.createEvaluation()
            let before = try await snapshot(store)
            for unknown in [UUID().uuidString, "not-a-uuid"] {
                let missing = try await api.send(.get, "/api/evaluations/\(id)/responses/\(unknown)")
                #expect(missing.status == .notFound)
            }
            let elsewhere = try await api.send(.get, "/api/evaluations/\(otherId)/responses/\(responseId)")
            #expect(elsewhere.status == .notFound)
            #expect(try await snapshot(store) == before)

            let csv = try await api.send(.get, "/api/evaluations/\(id)/responses.csv")
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.contains(",problems,problems.other,") == true)
            #expect(lines.count == 2 && lines[1].contains(",overtime;other,会场空调太冷,"))

            let card = try await api.send(.get, "/api/evaluations/\(id)/scorecard.json")
            let comments = card.json["comments"] as? [[String: Any]] ?? []
            #expect(comments.contains { $0["question"] as? String == "problems" && $0["option"] as? String == "other" && $0["text"] as? String == "会场空调太冷" })
            let codebook = try await api.send(.get, "/api/evaluations/\(id)/codebook.csv")
            #expect(codebook.text.contains("problems,other,remarks,option,,,,,yes,"))
        }
    }

    @Test func theScoringMethodIsAPageOfTheSite() async throws {
        try await withServer { api, _ in
            let page = try await api.anonymous.send(.get, "/scoring")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>How MeetingEval scores a meeting</h1>"))
            #expect(page.text.contains("<h2>8. A worked example</h2>"))
            #expect(page.text.contains("<table tabindex=\"0\">") && !page.text.contains("<table>"))
            #expect(page.text.contains("<pre tabindex=\"0\">"))
            // Lines that start with inline code stay in their paragraph.
            #expect(page.text.contains("α is <code>null</code> when the dimension"))
            #expect(!page.text.contains("<script"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        }
        try await withServer(configure: { $0.docsDirectory = "/nonexistent-docs" }) { api, _ in
            let missing = try await api.anonymous.send(.get, "/scoring")
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage?.contains("scoring.md") == true)
        }
    }
}
