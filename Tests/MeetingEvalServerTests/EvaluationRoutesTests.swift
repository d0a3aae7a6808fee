import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalServer
import Testing

@Suite struct EvaluationRoutesTests {
    @Test func createsADraftWithAnUnguessableSlug() async throws {
        try await withServer { api, _ in
            let response = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference", "version": 1], "title": "全省安全生产电视电话会议",
                    "meetingDate": "2026-11-20", "venues": [["id": "hefei", "name": "合肥分会场"]],
                    "raterGroups": [["id": "attendees", "name": "参会人员", "weight": 1]], "expectedRespondents": 120,
                    "opensAt": "2026-11-20T09:00:00+08:00", "closesAt": "2030-11-20T18:00:00Z", "anonymous": true,
                    "screening": ["minSeconds": 20, "excludeFlagged": true],
                ])
            #expect(response.status == .created)
            let json = response.json
            #expect(json["status"] as? String == "draft")
            #expect(json["meetingType"] as? String == "teleconference")
            #expect(json["opensAt"] as? String == "2026-11-20T01:00:00.000Z")
            let slug = json["slug"] as? String ?? ""
            #expect(slug.count >= 20)  // 5 bits a character: well over 96 bits
            #expect(json["attendeePath"] as? String == "/e/\(slug)")
            #expect((json["counts"] as? [String: Any])?["responses"] as? Int == 0)
            #expect((json["questionnaire"] as? [String: Any])?["version"] as? Int == 1)
        }
    }

    @Test func slugsDiffer() async throws {
        try await withServer { api, _ in
            var slugs: Set<String> = []
            for _ in 0..<20 { slugs.insert(try await api.createEvaluation(open: false).slug) }
            #expect(slugs.count == 20)
        }
    }

    @Test func listsAndShowsWithLiveCounts() async throws {
        try await withServer { api, _ in
            let first = try await api.createEvaluation()
            _ = try await api.createEvaluation(open: false)
            let submitted = try await api.send(
                .post, "/api/public/evaluations/\(first.slug)/responses",
                json: fullSubmission(venue: "wuhu", group: "leaders"))
            #expect(submitted.status == .created)
            let shown = try await api.send(.get, "/api/evaluations/\(first.id)")
            #expect(shown.status == .ok)
            let counts = shown.json["counts"] as? [String: Any]
            #expect(counts?["responses"] as? Int == 1)
            #expect((counts?["byVenue"] as? [String: Int]) == ["wuhu": 1])
            #expect((counts?["byRaterGroup"] as? [String: Int]) == ["leaders": 1])
            let list = try await api.send(.get, "/api/evaluations")
            let evaluations = list.json["evaluations"] as? [[String: Any]] ?? []
            #expect(evaluations.count == 2)
            let listed = evaluations.first { $0["id"] as? String == first.id }
            #expect((listed?["counts"] as? [String: Any])?["responses"] as? Int == 1)
        }
    }

    @Test func stateChangesFollowDraftOpenClosed() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation(open: false)
            let closeDraft = try await api.send(.post, "/api/evaluations/\(evaluation.id)/close")
            #expect(closeDraft.status == .conflict)
            #expect(closeDraft.errorCode == "wrong_state")
            let opened = try await api.send(.post, "/api/evaluations/\(evaluation.id)/open")
            #expect(opened.status == .ok)
            #expect(opened.json["status"] as? String == "open")
            #expect(opened.json["acceptingResponses"] as? Bool == true)
            #expect(opened.json["openedAt"] is String)
            let openAgain = try await api.send(.post, "/api/evaluations/\(evaluation.id)/open")
            #expect(openAgain.status == .ok)
            let closed = try await api.send(.post, "/api/evaluations/\(evaluation.id)/close")
            #expect(closed.status == .ok)
            #expect(closed.json["status"] as? String == "closed")
            let reopen = try await api.send(.post, "/api/evaluations/\(evaluation.id)/open")
            #expect(reopen.status == .conflict)
            let actions = try await store.auditEvents(entityId: evaluation.id).map(\.action)
            #expect(actions == ["evaluation.created", "evaluation.opened", "evaluation.closed"])
        }
    }

    @Test(arguments: [
        "/api/evaluations/00000000-0000-0000-0000-000000000000", "/api/evaluations/nope",
        "/api/evaluations/\(String(repeating: "a", count: 500))",
    ])
    func unknownEvaluationsAre404(path: String) async throws {
        try await withServer { api, _ in
            for (method, suffix) in [(HTTPRequest.Method.get, ""), (.post, "/open"), (.post, "/close")] {
                let response = try await api.send(method, path + suffix)
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func invalidBodiesListEveryProblemAndStoreNothing() async throws {
        try await withServer { api, store in
            let before = try await snapshot(store)
            let response = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": 7], "title": "", "meetingDate": "2026-02-30", "meetingType": "party",
                    "venues": [["id": "a", "name": "A"], ["id": "a", "name": "B"]],
                    "raterGroups": [["id": "x", "name": "X", "weight": 0]], "expectedRespondents": -1,
                    "opensAt": "tomorrow", "anonymous": "yes",
                ])
            #expect(response.status == .unprocessableContent)
            let paths = Set(response.issuePaths)
            for expected in [
                "questionnaire.id", "title", "meetingDate", "meetingType", "venues[1].id", "raterGroups[0].weight",
                "expectedRespondents", "opensAt", "anonymous",
            ] {
                #expect(paths.contains(expected), "missing \(expected) in \(paths)")
            }
            let unknown = try await api.send(
                .post, "/api/evaluations",
                json: ["questionnaire": ["id": "nothing-like-this"], "title": "T", "meetingDate": "2026-11-20"])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.issuePaths == ["questionnaire.id"])
            let unknownVersion = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference", "version": 99], "title": "T", "meetingDate": "2026-11-20",
                ])
            #expect(unknownVersion.issuePaths == ["questionnaire.version"])
            for body in ["{", "null", "\"text\"", "[]", ""] {
                let bad = try await api.send(.post, "/api/evaluations", body: body)
                #expect([400, 422].contains(bad.status.code), "\(body): \(bad.status)")
                #expect(bad.errorMessage != nil)
            }
            #expect(try await snapshot(store) == before)
        }
    }
}
