import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import Testing

@Suite struct SubmissionTests {
    @Test func storesOnceAndReplaysTheSameReceipt() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let submission = fullSubmission()
            let uri = "/api/public/evaluations/\(evaluation.slug)/responses"
            let first = try await api.send(.post, uri, json: submission)
            #expect(first.status == .created)
            #expect(first.json["id"] as? String == (submission["id"] as! String).lowercased())
            let again = try await api.send(.post, uri, json: submission)
            #expect(again.status == .ok)
            #expect(again.text == first.text)
            var changed = submission
            changed["venue"] = "wuhu"
            let conflict = try await api.send(.post, uri, json: changed)
            #expect(conflict.status == .conflict)
            #expect(conflict.errorCode == "conflict")
            let stored = try await store.responses(evaluationId: evaluation.id)
            #expect(stored.count == 1)
            // Attendee text is stored exactly as typed.
            #expect(stored.first?.answersJSON.contains("<script>alert(1)</script>") == true)
        }
    }

    @Test func theSameIdInAnotherEvaluationIsAConflict() async throws {
        try await withServer { api, _ in
            let a = try await api.createEvaluation()
            let b = try await api.createEvaluation()
            let submission = fullSubmission()
            #expect(
                try await api.send(.post, "/api/public/evaluations/\(a.slug)/responses", json: submission).status
                    == .created)
            #expect(
                try await api.send(.post, "/api/public/evaluations/\(b.slug)/responses", json: submission).status
                    == .conflict)
        }
    }

    @Test func evaluationsThatAreNotAcceptingAnswer409WithAReason() async throws {
        try await withServer { api, store in
            let draft = try await api.createEvaluation(open: false)
            let notOpen = try await api.send(
                .post, "/api/public/evaluations/\(draft.slug)/responses", json: fullSubmission())
            #expect(notOpen.status == .conflict)
            #expect(notOpen.errorCode == "not_open")

            let later = try await api.createEvaluation(extra: ["opensAt": "2099-01-01T00:00:00Z"])
            let early = try await api.send(
                .post, "/api/public/evaluations/\(later.slug)/responses", json: fullSubmission())
            #expect(early.errorCode == "not_yet_open")

            let past = try await api.createEvaluation(extra: [
                "opensAt": "2020-01-01T00:00:00Z", "closesAt": "2020-01-02T00:00:00Z",
            ])
            let late = try await api.send(
                .post, "/api/public/evaluations/\(past.slug)/responses", json: fullSubmission())
            #expect(late.errorCode == "closed")

            let closing = try await api.createEvaluation()
            let accepted = fullSubmission()
            let uri = "/api/public/evaluations/\(closing.slug)/responses"
            #expect(try await api.send(.post, uri, json: accepted).status == .created)
            _ = try await api.send(.post, "/api/evaluations/\(closing.id)/close")
            let closed = try await api.send(.post, uri, json: fullSubmission())
            #expect(closed.status == .conflict)
            #expect(closed.errorCode == "closed")
            #expect(closed.errorMessage?.contains("本评估已结束") == true)
            // Invalid answers to a closed evaluation: the attendee learns it is closed.
            let invalidClosed = try await api.send(.post, uri, json: ["id": UUID().uuidString, "answers": [:]])
            #expect(invalidClosed.errorCode == "closed")
            // A retry of a response that was acknowledged before closing still gets its receipt.
            #expect(try await api.send(.post, uri, json: accepted).status == .ok)
            #expect(try await store.responses(evaluationId: closing.id).count == 1)
        }
    }

    @Test func invalidSubmissionsListEveryProblem() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let before = try await snapshot(store)
            var submission = fullSubmission(venue: "nowhere", group: "attendees")
            var answers = submission["answers"] as! [String: Any]
            answers["notice"] = 9  // out of range
            answers["audio"] = "5"  // wrong type
            answers["video"] = 3.5  // not an integer
            answers["time-control"] = "na"  // not allowed here
            answers["signal"] = "perfect"  // unknown option
            answers["problems"] = ["overtime", "overtime", "av-issues", "other"]  // duplicate, too many
            answers["av-detail"] = "hidden question"  // hidden: signal is not repeated/lost
            answers["ghost"] = 1  // unknown question
            answers["suggestion"] = String(repeating: "长", count: 1001)  // too long
            answers.removeValue(forKey: "worth")  // required
            submission["answers"] = answers
            submission["startedAt"] = "yesterday"
            submission["extra"] = true
            let response = try await api.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: submission)
            #expect(response.status == .unprocessableContent)
            let paths = Set(response.issuePaths)
            for expected in [
                "venue", "startedAt", "extra", "answers.notice", "answers.audio", "answers.video",
                "answers.time-control",
                "answers.signal", "answers.problems[1]", "answers.av-detail", "answers.ghost", "answers.suggestion",
                "answers.worth",
            ] {
                #expect(paths.contains(expected), "missing \(expected) in \(paths)")
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: [
        ("{\"id\": ", 400), ("[]", 422), ("\"just text\"", 422), ("null", 422), ("", 400), ("{\"answers\": {}}", 422),
        ("{\"id\": \"not-a-uuid\", \"answers\": {}}", 422), ("{\"id\": 12, \"answers\": []}", 422),
        ("\u{FEFF}{}", 422), ("{\"id\": \"\\u0000\"}", 422), ("{\"id\": \"\u{0001}\"}", 400),
    ])
    func malformedBodiesNeverReachTheDatabase(body: String, status: Int) async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let before = try await snapshot(store)
            let response = try await api.send(.post, "/api/public/evaluations/\(evaluation.slug)/responses", body: body)
            #expect(response.status.code == status, "\(body): \(response.text)")
            #expect(response.errorMessage?.isEmpty == false)
            #expect(!response.text.contains("SQL"))
            #expect(try await snapshot(store) == before)
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let before = try await snapshot(store)
            var submission = fullSubmission()
            var answers = submission["answers"] as! [String: Any]
            answers["suggestion"] = String(repeating: "x", count: 300 * 1024)
            submission["answers"] = answers
            let response = try await api.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: submission)
            #expect(response.status == .contentTooLarge)
            #expect(try await snapshot(store) == before)
        }
    }

    @Test(arguments: ["unknownslugunknownslug", "short", "UPPERCASE-AND-dashes", "a%27%20OR%201%3D1"])
    func unknownSlugsAre404(slug: String) async throws {
        try await withServer { api, _ in
            #expect(try await api.send(.get, "/api/public/evaluations/\(slug)").status == .notFound)
            let post = try await api.send(.post, "/api/public/evaluations/\(slug)/responses", json: fullSubmission())
            #expect(post.status == .notFound)
            #expect(post.errorMessage?.contains("链接无效") == true)
        }
    }

    @Test func threeHundredConcurrentSubmissionsAreAllStored() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        let venue = index % 2 == 0 ? "hefei" : "wuhu"
                        let response = try await api.send(
                            .post, "/api/public/evaluations/\(evaluation.slug)/responses",
                            json: fullSubmission(venue: venue))
                        return response.status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 })
            let counts = try await store.counts(evaluationId: evaluation.id)
            #expect(counts.responses == 300)
            #expect(counts.byVenue == ["hefei": 150, "wuhu": 150])
        }
    }

    @Test func concurrentRetriesOfOneResponseStoreOneRow() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let body = String(decoding: try JSONSerialization.data(withJSONObject: fullSubmission()), as: UTF8.self)
            let results = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await api.send(.post, "/api/public/evaluations/\(evaluation.slug)/responses", body: body)
                    }
                }
                return try await group.reduce(into: [APIResponse]()) { $0.append($1) }
            }
            #expect(results.filter { $0.status == .created }.count == 1)
            #expect(results.filter { $0.status == .ok }.count == 49)
            #expect(Set(results.map(\.text)).count == 1)
            #expect(try await store.responses(evaluationId: evaluation.id).count == 1)
        }
    }

    @Test func evaluationsWithoutVenuesOrGroupsTakeNeither() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation(extra: ["venues": [], "raterGroups": []])
            var submission = fullSubmission()
            let uri = "/api/public/evaluations/\(evaluation.slug)/responses"
            let rejected = try await api.send(.post, uri, json: submission)
            #expect(rejected.status == .unprocessableContent)
            #expect(Set(rejected.issuePaths) == ["venue", "raterGroup"])
            submission.removeValue(forKey: "venue")
            submission.removeValue(forKey: "raterGroup")
            #expect(try await api.send(.post, uri, json: submission).status == .created)
        }
    }
}
