import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalReports
import MeetingEvalServer
import MeetingEvalStorage
import Testing

/// The report's routes: settings on create, the evaluator's opinion, the printable report's
/// cover and summary, and the PDF without Chromium.
@Suite struct ReportRoutesTests {
    private func seeded(_ api: APIClient, extra: [String: Any] = [:]) async throws -> String {
        let evaluation = try await api.createEvaluation(extra: extra)
        for venue in ["hefei", "wuhu", "hefei"] {
            let sent = try await api.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: fullSubmission(venue: venue))
            #expect(sent.status == .created)
        }
        return evaluation.id
    }

    @Test func settingsOnCreateReachTheScorecardAndTheCover() async throws {
        try await withServer(configure: { $0.defaultAssessor = "默认评估中心" }) { api, _ in
            let id = try await seeded(
                api,
                extra: [
                    "client": "省人民政府办公厅", "reportNumber": "PG-2026-017",
                    "venues": [
                        ["id": "hefei", "name": "合肥分会场", "expected": 20], ["id": "wuhu", "name": "芜湖分会场", "expected": 2],
                    ],
                ])
            let shown = try await api.send(.get, "/api/evaluations/\(id)").json
            #expect(shown["client"] as? String == "省人民政府办公厅")
            #expect(shown["assessor"] as? String == "默认评估中心")
            #expect(shown["pdfReport"] as? Bool == false)
            #expect(shown["opinion"] == nil)
            let card = try await api.send(.get, "/api/evaluations/\(id)/scorecard.json").json
            let facts = card["evaluation"] as? [String: Any]
            #expect(facts?["reportNumber"] as? String == "PG-2026-017")
            #expect(facts?["assessor"] as? String == "默认评估中心")
            let venues = card["venues"] as? [[String: Any]] ?? []
            let hefei = venues.first { $0["id"] as? String == "hefei" }?["response"] as? [String: Any]
            #expect(hefei?["received"] as? Int == 2 && hefei?["expected"] as? Int == 20)
            #expect(hefei?["rate"] as? Double == 0.1 && hefei?["low"] as? Bool == true)
            let findings = card["findings"] as? [[String: Any]] ?? []
            #expect(findings.first?["kind"] as? String == "overall")
            #expect(findings.contains { $0["kind"] as? String == "venueResponseRate" && $0["subject"] as? String == "hefei" })
            #expect(card["opinion"] is NSNull)

            let html = try await api.send(.get, "/api/evaluations/\(id)/scorecard.html").text
            #expect(html.contains("<td class=\"client\">省人民政府办公厅</td>"))
            #expect(html.contains("<td class=\"report-number\">PG-2026-017</td>"))
            #expect(html.contains("草稿（评估意见尚未填写）"))
            #expect(html.contains("本报告中的日期和时间均为Asia/Shanghai, UTC+08:00时间。"))
            let english = try await api.send(.get, "/api/evaluations/\(id)/scorecard.html?locale=en").text
            #expect(english.contains("Draft (no evaluator&#39;s opinion yet)") || english.contains("Draft (no evaluator's opinion yet)"))
            #expect(english.contains("Appendix C. How to verify this report"))
        }
    }

    @Test func theReportsTimeZoneWritesEveryDate() async throws {
        try await withServer(configure: { $0.report = ReportOptions(timeZone: TimeZone(identifier: "America/New_York")!) }) { api, _ in
            let id = try await seeded(api)
            let html = try await api.send(.get, "/api/evaluations/\(id)/scorecard.html?locale=en").text
            #expect(html.contains("America/New_York, UTC−0"))
            #expect(html.contains("20 November 2026"))
        }
    }

    @Test func theOpinionIsWrittenSignedAndAudited() async throws {
        try await withServer { api, store in
            let id = try await seeded(api)
            let path = "/api/evaluations/\(id)/opinion"
            let before = try await snapshot(store)
            let cases: [(String?, HTTPResponse.Status)] = [
                (nil, .badRequest), ("{\"text\":", .badRequest), ("{}", .unprocessableContent),
                ("{\"text\":\"  \"}", .unprocessableContent), ("{\"text\":7}", .unprocessableContent),
                ("{\"text\":\"a\\u0000b\"}", .unprocessableContent),
                ("{\"text\":\"\(String(repeating: "长", count: 20_001))\"}", .unprocessableContent),
            ]
            for (body, status) in cases {
                let response = try await api.send(.put, path, body: body)
                #expect(response.status == status, "\(body ?? "(no body)") → \(response.text)")
                #expect(response.json["error"] != nil)
            }
            #expect(try await api.send(.put, "/api/evaluations/\(UUID().uuidString)/opinion", json: ["text": "x"]).status == .notFound)
            #expect(try await snapshot(store) == before)

            let written = try await api.send(.put, path, json: ["text": "会议组织有序。\n建议提前一天发送材料。"])
            #expect(written.status == .ok, "\(written.text)")
            let opinion = written.json["opinion"] as? [String: Any]
            #expect(opinion?["text"] as? String == "会议组织有序。\n建议提前一天发送材料。")
            #expect(opinion?["author"] as? String == "admin-token")

            let card = try await api.send(.get, "/api/evaluations/\(id)/scorecard.json").json
            #expect((card["opinion"] as? [String: Any])?["text"] as? String == "会议组织有序。\n建议提前一天发送材料。")
            let signature = card["signature"] as? [String: Any]
            #expect((signature?["parts"] as? [String: Any])?["opinion"] != nil)

            let html = try await api.send(.get, "/api/evaluations/\(id)/scorecard.html").text
            #expect(html.contains("<p>建议提前一天发送材料。</p>"))
            #expect(!html.contains("草稿（评估意见尚未填写）"))
            #expect(html.contains("阶段性报告（评估尚未结束）"))

            let audit = try await api.send(.get, "/api/audit?entity=\(id)").json
            let events = (audit["events"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "evaluation.opinion" }
            #expect(events.count == 1)
        }
    }

    @Test func withoutChromiumThePDFIsUnavailable() async throws {
        try await withServer { api, _ in
            let id = try await seeded(api)
            let response = try await api.send(.get, "/api/evaluations/\(id)/scorecard.pdf")
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "pdf_unavailable")
            #expect(response.errorMessage?.contains("--chromium") == true)
        }
    }

    @Test func theCommentSettingIsCheckedAndApplied() async throws {
        try await withServer { api, _ in
            let id = try await seeded(api)
            #expect(try await api.send(.get, "/api/evaluations/\(id)/scorecard.html?comments=-1").status == .badRequest)
            #expect(try await api.send(.get, "/api/evaluations/\(id)/scorecard.html?comments=some").status == .badRequest)
            let none = try await api.send(.get, "/api/evaluations/\(id)/scorecard.html?comments=0").text
            let all = try await api.send(.get, "/api/evaluations/\(id)/scorecard.html?comments=all").text
            #expect(all.components(separatedBy: "<td class=\"text\">").count > none.components(separatedBy: "<td class=\"text\">").count)
        }
    }
}
