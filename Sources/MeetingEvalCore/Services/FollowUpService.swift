import Foundation

/// The follow-up of an evaluation's decisions (督办): tasks entered or imported by whoever may
/// manage the evaluation, one link per responsible unit to report status on its tasks, the
/// follow-up rounds, and the rates the scorecard, the comparison and the yearly picture show.
/// Every read and change of an evaluation's tasks is made on an evaluation already found within
/// the caller's `AccessScope` (`EvaluationService.evaluation`); a unit's link is its own access.
public struct FollowUpService<Store: EvaluationStore>: Sendable {
    public let store: Store
    /// Dates (deadlines, rounds' due dates, overdue) are read in this zone: the server's
    /// report time zone.
    public var timeZone: TimeZone

    public init(store: Store, timeZone: TimeZone = FollowUpRules.defaultTimeZone) {
        self.store = store
        self.timeZone = timeZone
    }

    // MARK: Tasks

    /// Every task of the evaluation with its state now.
    public func tasks(of evaluation: Evaluation, at now: Date = Date()) async throws -> [FollowUpTaskState] {
        async let tasks = store.followUpTasks(evaluationId: evaluation.id)
        async let reports = store.followUpReports(evaluationId: evaluation.id)
        return FollowUpRules.states(tasks: try await tasks, reports: try await reports, at: now, timeZone: timeZone)
    }

    /// Adds the tasks of `{"tasks": […]}` after the existing ones; all or none.
    public func addTasks(_ body: DocumentNode, to evaluation: Evaluation, actor: String, at now: Date = Timestamp.now())
        async throws -> [FollowUpTask]
    {
        try await add(evaluation: evaluation, actor: actor, at: now) { existing in
            switch FollowUpRules.readTasks(body, existing: existing) {
            case .success(let drafts): return drafts
            case .failure(let list): throw DomainError.invalid("The tasks have \(list.issues.count) problem(s).", list.issues)
            }
        }
    }

    /// Adds the tasks of a CSV file (`FollowUpRules.readCSV`); nothing is stored when any line
    /// is wrong, and every wrong line is listed.
    public func importTasks(_ csv: Data, to evaluation: Evaluation, actor: String, at now: Date = Timestamp.now())
        async throws -> [FollowUpTask]
    {
        try await add(evaluation: evaluation, actor: actor, at: now) { existing in
            switch FollowUpRules.readCSV(csv, existing: existing) {
            case .success(let drafts): return drafts
            case .failure(let list):
                throw DomainError.invalid("The CSV file has \(list.issues.count) problem(s).", list.issues)
            }
        }
    }

    private func add(
        evaluation: Evaluation, actor: String, at now: Date,
        _ read: @escaping @Sendable (_ existing: Int) throws -> [FollowUpRules.TaskDraft]
    ) async throws -> [FollowUpTask] {
        let evaluationId = evaluation.id
        return try await store.addFollowUpTasks(evaluationId: evaluationId, actor: actor, at: now) { existing in
            let drafts = try read(existing.count)
            let first = (existing.map(\.position).max() ?? 0) + 1
            return drafts.enumerated().map { index, draft in
                FollowUpTask(
                    id: UUID().uuidString.lowercased(), evaluationId: evaluationId, position: first + index,
                    text: draft.text, unit: draft.unit, deadline: draft.deadline, createdAt: now)
            }
        }
    }

    /// Corrects a task's text, unit or deadline while no report exists for it.
    public func correctTask(
        id: String, _ body: DocumentNode, of evaluation: Evaluation, actor: String, at now: Date = Timestamp.now()
    ) async throws -> FollowUpTask {
        let id = try Self.taskId(id)
        return try await store.changeFollowUpTask(id: id, evaluationId: evaluation.id, actor: actor, at: now) {
            task, reports in
            switch FollowUpRules.readCorrection(body, of: task) {
            case .success(let changed):
                try FollowUpRules.checkCorrection(task, reports: reports)
                return changed
            case .failure(let list):
                throw DomainError.invalid("The task has \(list.issues.count) problem(s).", list.issues)
            }
        }
    }

