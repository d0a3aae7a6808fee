import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import Testing

@Suite("Invitation codes over the API")
struct InvitationRoutesTests {
    static func hasCodeShape(_ code: String) -> Bool {
        let alphabet = Set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { $0.count == 5 && $0.allSatisfy(alphabet.contains) }
    }

    @Test func codesAreShortUnambiguousUniqueAndBoundToTheirVenue() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation(extra: ["access": "invitation"])
            let shown = try await api.send(.get, "/api/evaluations/\(evaluation.id)")
            #expect(shown.json["access"] as? String == "invitation")
            let made = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 1000, "venue": "wuhu"])
            #expect(made.status == .created, "\(made.text)")
            let codes = try #require(made.json["codes"] as? [String])
            #expect(codes.count == 1000)
            #expect(Set(codes).count == 1000)
            #expect(codes.allSatisfy(Self.hasCodeShape))
            #expect(InvitationCode.entropyBits >= 40)
            let counts = try await api.send(.get, "/api/evaluations/\(evaluation.id)/invitations")
            #expect(counts.json["codes"] as? Int == 1000)
            // Anonymous: no used count until the anonymity threshold is reached.
            #expect(counts.json["used"] == nil)
            #expect(!counts.text.contains(codes[0]))

            let public_ = api.anonymous
            let slug = evaluation.slug
            // Checking a code tells the page its venue; case, spaces and dashes do not matter.
            let typed = codes[0].lowercased().replacingOccurrences(of: "-", with: " ")
            let check = try await public_.send(
                .post, "/api/public/evaluations/\(slug)/invitation", json: ["token": typed])
            #expect(check.status == .ok, "\(check.text)")
            #expect(check.json["venue"] as? String == "wuhu")

            var submission = fullSubmission()
            submission.removeValue(forKey: "venue")
            submission["token"] = typed
            let stored = try await public_.send(.post, "/api/public/evaluations/\(slug)/responses", json: submission)
            #expect(stored.status == .created, "\(stored.text)")
            #expect(try await store.responses(evaluationId: evaluation.id).map(\.venue) == ["wuhu"])
            // A retry of the same response is a replay, not a second use.
            let retry = try await public_.send(.post, "/api/public/evaluations/\(slug)/responses", json: submission)
            #expect(retry.status == .ok)
            // Another response with the used code is refused, and so is a check of it.
            var other = fullSubmission(venue: "wuhu")
            other["token"] = codes[0]
            let reused = try await public_.send(.post, "/api/public/evaluations/\(slug)/responses", json: other)
            #expect(reused.status == .conflict)
            #expect(reused.errorCode == "code_used")
            let checkUsed = try await public_.send(
                .post, "/api/public/evaluations/\(slug)/invitation", json: ["token": codes[0]])
            #expect(checkUsed.errorCode == "code_used")
            // A code of wuhu cannot answer for hefei.
            var elsewhere = fullSubmission(venue: "hefei")
            elsewhere["token"] = codes[1]
            let wrongVenue = try await public_.send(.post, "/api/public/evaluations/\(slug)/responses", json: elsewhere)
            #expect(wrongVenue.status == .unprocessableContent)
            #expect(wrongVenue.issuePaths == ["venue"])
            let after = try await api.send(.get, "/api/evaluations/\(evaluation.id)/invitations")
            #expect(after.json["used"] == nil)
            #expect(after.json["codes"] as? Int == 1000)
        }
    }

    @Test func submissionsWithoutAValidCodeAreRefused() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation(extra: ["access": "invitation"])
            _ = try await api.send(.post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 5])
            let path = "/api/public/evaluations/\(evaluation.slug)/responses"
            let missing = try await api.anonymous.send(.post, path, json: fullSubmission())
            #expect(missing.status == .unprocessableContent)
            #expect(missing.issuePaths == ["token"])
            for bad in ["ABCDE-FGHJK", "O0O0O-I1I1I", "", String(repeating: "A", count: 70), "<script>"] {
                var submission = fullSubmission()
                submission["token"] = bad
                let refused = try await api.anonymous.send(.post, path, json: submission)
                #expect(refused.status == .unprocessableContent, "\(bad)")
                #expect(refused.issuePaths.contains("token"), "\(bad): \(refused.text)")
            }
            #expect(try await store.responses(evaluationId: evaluation.id).isEmpty)
        }
    }

    @Test func simultaneousSubmissionsWithOneCodeGiveOneResponse() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation(extra: ["access": "invitation"])
            let made = try await api.send(.post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 5])
            let code = try #require((made.json["codes"] as? [String])?.first)
            let path = "/api/public/evaluations/\(evaluation.slug)/responses"
            let statuses = try await withThrowingTaskGroup(of: (UInt16, String?).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        var submission = fullSubmission()
                        submission["token"] = code
                        let response = try await api.anonymous.send(.post, path, json: submission)
                        return (UInt16(response.status.code), response.errorCode)
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append("\($1.0) \($1.1 ?? "")") }
            }
            #expect(statuses.filter { $0.hasPrefix("201") }.count == 1)
            #expect(statuses.filter { $0 == "409 code_used" }.count == 19)
            #expect(try await store.responses(evaluationId: evaluation.id).count == 1)
        }
    }

    @Test func organizersWithdrawTheUnusedCodesOfABatch() async throws {
        try await withServer { api, _ in
            // Not anonymous: the counts per batch are shown (anonymous ones: `AnonymityTests`).
            let evaluation = try await api.createEvaluation(extra: ["access": "invitation", "anonymous": false])
            let made = try await api.send(.post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 3])
            let codes = try #require(made.json["codes"] as? [String])
            let batch = try #require(made.json["batch"] as? String)
            let path = "/api/public/evaluations/\(evaluation.slug)/responses"
            var first = fullSubmission()
            first["token"] = codes[0]
            #expect(try await api.anonymous.send(.post, path, json: first).status == .created)
            let withdrawn = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/invitations/\(batch)/withdraw")
            #expect(withdrawn.status == .ok, "\(withdrawn.text)")
            #expect(withdrawn.json["withdrawn"] as? Int == 2)
            let check = try await api.anonymous.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/invitation", json: ["token": codes[1]])
            #expect(check.errorCode == "code_withdrawn")
            var second = fullSubmission()
            second["token"] = codes[2]
            let refused = try await api.anonymous.send(.post, path, json: second)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "code_withdrawn")
            // The response made with the first code stays, and is still replayed.
            #expect(try await api.anonymous.send(.post, path, json: first).status == .ok)
            let counts = try await api.send(.get, "/api/evaluations/\(evaluation.id)/invitations")
            #expect(counts.json["used"] as? Int == 1)
            #expect(counts.json["withdrawn"] as? Int == 2)
            let unknown = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/invitations/\(UUID().uuidString)/withdraw")
            #expect(unknown.status == .notFound)
        }
    }

    @Test func openEvaluationsTakeNoCodes() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let refused = try await api.send(.post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 3])
            #expect(refused.status == .conflict)
            let bad = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference"], "title": "x",
                    "meetingDate": "2026-11-20", "access": "secret",
                ])
            #expect(bad.issuePaths == ["access"])
            let invitational = try await api.createEvaluation(extra: ["access": "invitation"])
            for body: [String: Any] in [
                ["count": 0], ["count": 5001], ["count": 2, "venue": "nowhere"],
                ["count": 2, "raterGroup": "ghosts"], ["count": "many"],
            ] {
                let refusedBody = try await api.send(
                    .post, "/api/evaluations/\(invitational.id)/invitations", json: body)
                #expect(refusedBody.status == .unprocessableContent, "\(body)")
            }
        }
    }
}
