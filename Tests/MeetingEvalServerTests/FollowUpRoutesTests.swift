import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import Testing

/// The follow-up routes through the real router: tasks entered and imported (every problem
/// listed, nothing stored then), corrections until a report exists, units' links, the units'
/// reports, and the figures in the overview, the scorecard and the comparison.
@Suite("Follow-up routes")
struct FollowUpRoutesTests {
    static var tasks: [[String: Any]] {
        [
            ["task": "制定安全生产整改方案", "unit": "省应急厅", "deadline": "2020-12-20"],
            ["task": "开展建筑工地专项检查", "unit": "省住建厅", "deadline": "2099-01-31"],
            ["task": "报送整改情况", "unit": "省应急厅", "deadline": "2099-03-31"],
        ]
    }

    static func taskIds(_ response: APIResponse) -> [String] {
        (response.json["tasks"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    }

    @Test("tasks are added, listed, corrected and removed; bad input lists every problem and stores nothing")
    func tasksThroughTheAPI() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let added = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/tasks", json: ["tasks": Self.tasks])
            #expect(added.status == .created, "\(added.text)")
            #expect(added.json["added"] as? Int == 3)
            let ids = Self.taskIds(added)
            #expect(ids.count == 3)

            let bad = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/tasks",
                json: [
                    "tasks": [
                        ["task": "ok", "unit": "u", "deadline": "2026-12-31"], ["task": "", "deadline": "soon"],
                    ]
                ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.issuePaths == ["tasks[1].task", "tasks[1].unit", "tasks[1].deadline"])
            #expect(try await store.followUpTasks(evaluationId: evaluation.id).count == 3)

            let listed = try await api.send(.get, "/api/evaluations/\(evaluation.id)/tasks")
            #expect(Self.taskIds(listed) == ids)
            let first = (listed.json["tasks"] as? [[String: Any]])?.first
            #expect(first?["status"] is NSNull && first?["overdue"] as? Bool == true)

            let patched = try await api.send(
                .patch, "/api/evaluations/\(evaluation.id)/tasks/\(ids[1])", json: ["deadline": "2099-02-28"])
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.json["deadline"] as? String == "2099-02-28")
            let wrongPatch = try await api.send(
                .patch, "/api/evaluations/\(evaluation.id)/tasks/\(ids[1])", json: ["deadline": "2099-02-30"])
            #expect(wrongPatch.status == .unprocessableContent && wrongPatch.issuePaths == ["deadline"])
            let removed = try await api.send(.delete, "/api/evaluations/\(evaluation.id)/tasks/\(ids[2])")
            #expect(removed.status == .noContent)
            let gone = try await api.send(.delete, "/api/evaluations/\(evaluation.id)/tasks/\(ids[2])")
            #expect(gone.status == .notFound)
            let notAnId = try await api.send(.delete, "/api/evaluations/\(evaluation.id)/tasks/nonsense")
            #expect(notAnId.status == .notFound)
            #expect(try await store.followUpTasks(evaluationId: evaluation.id).map(\.id) == Array(ids.prefix(2)))

            let audit = try await store.auditEvents(entityId: evaluation.id).map(\.action)
            #expect(
                audit.filter { $0.hasPrefix("followUp.") } == [
                    "followUp.tasksAdded", "followUp.taskChanged", "followUp.taskDeleted",
                ])
        }
    }

    @Test("a CSV import takes a BOM and Chinese headers; a bad file lists every wrong line and stores nothing")
    func csvImport() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let uri = "/api/evaluations/\(evaluation.id)/tasks/import"
            let good = "\u{FEFF}事项,责任单位,完成时限\r\n\"制定方案，报省政府\",省应急厅,2026-12-31\r\n检查,省住建厅,2027-01-15\r\n"
            let imported = try await api.send(.post, uri, body: good, contentType: "text/csv; charset=utf-8")
            #expect(imported.status == .created, "\(imported.text)")
            #expect(imported.json["added"] as? Int == 2)
            let bad = "task,unit,deadline\nA,B,2027-01-01\n,B,2027-01-01\nC,D,2027/01/01\nE,F\n"
            let refused = try await api.send(.post, uri, body: bad, contentType: "text/csv")
            #expect(refused.status == .unprocessableContent)
            let lines = ((refused.json["error"] as? [String: Any])?["issues"] as? [[String: Any]])?.compactMap {
                $0["line"] as? Int
            }
            #expect(lines == [3, 4, 5])
            #expect(try await store.followUpTasks(evaluationId: evaluation.id).map(\.unit) == ["省应急厅", "省住建厅"])
            let json = try await api.send(.post, uri, body: good, contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            let empty = try await api.send(.post, uri, body: "", contentType: "text/csv")
            #expect(empty.status == .badRequest)
        }
    }

    @Test("a unit's link shows only its tasks, takes its reports, and stops working when reissued")
    func unitLinks() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let ids = Self.taskIds(
                try await api.send(.post, "/api/evaluations/\(evaluation.id)/tasks", json: ["tasks": Self.tasks]))
            let unknownUnit = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/follow-up/links", json: ["unit": "省财政厅"])
            #expect(unknownUnit.status == .unprocessableContent && unknownUnit.issuePaths == ["unit"])
            let issued = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/follow-up/links", json: ["unit": "省应急厅"])
            #expect(issued.status == .created, "\(issued.text)")
            let token = try #require(issued.json["token"] as? String)
            #expect(issued.json["path"] as? String == "/f/\(token)")
            // Only the digest is stored.
            #expect(
                try await store.followUpLinks(evaluationId: evaluation.id).map(\.tokenHash) == [Secrets.sha256(token)])

            let unit = api.anonymous
            let view = try await unit.send(.get, "/api/public/follow-up/\(token)")
            #expect(view.status == .ok, "\(view.text)")
            #expect(view.json["unit"] as? String == "省应急厅")
            #expect(Self.taskIds(view) == [ids[0], ids[2]])

            let reports = "/api/public/follow-up/\(token)/reports"
            let blockedWithout = try await unit.send(.post, reports, json: ["task": ids[0], "status": "blocked"])
            #expect(blockedWithout.status == .unprocessableContent && blockedWithout.issuePaths == ["reason"])
            let othersTask = try await unit.send(.post, reports, json: ["task": ids[1], "status": "done"])
            #expect(othersTask.status == .unprocessableContent && othersTask.issuePaths == ["task"])
            let notJSON = try await unit.send(
                .post, reports, body: #"{"task": "\#(ids[0])", "status": "done"}"#, contentType: "text/plain")
            #expect(notJSON.status == .unsupportedMediaType)
            let done = try await unit.send(
                .post, reports, json: ["task": ids[0], "status": "done", "evidence": "已印发《整改方案》"])
            #expect(done.status == .created, "\(done.text)")
            #expect(done.json["status"] as? String == "done" && done.json["evidence"] as? String == "已印发《整改方案》")
            #expect(try await store.followUpReports(evaluationId: evaluation.id).count == 1)

            // A reported task can no longer be corrected or removed.
            let patch = try await api.send(
                .patch, "/api/evaluations/\(evaluation.id)/tasks/\(ids[0])", json: ["task": "改写"])
            #expect(patch.status == .conflict && patch.errorCode == "task_reported")
            let delete = try await api.send(.delete, "/api/evaluations/\(evaluation.id)/tasks/\(ids[0])")
            #expect(delete.status == .conflict)

            let reissued = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/follow-up/links", json: ["unit": "省应急厅"])
            let newToken = try #require(reissued.json["token"] as? String)
            #expect(newToken != token)
            #expect(try await unit.send(.get, "/api/public/follow-up/\(token)").status == .notFound)
            #expect(try await unit.send(.get, "/api/public/follow-up/\(newToken)").status == .ok)
            let stale = try await unit.send(.post, reports, json: ["task": ids[2], "status": "done"])
            #expect(stale.status == .notFound)
            #expect(try await store.followUpReports(evaluationId: evaluation.id).count == 1)

            let page = try await unit.send(.get, "/f/\(newToken)")
            #expect(page.status == .ok && page.text.contains("follow-up"))
        }
    }

    @Test("the overview, the signed scorecard, its CSV and the comparison carry the rates; rounds are configurable")
    func figures() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let ids = Self.taskIds(
                try await api.send(.post, "/api/evaluations/\(evaluation.id)/tasks", json: ["tasks": Self.tasks]))
            let token = try #require(
                try await api.send(.post, "/api/evaluations/\(evaluation.id)/follow-up/links", json: ["unit": "省应急厅"])
                    .json["token"] as? String)
            _ = try await api.anonymous.send(
                .post, "/api/public/follow-up/\(token)/reports", json: ["task": ids[2], "status": "done"])

            let overview = try await api.send(.get, "/api/evaluations/\(evaluation.id)/follow-up")
            #expect(overview.status == .ok)
            let summary = try #require(overview.json["summary"] as? [String: Any])
            #expect(summary["tasks"] as? Int == 3 && summary["done"] as? Int == 1)
            #expect(summary["implementationRate"] as? Double == 0.3333)
            #expect(summary["onTimeShare"] as? Double == 1)
            #expect(summary["offsets"] as? [Int] == [30, 90])
            // The first task's deadline (2020-12-20) has passed and it is not done.
            #expect((summary["overdueTasks"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
            let units = (overview.json["units"] as? [[String: Any]]) ?? []
            #expect(units.compactMap { $0["unit"] as? String } == ["省住建厅", "省应急厅"])
            #expect(units.first?["linkIssuedAt"] is NSNull)

            let rounds = try await api.send(
                .put, "/api/evaluations/\(evaluation.id)/follow-up", json: ["offsets": [60, 7]])
            #expect(rounds.status == .ok)
            #expect(
                ((rounds.json["summary"] as? [String: Any])?["rounds"] as? [[String: Any]])?.compactMap {
                    $0["dueDate"] as? String
                } == ["2026-11-27", "2027-01-19"])
            let badRounds = try await api.send(
                .put, "/api/evaluations/\(evaluation.id)/follow-up", json: ["offsets": [-1]])
            #expect(badRounds.status == .unprocessableContent && badRounds.issuePaths == ["offsets[0]"])

            let scorecard = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.json")
            let followUp = try #require(scorecard.json["followUp"] as? [String: Any])
            #expect(followUp["implementationRate"] as? Double == 0.3333)
            #expect((followUp["rounds"] as? [[String: Any]])?.count == 2)
            let csv = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.csv")
            #expect(
                csv.text.components(separatedBy: .newlines).contains {
                    $0.hasPrefix("followUp,implementationRate,") && $0.contains("0.3333")
                })
            let html = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.html")
            #expect(html.text.contains("督办") && html.text.contains("33.33"))

            let comparison = try await api.send(.get, "/api/questionnaires/teleconference/comparison")
            let row = (comparison.json["evaluations"] as? [[String: Any]])?.first {
                $0["id"] as? String == evaluation.id
            }
            let rates = try #require(row?["followUp"] as? [String: Any])
            #expect(rates["implementationRate"] as? Double == 0.3333 && rates["onTimeShare"] as? Double == 1)
        }
    }

    @Test("wrong link tokens count against the code-attempt limit")
    func rateLimited() async throws {
        try await withServer(abuseLimits: AbuseLimits.Configuration(codeAttemptsPerMinute: 1)) { api, _ in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<2 {
                statuses.append(try await api.anonymous.send(.get, "/api/public/follow-up/\(Secrets.token())").status)
            }
            // One wrong token a minute: the second within the minute is refused before any look-up.
            #expect(statuses == [.notFound, .tooManyRequests])
        }
    }
}
