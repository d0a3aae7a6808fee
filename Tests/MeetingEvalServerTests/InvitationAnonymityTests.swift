import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import Testing

/// Nothing an organizer can read links a response of an anonymous evaluation to the batch (and
/// so the person) its code came from: batches of at least five, used counts only per venue and
/// rater group from five on, no count left by a withdrawal, and asking whether a code is spent
/// costs an attempt.
@Suite struct InvitationAnonymityTests {
    @Test func anonymousBatchesHoldAtLeastFiveCodes() async throws {
        try await withServer { api, store in
            let anonymous = try await api.createEvaluation(extra: ["access": "invitation"])
            let before = try await snapshot(store)
            for count in 1...4 {
                let refused = try await api.send(
                    .post, "/api/evaluations/\(anonymous.id)/invitations", json: ["count": count])
                #expect(refused.status == .unprocessableContent, "\(count): \(refused.text)")
                #expect(refused.issuePaths == ["count"])
            }
            #expect(try await snapshot(store) == before)
            let five = try await api.send(.post, "/api/evaluations/\(anonymous.id)/invitations", json: ["count": 5])
            #expect(five.status == .created)
            // Where responses are linked to codes anyway, a batch may hold one.
            let named = try await api.createEvaluation(extra: ["access": "invitation", "anonymous": false])
            let one = try await api.send(.post, "/api/evaluations/\(named.id)/invitations", json: ["count": 1])
            #expect(one.status == .created, "\(one.text)")
        }
    }

    @Test func usedCountsAreShownOnlyPerVenueAndGroupFromFiveOn() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation(extra: ["access": "invitation"])
            var batches: [(id: String, codes: [String])] = []
            for (venue, group) in [("hefei", "leaders"), ("hefei", "leaders"), ("wuhu", "attendees")] {
                let made = try await api.send(
                    .post, "/api/evaluations/\(evaluation.id)/invitations",
                    json: ["count": 5, "venue": venue, "raterGroup": group])
                batches.append((made.json["batch"] as! String, made.json["codes"] as! [String]))
            }
            let path = "/api/public/evaluations/\(evaluation.slug)/responses"
            func summary() async throws -> APIResponse {
                try await api.send(.get, "/api/evaluations/\(evaluation.id)/invitations")
            }
            func group(_ body: APIResponse, _ key: String, _ id: String) -> [String: Any]? {
                (body.json[key] as? [[String: Any]])?.first { $0["id"] as? String == id }
            }
            let empty = try await summary()
            for (index, code) in batches[0].codes.enumerated() {
                var submission = fullSubmission()
                submission.removeValue(forKey: "venue")
                submission.removeValue(forKey: "raterGroup")
                submission["token"] = code
                #expect(try await api.anonymous.send(.post, path, json: submission).status == .created)
                let now = try await summary()
                // No batch ever carries a used or withdrawn count.
                for batch in now.json["batches"] as? [[String: Any]] ?? [] {
                    #expect(batch["used"] == nil && batch["withdrawn"] == nil, "\(batch)")
                }
                let hefei = group(now, "byVenue", "hefei")
                #expect(hefei?["codes"] as? Int == 10)
                if index < 4 {
                    // Fewer than five used: the answer is the same as before any was used.
                    #expect(now.text == empty.text, "after \(index + 1): \(now.text)")
                    #expect(hefei?["used"] == nil)
                } else {
                    #expect(hefei?["used"] as? Int == 5)
                    #expect(group(now, "byRaterGroup", "leaders")?["used"] as? Int == 5)
                    #expect(group(now, "byVenue", "wuhu")?["used"] == nil)
                    #expect(now.json["used"] as? Int == 5)
                }
            }
            // Withdrawing a batch does not tell how many of it were left unused.
            let withdrawn = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/invitations/\(batches[1].id)/withdraw")
            #expect(withdrawn.status == .ok)
            #expect(withdrawn.json["withdrawn"] == nil, "\(withdrawn.text)")
            let after = try await summary()
            #expect(after.json["withdrawn"] == nil)
            let row = (after.json["batches"] as? [[String: Any]])?.first { $0["batch"] as? String == batches[1].id }
            #expect(row?["isWithdrawn"] as? Bool == true)
        }
    }

    @Test func askingWhetherACodeIsSpentCostsAnAttempt() async throws {
        let limits = AbuseLimits.Configuration(codeAttemptsPerMinute: 3)
        try await withServer(abuseLimits: limits) { api, _ in
            let evaluation = try await api.createEvaluation(extra: ["access": "invitation"])
            let made = try await api.send(.post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 5])
            let codes = try #require(made.json["codes"] as? [String])
            var submission = fullSubmission()
            submission["token"] = codes[0]
            let path = "/api/public/evaluations/\(evaluation.slug)/responses"
            #expect(try await api.anonymous.send(.post, path, json: submission).status == .created)
            let check = "/api/public/evaluations/\(evaluation.slug)/invitation"
            var answers: [String] = []
            for _ in 0..<4 {
                answers.append(try await api.anonymous.send(.post, check, json: ["token": codes[0]]).errorCode ?? "-")
            }
            #expect(answers == ["code_used", "code_used", "code_used", "rate_limited"])
            // A right, unused code is refused too while the client is over its limit.
            #expect(try await api.anonymous.send(.post, check, json: ["token": codes[1]]).errorCode == "rate_limited")
        }
    }
}
