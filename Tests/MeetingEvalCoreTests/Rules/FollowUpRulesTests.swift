import Foundation
import Testing

@testable import MeetingEvalCore

/// The follow-up rules on values alone: reading tasks, the CSV import, reports and offsets;
/// statuses at a moment, the rates, overdue tasks and rounds (docs/scoring.md, "Follow-up of
/// decisions").
@Suite("Follow-up rules")
struct FollowUpRulesTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    static func node(_ json: String) throws -> DocumentNode { try DocumentNode.parseJSON(Data(json.utf8)) }

    static func issues<T>(_ result: Result<T, IssueList>) -> [ValidationIssue] {
        if case .failure(let list) = result { return list.issues }
        return []
    }

    /// A moment given as local Shanghai time.
    static func at(_ local: String) -> Date {
        Timestamp.parse(local.replacingOccurrences(of: " ", with: "T") + ":00.000+08:00")
            ?? ISO8601DateFormatter().date(from: local.replacingOccurrences(of: " ", with: "T") + ":00+08:00")!
    }

    static func task(_ id: String, unit: String = "省应急厅", deadline: String, position: Int = 1) -> FollowUpTask {
        FollowUpTask(
            id: id, evaluationId: "e", position: position, text: "事项\(id)", unit: unit, deadline: deadline,
            createdAt: at("2026-11-20 12:00"))
    }

    static func report(_ task: String, _ status: FollowUpStatus, _ local: String, unit: String = "省应急厅")
        -> FollowUpReport
    {
        FollowUpReport(
            evaluationId: "e", taskId: task, unit: unit, status: status, reason: status == .blocked ? "缺资金" : nil,
            evidence: nil, reportedAt: at(local))
    }

    @Test("a task list is read with every problem at once")
    func readTasks() throws {
        let good = FollowUpRules.readTasks(
            try Self.node(#"{"tasks": [{"task": " 制定方案 ", "unit": "省应急厅", "deadline": "2026-12-31"}]}"#), existing: 0)
        #expect(try good.get() == [FollowUpRules.TaskDraft(text: "制定方案", unit: "省应急厅", deadline: "2026-12-31")])
        let bad = FollowUpRules.readTasks(
            try Self.node(
                #"{"tasks": [{"task": "", "unit": "a\nb", "deadline": "2026-02-30"}, {"unit": "x", "deadline": "明年"}]}"#
            ),
            existing: 0)
        #expect(
            Self.issues(bad).map(\.path) == [
                "tasks[0].task", "tasks[0].unit", "tasks[0].deadline", "tasks[1].task", "tasks[1].deadline",
            ])
        let tooMany = FollowUpRules.readTasks(
            try Self.node(#"{"tasks": [{"task": "t", "unit": "u", "deadline": "2026-12-31"}]}"#),
            existing: FollowUpRules.maxTasks)
        #expect(Self.issues(tooMany).map(\.path) == ["tasks"])
        #expect(Self.issues(FollowUpRules.readTasks(try Self.node(#"{"tasks": []}"#), existing: 0)).count == 1)
    }

    @Test("CSV with a byte order mark, Chinese headers in any order, quotes and CRLF is read")
    func csvImport() throws {
        let text = "\u{FEFF}完成时限,事项,责任单位\r\n2026-12-31,\"制定方案，报省政府\",省应急厅\r\n\r\n"
            + "2027-01-15,\"检查\"\"两客一危\"\"车辆\n并通报\",省交通运输厅\r\n"
        let drafts = try FollowUpRules.readCSV(Data(text.utf8), existing: 0).get()
        #expect(
            drafts == [
                FollowUpRules.TaskDraft(text: "制定方案，报省政府", unit: "省应急厅", deadline: "2026-12-31"),
                FollowUpRules.TaskDraft(text: "检查\"两客一危\"车辆\n并通报", unit: "省交通运输厅", deadline: "2027-01-15"),
            ])
        let english = try FollowUpRules.readCSV(Data("task,unit,deadline\nA,B,2026-12-01\n".utf8), existing: 0).get()
        #expect(english.count == 1)
    }

    @Test("a bad CSV lists every wrong line and gives no task")
    func csvProblems() {
        let text = "task,unit,deadline\nA,B,2026-12-01\n,B,2026-12-01\nC,D,12/01/2026\nE,F\nG,H,2026-13-01\n"
        let problems = Self.issues(FollowUpRules.readCSV(Data(text.utf8), existing: 0))
        #expect(problems.map(\.line) == [3, 4, 5, 6])
        #expect(problems.map(\.path) == ["task", "deadline", "row", "deadline"])
        #expect(Self.issues(FollowUpRules.readCSV(Data("任务,单位\nA,B\n".utf8), existing: 0)).allSatisfy { $0.line == 1 })
        #expect(
            Self.issues(FollowUpRules.readCSV(Data("task,unit,deadline\n\"A,B,2026-12-01\n".utf8), existing: 0))
                .map(\.line) == [2])
        #expect(Self.issues(FollowUpRules.readCSV(Data([0xFF, 0xFE, 0x00]), existing: 0)).count == 1)
        #expect(Self.issues(FollowUpRules.readCSV(Data("task,unit,deadline\n".utf8), existing: 0)).count == 1)
        #expect(Self.issues(FollowUpRules.readCSV(Data("".utf8), existing: 0)).count == 1)
    }

    @Test("a report needs a known status, and a reason exactly when blocked")
    func reports() throws {
        let id = UUID().uuidString
        let blocked = FollowUpRules.readReport(try Self.node(#"{"task": "\#(id)", "status": "blocked"}"#))
        #expect(Self.issues(blocked).map(\.path) == ["reason"])
        let done = try FollowUpRules.readReport(
            try Self.node(#"{"task": "\#(id)", "status": "done", "evidence": " 已印发 "}"#)
        ).get()
        #expect(done.status == .done && done.evidence == "已印发" && done.taskId == id.lowercased())
        let wrong = FollowUpRules.readReport(
            try Self.node(#"{"task": "x", "status": "finished", "reason": "r"}"#))
        #expect(Self.issues(wrong).map(\.path) == ["task", "status"])
        let reasonWithoutBlock = FollowUpRules.readReport(
            try Self.node(#"{"task": "\#(id)", "status": "in_progress", "reason": "r"}"#))
        #expect(Self.issues(reasonWithoutBlock).map(\.path) == ["reason"])
    }

    @Test("a task is corrected only while nobody reported on it; a unit reports only on its own tasks")
    func corrections() throws {
        let task = Self.task("t1", deadline: "2026-12-31")
        try FollowUpRules.checkCorrection(task, reports: 0)
        #expect(throws: DomainError.self) { try FollowUpRules.checkCorrection(task, reports: 1) }
        try FollowUpRules.checkReport(Self.report("t1", .done, "2026-12-01 10:00"), tasks: [task])
        #expect(throws: DomainError.self) {
            try FollowUpRules.checkReport(Self.report("t1", .done, "2026-12-01 10:00", unit: "别的单位"), tasks: [task])
        }
        let corrected = try FollowUpRules.readCorrection(try Self.node(#"{"deadline": "2027-01-31"}"#), of: task).get()
        #expect(corrected.deadline == "2027-01-31" && corrected.text == task.text)
        #expect(Self.issues(FollowUpRules.readCorrection(try Self.node("{}"), of: task)).count == 1)
    }

    @Test("offsets are whole days, each once, in ascending order")
    func offsets() throws {
        #expect(try FollowUpRules.readOffsets(try Self.node(#"{"offsets": [90, 30]}"#)).get() == [30, 90])
        #expect(
            Self.issues(FollowUpRules.readOffsets(try Self.node(#"{"offsets": [30, 30, -1, 1.5]}"#))).map(\.path) == [
                "offsets[1]", "offsets[2]", "offsets[3]",
            ])
        #expect(Self.issues(FollowUpRules.readOffsets(try Self.node(#"{"offsets": []}"#))).count == 1)
    }

    /// The worked example of docs/scoring.md: four tasks, deadlines 2026-12-31 (A, B) and
    /// 2027-01-31 (C, D); A done on 12-20, B done on 2027-01-05 (late), C blocked, D silent.
    @Test("the documented example: implementation rate, on-time share and overdue tasks")
    func documentedExample() {
        let tasks = [
            Self.task("A", deadline: "2026-12-31", position: 1), Self.task("B", deadline: "2026-12-31", position: 2),
            Self.task("C", deadline: "2027-01-31", position: 3), Self.task("D", deadline: "2027-01-31", position: 4),
        ]
        let reports = [
            Self.report("A", .inProgress, "2026-12-10 09:00"), Self.report("A", .done, "2026-12-20 09:00"),
            Self.report("B", .done, "2027-01-05 09:00"), Self.report("C", .blocked, "2027-01-10 09:00"),
            // A second "done" of A keeps the day it became done.
            Self.report("A", .done, "2027-01-20 09:00"),
        ]
        let states = FollowUpRules.states(tasks: tasks, reports: reports, at: Self.at("2027-02-01 10:00"), timeZone: Self.shanghai)
        let figures = FollowUpFigures(states: states)
        #expect(figures.tasks == 4 && figures.done == 2 && figures.doneOnTime == 1 && figures.blocked == 1)
        #expect(figures.notReported == 1 && figures.overdue == 2)
        #expect(figures.implementationRate == 0.5)
        #expect(figures.onTimeShare == 0.5)
        #expect(states.filter(\.overdue).map(\.task.id) == ["C", "D"])
        #expect(states.first { $0.task.id == "C" }?.daysOverdue == 1)
        // Round 1 is fixed at the end of 2026-12-20 (A done that day); round 2 is open.
        let rounds = FollowUpRules.rounds(
            meetingDate: "2026-11-20", offsets: [30, 90], tasks: tasks, reports: reports,
            now: Self.at("2027-02-01 10:00"), timeZone: Self.shanghai)
        #expect(rounds.map(\.dueDate) == ["2026-12-20", "2027-02-18"])
        #expect(rounds[0].state == .closed && rounds[0].figures?.implementationRate == 0.25)
        #expect(rounds[0].reportedUnits == ["省应急厅"])
        #expect(rounds[1].state == .open && rounds[1].figures == figures)
        // On the deadline itself nothing is overdue yet.
        let onDeadline = FollowUpRules.states(tasks: tasks, reports: reports, at: Self.at("2027-01-31 23:59"), timeZone: Self.shanghai)
        #expect(onDeadline.filter(\.overdue).isEmpty)
    }

    @Test("the deadline is a date of the report time zone: 23:30 in Shanghai is on time, though UTC already says the next day")
    func timeZoneOfDeadlines() {
        let tasks = [Self.task("A", deadline: "2026-12-31")]
        // 2026-12-31 23:30 in Shanghai is 15:30 UTC the same day; 2027-01-01 00:30 is late.
        let onTime = FollowUpRules.states(
            tasks: tasks, reports: [Self.report("A", .done, "2026-12-31 23:30")], at: Self.at("2027-01-02 00:00"),
            timeZone: Self.shanghai)
        #expect(onTime[0].onTime == true)
        let late = FollowUpRules.states(
            tasks: tasks, reports: [Self.report("A", .done, "2027-01-01 00:30")], at: Self.at("2027-01-02 00:00"),
            timeZone: Self.shanghai)
        #expect(late[0].onTime == false)
        // A task done, then reopened, then done again counts from the second time.
        let reopened = FollowUpRules.states(
            tasks: tasks,
            reports: [
                Self.report("A", .done, "2026-12-01 10:00"), Self.report("A", .inProgress, "2026-12-05 10:00"),
                Self.report("A", .done, "2027-01-03 10:00"),
            ], at: Self.at("2027-01-04 00:00"), timeZone: Self.shanghai)
        #expect(reopened[0].onTime == false)
        #expect(reopened[0].reports == 3)
    }

    @Test("rounds keep the status at their due date, list who reported within them, and a later round changes the rate")
    func rounds() {
        let tasks = [
            Self.task("A", unit: "合肥市", deadline: "2026-12-31", position: 1),
            Self.task("B", unit: "芜湖市", deadline: "2027-02-28", position: 2),
        ]
        let reports = [
            Self.report("A", .inProgress, "2026-12-01 10:00", unit: "合肥市"),
            Self.report("A", .done, "2026-12-25 10:00", unit: "合肥市"),
            Self.report("B", .done, "2027-01-10 10:00", unit: "芜湖市"),
        ]
        // Meeting 2026-11-20: round 1 due 2026-12-20, round 2 due 2027-02-18.
        let rounds = FollowUpRules.rounds(
            meetingDate: "2026-11-20", offsets: [30, 90], tasks: tasks, reports: reports,
            now: Self.at("2027-01-15 12:00"), timeZone: Self.shanghai)
        #expect(rounds.map(\.dueDate) == ["2026-12-20", "2027-02-18"])
        #expect(rounds.map(\.state) == [.closed, .open])
        #expect(rounds[0].figures?.implementationRate == 0)
        #expect(rounds[0].reportedUnits == ["合肥市"] && rounds[0].missingUnits == ["芜湖市"])
        #expect(rounds[1].figures?.implementationRate == 1)
        #expect(rounds[1].reportedUnits == ["合肥市", "芜湖市"])
        #expect(rounds[0].begins == Self.at("2026-11-20 00:00"))
        #expect(rounds[0].ends == Self.at("2026-12-21 00:00"))
        #expect(rounds[1].begins == rounds[0].ends)
        // The closed round's figures do not move when more reports come.
        let later = FollowUpRules.rounds(
            meetingDate: "2026-11-20", offsets: [30, 90], tasks: tasks,
            reports: reports + [Self.report("A", .inProgress, "2027-03-01 10:00", unit: "合肥市")],
            now: Self.at("2027-03-02 12:00"), timeZone: Self.shanghai)
        #expect(later[0].figures == rounds[0].figures)
        #expect(later[1].state == .closed && later[1].figures?.implementationRate == 1)
        let upcoming = FollowUpRules.rounds(
            meetingDate: "2026-11-20", offsets: [30], tasks: tasks, reports: [], now: Self.at("2026-11-19 12:00"),
            timeZone: Self.shanghai)
        #expect(upcoming[0].state == .upcoming && upcoming[0].figures == nil && upcoming[0].missingUnits.isEmpty)
    }

    @Test("no tasks: no rates; link tokens have one shape")
    func edges() {
        let figures = FollowUpFigures(states: [])
        #expect(figures.implementationRate == nil && figures.onTimeShare == nil)
        #expect(FollowUpRules.isTokenShaped(Secrets.token()))
        #expect(!FollowUpRules.isTokenShaped("short"))
        #expect(!FollowUpRules.isTokenShaped(String(repeating: "a", count: 42) + "/"))
        #expect(FollowUpRules.adding(days: 90, to: "2026-11-20") == "2027-02-18")
    }

    @Test("docs/scoring.md §14 lists exactly the fields of the followUp section")
    func documentedFields() throws {
        let tasks = [Self.task("A", deadline: "2026-12-31"), Self.task("B", deadline: "2026-12-31", position: 2)]
        let reports = [Self.report("A", .done, "2026-12-20 09:00"), Self.report("B", .blocked, "2026-12-21 09:00")]
        let evaluation = Evaluation(
            id: "e", slug: "s", questionnaireId: "q", questionnaireVersion: 1, title: "t", meetingType: .teleconference,
            meetingDate: "2026-11-20", venues: [], raterGroups: [], expectedRespondents: nil, opensAt: nil,
            closesAt: nil, anonymous: true, screening: ScreeningSettings(minSeconds: 0, excludeFlagged: false),
            status: .closed, createdAt: Self.at("2026-11-20 08:00"))
        let summary = FollowUpSummary(
            evaluation: evaluation, tasks: tasks, reports: reports, offsets: [30, 90], at: Self.at("2027-02-01 10:00"),
            timeZone: Self.shanghai)
        let json = try JSONSerialization.jsonObject(with: Data(summary.json.serialized().utf8))
        func paths(_ value: Any, _ prefix: String) -> Set<String> {
            var result: Set<String> = []
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    result.insert(prefix + "." + key)
                    result.formUnion(paths(child, prefix + "." + key))
                }
            } else if let array = value as? [Any] {
                for child in array { result.formUnion(paths(child, prefix + "[]")) }
            }
            return result
        }
        let emitted = paths(json, "followUp")
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/scoring.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let section = try #require(text.range(of: "\n## 14. Follow-up of decisions\n"))
        var documented: Set<String> = []
        for line in text[section.upperBound...].split(separator: "\n") where line.hasPrefix("| `followUp.") {
            documented.insert(String(line.dropFirst(3).prefix { $0 != "`" }))
        }
        #expect(documented.subtracting(emitted).sorted() == [], "documented but not emitted")
        #expect(emitted.subtracting(documented).sorted() == [], "emitted but not documented")
    }
}
