import Foundation

/// The rules of following up an evaluation's decisions (督办): what a task, an import, a
/// status report and the rounds' offsets may hold; when a task may still be corrected; and
/// the figures — status at a moment (from the append-only reports), implementation rate,
/// on-time share, overdue tasks — of the evaluation and of each follow-up round
/// (docs/scoring.md, "Follow-up of decisions"). Functions of values only: no store, no clock.
public enum FollowUpRules {
    /// Rounds when none are set: 30 and 90 days after the meeting.
    public static let defaultOffsets = [30, 90]
    public static let maxTasks = 500
    public static let maxOffsets = 12
    /// Ten years.
    public static let maxOffsetDays = 3660
    public static let maxTaskLength = 1000
    public static let maxUnitLength = 100
    public static let maxReasonLength = 1000
    public static let maxEvidenceLength = 4000
    /// The report time zone when the server names none (as the printable report's).
    public static let defaultTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// A task as entered or imported, before it is stored.
    public struct TaskDraft: Sendable, Equatable {
        public var text: String
        public var unit: String
        public var deadline: String

        public init(text: String, unit: String, deadline: String) {
            self.text = text
            self.unit = unit
            self.deadline = deadline
        }
    }

    // MARK: Reading tasks

    /// Reads `{"tasks": [{"task", "unit", "deadline"}, …]}`: every problem listed at once.
    public static func readTasks(_ node: DocumentNode, existing: Int) -> Result<[TaskDraft], IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else { return .failure(IssueList(issues.errors)) }
        root.warnAboutUnknownKeys(["tasks"])
        var drafts: [TaskDraft] = []
        if let items = root.array("tasks", required: true) {
            if items.isEmpty { issues.error(.root.appending("tasks"), "must hold at least one task") }
            for (index, item) in items.enumerated() {
                let path = DocumentPath.root.appending("tasks").appending(index)
                guard let task = ObjectReader(item, at: path, issues: issues) else { continue }
                task.warnAboutUnknownKeys(["task", "unit", "deadline"])
                let text = checkedText(task.string("task", required: true), at: path.appending("task"), issues)
                let unit = checkedUnit(task.string("unit", required: true), at: path.appending("unit"), issues)
                let deadline = checkedDeadline(
                    task.string("deadline", required: true), at: path.appending("deadline"), issues)
                if let text, let unit, let deadline { drafts.append(TaskDraft(text: text, unit: unit, deadline: deadline)) }
            }
            checkCount(existing + items.count, at: .root.appending("tasks"), issues)
        }
        guard !issues.hasErrors else { return .failure(IssueList(issues.errors)) }
        return .success(drafts)
    }

    /// Reads a correction `{"task"?, "unit"?, "deadline"?}` of `task`.
    public static func readCorrection(_ node: DocumentNode, of task: FollowUpTask) -> Result<FollowUpTask, IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else { return .failure(IssueList(issues.errors)) }
        root.warnAboutUnknownKeys(["task", "unit", "deadline"])
        var changed = task
        if root.has("task"), let text = checkedText(root.string("task"), at: .root.appending("task"), issues) {
            changed.text = text
        }
        if root.has("unit"), let unit = checkedUnit(root.string("unit"), at: .root.appending("unit"), issues) {
            changed.unit = unit
        }
        if root.has("deadline"),
            let deadline = checkedDeadline(root.string("deadline"), at: .root.appending("deadline"), issues)
        {
            changed.deadline = deadline
        }
        if !["task", "unit", "deadline"].contains(where: root.has) {
            issues.error(.root, "must change at least one of task, unit and deadline")
        }
        guard !issues.hasErrors else { return .failure(IssueList(issues.errors)) }
        return .success(changed)
    }

    /// The CSV import: UTF-8 (a byte order mark is skipped), a header row naming the columns
    /// `task`, `unit`, `deadline` (or 事项, 责任单位, 完成时限) in any order, then one task per
    /// row; quoted fields as RFC 4180 writes them. Every problem is listed with its line.
    public static func readCSV(_ data: Data, existing: Int) -> Result<[TaskDraft], IssueList> {
        var problems: [ValidationIssue] = []
        func problem(_ line: Int?, _ path: String, _ message: String) {
            problems.append(ValidationIssue(path: path, message: message, line: line))
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            problem(nil, "csv", "is not UTF-8 text; save the file as CSV UTF-8")
            return .failure(IssueList(problems))
        }
        let records: [CSVRecord]
        switch CSVRecord.parse(text) {
        case .success(let parsed): records = parsed
        case .failure(let failure):
            problem(failure.line, "csv", failure.message)
            return .failure(IssueList(problems))
        }
        let rows = records.filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let header = rows.first else {
            problem(nil, "csv", "is empty; the first row names the columns task, unit, deadline")
            return .failure(IssueList(problems))
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces)
            guard let column = headerNames[key.lowercased()] else {
                problem(header.line, "header", "unknown column '\(key)': use task, unit, deadline (or 事项, 责任单位, 完成时限)")
                continue
            }
            if columns[column] != nil { problem(header.line, "header", "names the column \(column) twice") }
            columns[column] = index
        }
        for column in ["task", "unit", "deadline"] where columns[column] == nil {
            problem(header.line, "header", "lacks the column \(column)")
        }
        guard problems.isEmpty, let taskColumn = columns["task"], let unitColumn = columns["unit"],
            let deadlineColumn = columns["deadline"]
        else { return .failure(IssueList(problems)) }
        var drafts: [TaskDraft] = []
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                problem(row.line, "row", "has \(row.fields.count) fields; the header has \(header.fields.count)")
                continue
            }
            let rowIssues = IssueCollector()
            let text = checkedText(row.fields[taskColumn], at: .root.appending("task"), rowIssues)
            let unit = checkedUnit(row.fields[unitColumn], at: .root.appending("unit"), rowIssues)
            let deadline = checkedDeadline(row.fields[deadlineColumn], at: .root.appending("deadline"), rowIssues)
            for issue in rowIssues.errors { problem(row.line, issue.path, issue.message) }
            if let text, let unit, let deadline { drafts.append(TaskDraft(text: text, unit: unit, deadline: deadline)) }
        }
        if rows.count == 1 { problem(header.line, "csv", "holds no task below its header row") }
        if existing + rows.count - 1 > maxTasks {
            problem(nil, "csv", "an evaluation holds at most \(maxTasks) tasks (this would make \(existing + rows.count - 1))")
        }
        guard problems.isEmpty else { return .failure(IssueList(problems)) }
        return .success(drafts)
    }

    static let headerNames: [String: String] = [
        "task": "task", "事项": "task", "督办事项": "task", "unit": "unit", "责任单位": "unit", "deadline": "deadline",
        "完成时限": "deadline",
    ]

    private static func checkCount(_ total: Int, at path: DocumentPath, _ issues: IssueCollector) {
        if total > maxTasks { issues.error(path, "an evaluation holds at most \(maxTasks) tasks (this would make \(total))") }
    }

    static func checkedText(_ raw: String?, at path: DocumentPath, _ issues: IssueCollector) -> String? {
        checked(raw, at: path, max: maxTaskLength, lineBreaks: true, issues)
    }

    static func checkedUnit(_ raw: String?, at path: DocumentPath, _ issues: IssueCollector) -> String? {
        checked(raw, at: path, max: maxUnitLength, lineBreaks: false, issues)
    }

    static func checkedDeadline(_ raw: String?, at path: DocumentPath, _ issues: IssueCollector) -> String? {
        guard let raw else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard Timestamp.isCalendarDate(text) else {
            issues.error(path, text.isEmpty ? "is required" : "must be a date written YYYY-MM-DD, found '\(text)'")
            return nil
        }
        return text
    }

    /// Trimmed, not empty, at most `max` characters, no control characters (line breaks and
    /// tabs only where `lineBreaks`).
    static func checked(_ raw: String?, at path: DocumentPath, max: Int, lineBreaks: Bool, _ issues: IssueCollector)
        -> String?
    {
        guard let raw else { return nil }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            issues.error(path, "must not be empty")
        } else if text.count > max {
            issues.error(path, "must be at most \(max) characters")
        } else if text.containsControlCharacters(except: lineBreaks ? "\n\r\t" : "") {
            issues.error(
                path,
                lineBreaks
                    ? "must not contain control characters other than line breaks and tabs"
                    : "must be one line without control characters")
        } else {
            return text
        }
        return nil
    }

    // MARK: Corrections

    /// A task may be corrected or removed only while no unit has reported on it: the reports
    /// answer the task as it was.
    public static func checkCorrection(_ task: FollowUpTask, reports: Int) throws {
        guard reports == 0 else {
            throw DomainError.conflict(
                "The responsible unit has already reported on this task (\(reports) report(s)); it can no longer be corrected or removed.",
                code: "task_reported")
        }
    }

    // MARK: Reports

    /// A status report as a unit sends it.
    public struct ReportDraft: Sendable, Equatable {
        public var taskId: String
        public var status: FollowUpStatus
        public var reason: String?
        public var evidence: String?
    }

    /// Reads `{"task", "status", "reason"?, "evidence"?}`: `reason` required for `blocked`.
    public static func readReport(_ node: DocumentNode) -> Result<ReportDraft, IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else { return .failure(IssueList(issues.errors)) }
        root.warnAboutUnknownKeys(["task", "status", "reason", "evidence"])
        let task = root.string("task", required: true)?.lowercased()
        if let task, UUID(uuidString: task) == nil { issues.error(.root.appending("task"), "is not a task id") }
        var status: FollowUpStatus?
        if let raw = root.string("status", required: true) {
            status = FollowUpStatus(rawValue: raw)
            if status == nil { issues.error(.root.appending("status"), "must be done, in_progress or blocked") }
        }
        var reason: String?
        if root.has("reason") {
            reason = checked(
                root.string("reason"), at: .root.appending("reason"), max: maxReasonLength, lineBreaks: true, issues)
        }
        if status == .blocked, reason == nil, !issues.issues.contains(where: { $0.path == "reason" }) {
            issues.error(.root.appending("reason"), "is required when the task is blocked: say what stands in the way")
        }
        if status != nil, status != .blocked, root.has("reason") {
            issues.error(.root.appending("reason"), "is given only with the status blocked")
        }
        var evidence: String?
        if root.has("evidence") {
            evidence = checked(
                root.string("evidence"), at: .root.appending("evidence"), max: maxEvidenceLength, lineBreaks: true,
                issues)
        }
        guard !issues.hasErrors, let task, let status else { return .failure(IssueList(issues.errors)) }
        return .success(ReportDraft(taskId: task, status: status, reason: reason, evidence: evidence))
    }

    /// A unit reports only on its own tasks of the evaluation (inside the store's transaction,
    /// against the tasks as stored then).
    public static func checkReport(_ report: FollowUpReport, tasks: [FollowUpTask]) throws {
        guard tasks.contains(where: { $0.id == report.taskId && $0.unit == report.unit }) else {
            throw DomainError.invalid(
                "No such task for this unit.",
                [ValidationIssue(path: "task", message: "is not a task of \(report.unit) in this evaluation")])
        }
    }

    // MARK: Rounds' offsets

    /// Reads `{"offsets": [30, 90]}`: whole days from the meeting date, 0…`maxOffsetDays`,
    /// each once; stored in ascending order.
    public static func readOffsets(_ node: DocumentNode) -> Result<[Int], IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else { return .failure(IssueList(issues.errors)) }
        root.warnAboutUnknownKeys(["offsets"])
        var offsets: [Int] = []
        if let items = root.array("offsets", required: true) {
            let path = DocumentPath.root.appending("offsets")
            if items.isEmpty { issues.error(path, "must hold at least one offset in days") }
            if items.count > maxOffsets { issues.error(path, "must hold at most \(maxOffsets) offsets") }
            for (index, item) in items.enumerated() {
                guard let days = ObjectReader.integer(item, at: path.appending(index), issues: issues) else { continue }
                if !(0...maxOffsetDays).contains(days) {
                    issues.error(path.appending(index), "must be a whole number of days from 0 to \(maxOffsetDays)")
                } else if offsets.contains(days) {
                    issues.error(path.appending(index), "repeats \(days)")
                } else {
                    offsets.append(days)
                }
            }
        }
        guard !issues.hasErrors else { return .failure(IssueList(issues.errors)) }
        return .success(offsets.sorted())
    }
}

extension FollowUpRules {
    /// Whether `token` could be a unit link's token (`Secrets.token()`: 43 base64url
    /// characters), checked before any lookup.
    public static func isTokenShaped(_ token: String) -> Bool {
        token.utf8.count == 43
            && token.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F
            }
    }
}