    /// Removes a task while no report exists for it.
    public func deleteTask(id: String, of evaluation: Evaluation, actor: String, at now: Date = Timestamp.now())
        async throws
    {
        try await store.deleteFollowUpTask(id: try Self.taskId(id), evaluationId: evaluation.id, actor: actor, at: now)
        {
            task, reports in try FollowUpRules.checkCorrection(task, reports: reports)
        }
    }

    static func taskId(_ raw: String) throws -> String {
        guard let uuid = UUID(uuidString: raw) else { throw DomainError.notFound("No such task in this evaluation.") }
        return uuid.uuidString.lowercased()
    }

    // MARK: Rounds

    /// The rounds' offsets in days from the meeting date (`FollowUpRules.defaultOffsets` unless set).
    public func offsets(of evaluation: Evaluation) async throws -> [Int] {
        try await store.followUpOffsets(evaluationId: evaluation.id) ?? FollowUpRules.defaultOffsets
    }

    /// Sets the offsets from `{"offsets": [30, 90]}`.
    public func setOffsets(_ body: DocumentNode, of evaluation: Evaluation, actor: String, at now: Date = Timestamp.now())
        async throws -> [Int]
    {
        switch FollowUpRules.readOffsets(body) {
        case .success(let offsets):
            try await store.setFollowUpOffsets(offsets, evaluationId: evaluation.id, actor: actor, at: now)
            return offsets
        case .failure(let list):
            throw DomainError.invalid("The follow-up rounds have \(list.issues.count) problem(s).", list.issues)
        }
    }

    // MARK: Units' links

    /// A new link for the unit `{"unit": "…"}` (a unit some task names), replacing its earlier
    /// one. The token is returned this once; only its SHA-256 is stored.
    public func issueLink(_ body: DocumentNode, of evaluation: Evaluation, actor: String, at now: Date = Timestamp.now())
        async throws -> (unit: String, token: String)
    {
        let issues = IssueCollector()
        guard let root = ObjectReader(body, at: .root, issues: issues) else {
            throw DomainError.invalid("Send {\"unit\"}.", issues.errors)
        }
        root.warnAboutUnknownKeys(["unit"])
        let unit = FollowUpRules.checkedUnit(root.string("unit", required: true), at: .root.appending("unit"), issues)
        guard let unit, !issues.hasErrors else {
            throw DomainError.invalid("The request has \(issues.errors.count) problem(s).", issues.errors)
        }
        let tasks = try await store.followUpTasks(evaluationId: evaluation.id)
        guard tasks.contains(where: { $0.unit == unit }) else {
            throw DomainError.invalid(
                "No task of this evaluation names this unit.",
                [ValidationIssue(path: "unit", message: "is not the responsible unit of any task of this evaluation")])
        }
        let token = Secrets.token()
        try await store.issueFollowUpLink(
            FollowUpLink(evaluationId: evaluation.id, unit: unit, tokenHash: Secrets.sha256(token), issuedAt: now),
            actor: actor)
        return (unit, token)
    }

    // MARK: Figures

    /// The follow-up as the scorecard shows it at `now`; nil when the evaluation has no task.
    public func summary(of evaluation: Evaluation, at now: Date = Date()) async throws -> FollowUpSummary? {
        let tasks = try await store.followUpTasks(evaluationId: evaluation.id)
        guard !tasks.isEmpty else { return nil }
        let reports = try await store.followUpReports(evaluationId: evaluation.id)
        return FollowUpSummary(
            evaluation: evaluation, tasks: tasks, reports: reports, offsets: try await offsets(of: evaluation), at: now,
            timeZone: timeZone)
    }

