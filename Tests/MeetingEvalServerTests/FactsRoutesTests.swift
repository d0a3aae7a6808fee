import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import Testing

/// `/api/evaluations/{id}/facts`, `/api/standards` and the standard and index of an
/// evaluation, through the real router: what is stored, what a bad body leaves, the audit,
/// and the facts and combined sections of the scorecard in JSON and CSV.
@Suite("Meeting facts routes")
struct FactsRoutesTests {
    static var facts: [String: Any] {
        [
            "plannedStart": "2026-11-20T09:00:00+08:00", "plannedEnd": "2026-11-20T10:30:00+08:00",
            "actualStart": "2026-11-20T09:12:00+08:00", "actualEnd": "2026-11-20T10:57:00+08:00",
            "attendance": [["venue": "hefei", "expected": 40, "present": 37]],
            "speeches": [["speaker": "常务副省长", "role": "leader", "minutes": 65]],
            "documents": ["count": 2, "pages": 18], "mergeable": false, "cost": NSNull(),
        ]
    }

    @Test("the shipped standards are listed as their files read")
    func standards() async throws {
        try await withServer { api, _ in
            let listed = try await api.send(.get, "/api/standards")
            #expect(listed.status == .ok)
            let standards = listed.json["standards"] as? [[String: Any]] ?? []
            #expect(standards.compactMap { $0["id"] as? String } == ["anhui-2019", "generic"])
            let rules = standards.first?["rules"] as? [[String: Any]] ?? []
            #expect(rules.first?["max"] as? Int == 90)
        }
    }

