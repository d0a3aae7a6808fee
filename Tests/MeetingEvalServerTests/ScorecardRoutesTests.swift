import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import Testing

@Suite struct ScorecardRoutesTests {
    /// Three attendees answer; one of them rushed through in 5 seconds.
    private func seeded(_ api: APIClient, excludeFlagged: Bool = true) async throws -> (
        id: String, slug: String, ids: [String]
    ) {
        let evaluation = try await api.createEvaluation(extra: [
            "screening": ["minSeconds": 30, "excludeFlagged": excludeFlagged]
        ])
        var ids: [String] = []
        for (index, venue) in ["hefei", "wuhu", "hefei"].enumerated() {
            var submission = fullSubmission(venue: venue, group: index == 1 ? "leaders" : "attendees")
            if index == 2 { submission["startedAt"] = Timestamp.format(Date().addingTimeInterval(-5)) }
            if index == 1 {
                var answers = submission["answers"] as! [String: Any]
                answers["suggestion"] = "=HYPERLINK(\"http://x\")"
                answers["audio"] = 2
                submission["answers"] = answers
            }
            let sent = try await api.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: submission)
            #expect(sent.status == .created)
            ids.append((submission["id"] as! String).lowercased())
        }
        return (evaluation.id, evaluation.slug, ids)
    }

    @Test func jsonScorecardCountsScreensAndScores() async throws {
        try await withServer { api, _ in
            let evaluation = try await seeded(api)
            let response = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.json")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let card = response.json
            let responses = card["responses"] as? [String: Any]
            #expect(responses?["received"] as? Int == 3)
            #expect(responses?["included"] as? Int == 2)
            #expect((responses?["excluded"] as? [String: Any])?["speeder"] as? Int == 1)
            #expect((responses?["flagged"] as? [String: Any])?["speeder"] as? Int == 1)
            #expect(responses?["expected"] as? Int == 50)
            #expect(responses?["responseRate"] as? Double == 0.06)
            let overall = card["overall"] as? [String: Any]
            let score = try #require(overall?["score"] as? Double)
            #expect((0...100).contains(score))
            #expect(overall?["n"] as? Int == 2)
            // One response per group: no spread to estimate, so no interval.
            #expect(overall?["ci95"] is NSNull)
            let venues = try #require(card["venues"] as? [[String: Any]])
            #expect(venues.map { $0["id"] as? String } == ["hefei", "wuhu"])
            #expect(venues.map { $0["n"] as? Int } == [1, 1])
            let groups = try #require(card["raterGroups"] as? [[String: Any]])
            let weights = groups.compactMap { $0["weight"] as? Double }
            #expect(abs(weights.reduce(0, +) - 1) < 1e-9)
            let dimensions = try #require(card["dimensions"] as? [[String: Any]])
            #expect(abs(dimensions.compactMap { $0["weight"] as? Double }.reduce(0, +) - 1) < 1e-9)
            let audio = try #require((card["questions"] as? [[String: Any]])?.first { $0["id"] as? String == "audio" })
            // Answers 5 (attendee) and 2 (leader) on 1–5: scores 100 and 25.
            #expect(audio["distribution"] as? [String: Int] == ["2": 1, "5": 1])
            #expect(audio["mean"] as? Double == 62.5)
            #expect(audio["n"] as? Int == 2)
            let comments = try #require(card["comments"] as? [[String: Any]])
            #expect(comments.count == 2)
            #expect((card["includedResponsesDigest"] as? String)?.count == 64)
        }
    }

    @Test func manualExclusionIsRecordedAndUndone() async throws {
        try await withServer { api, store in
            let evaluation = try await seeded(api, excludeFlagged: false)
            let path = "/api/evaluations/\(evaluation.id)/responses/\(evaluation.ids[0])/exclusion"
            let excluded = try await api.send(.post, path, json: ["reason": "同一人重复提交"])
            #expect(excluded.status == .created)
            #expect(excluded.json["excluded"] as? Bool == true)
            #expect(try await api.send(.post, path, json: ["reason": "again"]).errorCode == "already_excluded")

            var card = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.json").json
            var responses = card["responses"] as? [String: Any]
            #expect(responses?["included"] as? Int == 2)
            #expect((responses?["excluded"] as? [String: Any])?["manual"] as? Int == 1)
            // Flags are reported although this evaluation keeps flagged responses.
            #expect((responses?["flagged"] as? [String: Any])?["speeder"] as? Int == 1)
            let exclusions = (card["screening"] as? [String: Any])?["exclusions"] as? [[String: Any]]
            #expect(exclusions?.first?["reason"] as? String == "同一人重复提交")

            let screening = try await api.send(.get, "/api/evaluations/\(evaluation.id)/screening").json
            let listed = try #require(screening["responses"] as? [[String: Any]])
            #expect(Set(listed.compactMap { $0["id"] as? String }) == [evaluation.ids[0], evaluation.ids[2]])

            let undone = try await api.send(.delete, path, json: ["reason": "误操作"])
            #expect(undone.status == .ok)
            #expect(undone.json["excluded"] as? Bool == false)
            #expect(try await api.send(.delete, path).errorCode == "not_excluded")
            card = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.json").json
            responses = card["responses"] as? [String: Any]
            #expect(responses?["included"] as? Int == 3)

            let actions = try await store.auditEvents(entityId: evaluation.id).map(\.action)
            #expect(actions.filter { $0 == "response.excluded" }.count == 1)
            #expect(actions.filter { $0 == "response.included" }.count == 1)
            // The responses themselves are untouched.
            #expect(try await store.responses(evaluationId: evaluation.id).count == 3)
        }
    }

    @Test func badExclusionRequestsChangeNothing() async throws {
        try await withServer { api, store in
            let evaluation = try await seeded(api)
            let other = try await seeded(api)
            let before = try await snapshot(store)
            let base = "/api/evaluations/\(evaluation.id)/responses"
            let cases: [(String, String?, HTTPResponse.Status)] = [
                ("\(base)/\(evaluation.ids[0])/exclusion", nil, .badRequest),
                ("\(base)/\(evaluation.ids[0])/exclusion", "{\"reason\":", .badRequest),
                ("\(base)/\(evaluation.ids[0])/exclusion", "{}", .unprocessableContent),
                ("\(base)/\(evaluation.ids[0])/exclusion", "{\"reason\":\"   \"}", .unprocessableContent),
                ("\(base)/\(evaluation.ids[0])/exclusion", "{\"reason\":42}", .unprocessableContent),
                ("\(base)/\(evaluation.ids[0])/exclusion", "{\"reason\":\"x\",\"by\":\"me\"}", .unprocessableContent),
                (
                    "\(base)/\(evaluation.ids[0])/exclusion",
                    "{\"reason\":\"\(String(repeating: "长", count: 501))\"}", .unprocessableContent
                ),
                ("\(base)/\(evaluation.ids[0])/exclusion", "{\"reason\":\"a\\u0000b\"}", .unprocessableContent),
                ("\(base)/\(UUID().uuidString)/exclusion", "{\"reason\":\"x\"}", .notFound),
                ("\(base)/not-a-uuid/exclusion", "{\"reason\":\"x\"}", .notFound),
                (
                    "/api/evaluations/\(UUID().uuidString)/responses/\(evaluation.ids[0])/exclusion",
                    "{\"reason\":\"x\"}", .notFound
                ),
            ]
            for (uri, body, status) in cases {
                let response = try await api.send(.post, uri, body: body)
                #expect(response.status == status, "\(uri) \(body ?? "(no body)") → \(response.text)")
                #expect(response.json["error"] != nil)
            }
            // A response of another evaluation is unknown here.
            let crossed = try await api.send(
                .post, "\(base)/\(other.ids[0])/exclusion", json: ["reason": "not mine"])
            #expect(crossed.status == .notFound)
            #expect(try await snapshot(store) == before)
        }
    }

    @Test func unknownEvaluationsAre404Everywhere() async throws {
        try await withServer { api, _ in
            for suffix in [
                "scorecard.json", "scorecard.csv", "scorecard.html", "responses.csv", "codebook.csv", "screening",
                "scorecard.xlsx", "responses-wide.csv", "responses.sps",
            ] {
                let response = try await api.send(.get, "/api/evaluations/\(UUID().uuidString)/\(suffix)")
                #expect(response.status == .notFound, "\(suffix)")
            }
        }
    }

    @Test func workbookAndStatisticsExportsAnswerAndADraftHasNone() async throws {
        try await withServer { api, store in
            let evaluation = try await seeded(api)
            let book = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.xlsx")
            #expect(book.status == .ok)
            #expect(book.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(book.headers[.contentDisposition]?.contains("scorecard-\(evaluation.id).xlsx") == true)
            #expect(book.text.hasPrefix("PK"))

            let wide = try await api.send(.get, "/api/evaluations/\(evaluation.id)/responses-wide.csv")
            #expect(wide.status == .ok)
            #expect(wide.headers[.contentDisposition]?.contains("responses-wide-\(evaluation.id).csv") == true)
            let lines = wide.text.split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines[0].hasPrefix("response_id,included,venue,rater_group,received_at,duration_s,q_"))
            // The speeder is left out of the scores; the other two count.
            #expect(lines.dropFirst().map { $0.split(separator: ",")[1] } == ["1", "1", "0"])
            #expect(wide.text.contains("'=HYPERLINK(\"\"http://x\"\")"))
            let actions = try await store.auditEvents(entityId: evaluation.id).map(\.action)
            #expect(actions.contains("responses.exported"))

            let syntax = try await api.send(.get, "/api/evaluations/\(evaluation.id)/responses.sps?locale=en")
            #expect(syntax.status == .ok)
            #expect(syntax.headers[.contentDisposition]?.contains("responses-\(evaluation.id).sps") == true)
            #expect(syntax.text.contains("/FILE='responses-wide-\(evaluation.id).csv'"))
            #expect(syntax.text.contains("  /venue\n    1 '合肥分会场'\n    2 'Wuhu'"))

            let draft = try await api.createEvaluation(open: false)
            for suffix in ["scorecard.xlsx", "responses-wide.csv", "responses.sps"] {
                let refused = try await api.send(.get, "/api/evaluations/\(draft.id)/\(suffix)")
                #expect(refused.status == .conflict, "\(suffix)")
                #expect(refused.errorCode == "wrong_state")
                #expect(refused.errorMessage?.contains("draft") == true)
            }
        }
    }

    @Test func csvExportsOpenRightInSpreadsheetsAndAreSafe() async throws {
        try await withServer { api, _ in
            let evaluation = try await seeded(api)
            let raw = try await api.send(.get, "/api/evaluations/\(evaluation.id)/responses.csv")
            #expect(raw.status == .ok)
            #expect(raw.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(raw.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(raw.text.hasPrefix("\u{FEFF}"))
            let rows = CSVParser.parse(String(raw.text.dropFirst()))
            #expect(rows.count == 4)
            let header = rows[0]
            #expect(header.first == "responseId")
            #expect(header.contains("notice") && header.contains("suggestion"))
            let suggestion = try #require(header.firstIndex(of: "suggestion"))
            let texts = rows.dropFirst().map { $0[suggestion] }
            // The formula is neutralized; quotes survive the round trip.
            #expect(texts.contains("'=HYPERLINK(\"http://x\")"))
            #expect(texts.contains("建议压缩会议时间 <script>alert(1)</script>"))
            #expect(!raw.text.contains("\n=HYPERLINK") && !raw.text.contains(",=HYPERLINK"))
            let flags = try #require(header.firstIndex(of: "screeningFlags"))
            #expect(rows.dropFirst().map { $0[flags] } == ["", "", "speeder"])
            #expect(rows.dropFirst().allSatisfy { $0.count == header.count })

            let codebook = try await api.send(.get, "/api/evaluations/\(evaluation.id)/codebook.csv")
            let entries = CSVParser.parse(String(codebook.text.dropFirst()))
            #expect(entries[0].contains("text.zh") && entries[0].contains("text.en"))
            #expect(entries.contains { $0.first == "notice" && $0.contains("会议通知的及时性和完整性（时间、议程、参会范围等）") })
            #expect(entries.contains { $0.first == "necessity" && $0[1] == "necessary" && $0.contains("100") })

            let card = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.csv")
            #expect(card.text.hasPrefix("\u{FEFF}section,"))
            let table = CSVParser.parse(String(card.text.dropFirst()))
            #expect(table.allSatisfy { $0.count == table[0].count })
            #expect(table.contains { $0.first == "overall" })
            #expect(table.contains { $0.first == "comment" && $0[2] == "'=HYPERLINK(\"http://x\")" })
        }
    }

    @Test func printableScorecardEscapesAttendeeText() async throws {
        try await withServer { api, _ in
            let evaluation = try await seeded(api, excludeFlagged: false)
            let page = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.html")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert(1)"))
            #expect(page.text.contains("<svg"))
            let english = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.html?locale=en")
            #expect(english.text.contains("lang=\"en\""))
        }
    }
}

/// RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF rows.
enum CSVParser {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                row.append(field)
                field = ""
            } else if scalar == "\r" {
                continue
            } else if scalar == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