    /// The organizer's view: the summary, every task's state, and every unit with its link's date.
    public func overview(of evaluation: Evaluation, at now: Date = Date()) async throws -> FollowUpOverview {
        let tasks = try await store.followUpTasks(evaluationId: evaluation.id)
        let reports = try await store.followUpReports(evaluationId: evaluation.id)
        let links = try await store.followUpLinks(evaluationId: evaluation.id)
        let summary = FollowUpSummary(
            evaluation: evaluation, tasks: tasks, reports: reports, offsets: try await offsets(of: evaluation), at: now,
            timeZone: timeZone)
        var units: [FollowUpOverview.Unit] = []
        for unit in Set(tasks.map(\.unit)).sorted() {
            let own = tasks.filter { $0.unit == unit }
            units.append(
                FollowUpOverview.Unit(
                    name: unit, tasks: own.count,
                    lastReportAt: reports.last(where: { $0.unit == unit && $0.reportedAt <= now })?.reportedAt,
                    linkIssuedAt: links.first(where: { $0.unit == unit })?.issuedAt))
        }
        return FollowUpOverview(
            summary: summary,
            tasks: FollowUpRules.states(tasks: tasks, reports: reports, at: now, timeZone: timeZone),
            units: units, history: reports)
    }

    /// The implementation figures (rate, on-time share, counts) of each evaluation at `now`,
    /// by evaluation id; an evaluation without tasks has figures with 0 tasks and nil rates.
    public func rates(of evaluations: [Evaluation], at now: Date = Date()) async throws -> [String: FollowUpFigures] {
        var result: [String: FollowUpFigures] = [:]
        for evaluation in evaluations {
            result[evaluation.id] = try await rates(of: evaluation, at: now)
        }
        return result
    }

    /// The implementation figures of one evaluation at `now`.
    public func rates(of evaluation: Evaluation, at now: Date = Date()) async throws -> FollowUpFigures {
        let tasks = try await store.followUpTasks(evaluationId: evaluation.id)
        let reports = tasks.isEmpty ? [] : try await store.followUpReports(evaluationId: evaluation.id)
        return FollowUpFigures(states: FollowUpRules.states(tasks: tasks, reports: reports, at: now, timeZone: timeZone))
    }

    // MARK: A unit's link

    /// What a unit's link opens: the evaluation, the unit and its tasks with their states and
    /// reports. `notFound` for a token that is not a live link.
    public func unitView(token: String, at now: Date = Date()) async throws -> FollowUpUnitView {
        let (link, evaluation) = try await linked(token)
        let tasks = try await store.followUpTasks(evaluationId: evaluation.id).filter { $0.unit == link.unit }
        let reports = try await store.followUpReports(evaluationId: evaluation.id).filter { $0.unit == link.unit }
        return FollowUpUnitView(
            evaluation: evaluation, unit: link.unit,
            tasks: FollowUpRules.states(tasks: tasks, reports: reports, at: now, timeZone: timeZone), reports: reports)
    }

    /// Appends a unit's status report on one of its tasks; returns the task's new state.
    public func report(token: String, _ body: DocumentNode, at now: Date = Timestamp.now()) async throws
        -> FollowUpTaskState
    {
        let (link, evaluation) = try await linked(token)
        let draft: FollowUpRules.ReportDraft
        switch FollowUpRules.readReport(body) {
        case .success(let read): draft = read
        case .failure(let list): throw DomainError.invalid("The report has \(list.issues.count) problem(s).", list.issues)
        }
        guard evaluation.archivedAt == nil else {
            throw DomainError.conflict("This evaluation is archived and takes no more reports.", code: "wrong_state")
        }
        let report = FollowUpReport(
            evaluationId: evaluation.id, taskId: draft.taskId, unit: link.unit, status: draft.status,
            reason: draft.reason, evidence: draft.evidence, reportedAt: now)
        let stored = try await store.addFollowUpReport(report) { tasks in
            try FollowUpRules.checkReport(report, tasks: tasks)
        }
        let view = try await unitView(token: token, at: now)
        guard let state = view.tasks.first(where: { $0.task.id == stored.taskId }) else {
            throw InconsistentDataError("report \(stored.id ?? 0) names a task that is gone")
        }
        return state
    }

    /// The link and its evaluation; `notFound` for a token that cannot be one, is unknown, or
    /// was replaced.
    func linked(_ token: String) async throws -> (FollowUpLink, Evaluation) {
        guard FollowUpRules.isTokenShaped(token), let link = try await store.followUpLink(tokenHash: Secrets.sha256(token)),
            let evaluation = try await store.evaluation(id: link.evaluationId)
        else { throw DomainError.notFound("This follow-up link is not valid (it may have been replaced by a new one).") }
        return (link, evaluation)
    }
}