    @Test("facts are recorded, checked against the pinned standard, audited, and scored in the scorecard")
    func recordAndScore() async throws {
        try await withServer { api, store in
            let (id, slug) = try await api.createEvaluation(
                extra: [
                    "standard": "anhui-2019", "index": ["survey": 0.7, "facts": 0.3], "meetingType": "teleconference",
                ])
            let shown = try await api.send(.get, "/api/evaluations/\(id)")
            #expect(shown.json["standard"] as? String == "anhui-2019")
            #expect(shown.json["factsRecorded"] as? Bool == false)
            let empty = try await api.send(.get, "/api/evaluations/\(id)/facts")
            #expect(empty.status == .ok)
            #expect(empty.json["facts"] is NSNull && empty.json["assessment"] is NSNull)

            let recorded = try await api.send(.put, "/api/evaluations/\(id)/facts", json: Self.facts)
            #expect(recorded.status == .ok, "\(recorded.text)")
            let assessment = recorded.json["assessment"] as? [String: Any] ?? [:]
            #expect(assessment["score"] as? Double == 85)
            let checks = assessment["checks"] as? [[String: Any]] ?? []
            let broken = checks.filter { $0["passed"] as? Bool == false }
            #expect(broken.compactMap { $0["rule"] as? String } == ["teleconference-duration", "leader-speech"])
            #expect(broken.compactMap { $0["deducted"] as? Double } == [10, 5])
            #expect((assessment["measured"] as? [String: Any])?["personHours"] as? Double == 64.75)

            // A bad body lists every problem and leaves the stored facts as they were.
            let before = try await store.evaluation(id: id)?.facts
            let bad = try await api.send(
                .put, "/api/evaluations/\(id)/facts",
                json: ["actualStart": "09:12", "speeches": [["speaker": "x", "role": "boss", "minutes": 5]]])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.issuePaths == ["actualStart", "speeches[0].role"])
            for body in ["[1, 2]", "{", "\"facts\""] {
                let malformed = try await api.send(.put, "/api/evaluations/\(id)/facts", body: body)
                #expect(
                    [.badRequest, .unprocessableContent].contains(malformed.status), "\(body): \(malformed.status)")
            }
            #expect(try await store.evaluation(id: id)?.facts == before)
            let audit = try await api.send(.get, "/api/audit?entity=\(id)")
            let actions = (audit.json["events"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.filter { $0 == "evaluation.facts" }.count == 1)

            // Two responses, then the scorecard carries the facts and the combined index.
            for venue in ["hefei", "wuhu"] {
                let submitted = try await api.anonymous.send(
                    .post, "/api/public/evaluations/\(slug)/responses", json: fullSubmission(venue: venue))
                #expect(submitted.status == .created)
            }
            let scorecard = try await api.send(.get, "/api/evaluations/\(id)/scorecard.json")
            #expect(scorecard.status == .ok)
            let document = scorecard.json
            let factsSection = document["facts"] as? [String: Any] ?? [:]
            #expect(factsSection["score"] as? Double == 85)
            let overall = (document["overall"] as? [String: Any])?["score"] as? Double
            let combined = document["combined"] as? [String: Any] ?? [:]
            let expected = ScoreRounding.round(0.7 * (overall ?? 0) + 0.3 * 85)
            #expect(combined["score"] as? Double == expected)
            #expect(combined["grade"] as? String != nil)
            let findings = document["findings"] as? [[String: Any]] ?? []
            let factsFinding = findings.first { $0["kind"] as? String == "factsScore" }
            #expect(factsFinding?["attention"] as? Bool == true)
            #expect(factsFinding?["count"] as? Int == 2)
            #expect(
                factsFinding?["text"] as? String
                    == "对照“安徽省精文减会规定（2019）”，会议实况得分85.00分：违反2条规则（电视电话会议不超过90分钟；领导讲话不超过1小时），扣15.00分。")
            #expect(findings.last?["kind"] as? String == "combined")
            let csv = try await api.send(.get, "/api/evaluations/\(id)/scorecard.csv")
            #expect(csv.text.contains("factsCheck,teleconference-duration,电视电话会议不超过90分钟,,,105,"))
            #expect(csv.text.contains("broken; deducted 10"))
            #expect(csv.text.contains("factsScore,anhui-2019"))
            #expect(csv.text.contains("combined,combined,,,,\(JSONOutput.format(expected))"))
            let html = try await api.send(.get, "/api/evaluations/\(id)/scorecard.html")
            #expect(html.text.contains("会议实况与规范核查"))
            #expect(html.text.contains("电视电话会议不超过90分钟"))
            #expect(html.text.contains("64.75"))
        }
    }

    @Test("an unknown standard, or an index without one, is refused; a patch changes or removes the standard")
    func standardOnTheEvaluation() async throws {
        try await withServer { api, store in
            let unknown = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference"], "title": "t", "meetingDate": "2026-11-20",
                    "standard": "nowhere-2020",
                ])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.issuePaths == ["standard"])
            #expect(unknown.text.contains("anhui-2019, generic"))
            let noStandard = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference"], "title": "t", "meetingDate": "2026-11-20",
                    "index": ["survey": 1, "facts": 1],
                ])
            #expect(noStandard.issuePaths == ["index"])
            let (id, _) = try await api.createEvaluation(open: false, extra: ["standard": "generic"])
            let changed = try await api.send(.patch, "/api/evaluations/\(id)", json: ["standard": "anhui-2019"])
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try await store.evaluation(id: id)?.standard?.id == "anhui-2019")
            let removed = try await api.send(.patch, "/api/evaluations/\(id)", json: ["standard": NSNull()])
            #expect(removed.status == .ok)
            #expect(try await store.evaluation(id: id)?.standard == nil)
            // Facts without a standard: measured, not scored; the scorecard has no combined index.
            let recorded = try await api.send(.put, "/api/evaluations/\(id)/facts", json: Self.facts)
            let assessment = recorded.json["assessment"] as? [String: Any] ?? [:]
            #expect(assessment["score"] is NSNull)
            #expect((assessment["checks"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("facts may be recorded on a closed evaluation, not on an archived one; other venues are refused")
    func states() async throws {
        try await withServer { api, _ in
            let (id, _) = try await api.createEvaluation(extra: ["standard": "anhui-2019"])
            let closed = try await api.send(.post, "/api/evaluations/\(id)/close")
            #expect(closed.status == .ok)
            let recorded = try await api.send(.put, "/api/evaluations/\(id)/facts", json: Self.facts)
            #expect(recorded.status == .ok)
            var elsewhere = Self.facts
            elsewhere["attendance"] = [["venue": "beijing", "expected": 4, "present": 4]]
            let wrongVenue = try await api.send(.put, "/api/evaluations/\(id)/facts", json: elsewhere)
            #expect(wrongVenue.issuePaths == ["attendance[0].venue"])
            let archived = try await api.send(.post, "/api/evaluations/\(id)/archive")
            #expect(archived.status == .ok)
            let refused = try await api.send(.put, "/api/evaluations/\(id)/facts", json: [String: Any]())
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "wrong_state")
        }
    }
}
