import Foundation
import MeetingEvalCore
import MeetingEvalStorage
import Testing

/// What every store must do with the follow-up of decisions: tasks in order, corrections and
/// removals decided inside the transaction, append-only reports, links by digest, offsets.
extension StoreConformanceTests {
    static func followUpTasks(_ evaluationId: String, _ texts: [(String, String, String)], from position: Int = 1)
        -> [FollowUpTask]
    {
        texts.enumerated().map { index, item in
            FollowUpTask(
                id: UUID().uuidString.lowercased(), evaluationId: evaluationId, position: position + index,
                text: item.0, unit: item.1, deadline: item.2, createdAt: StoreSamples.t0)
        }
    }

    @Test(
        "follow-up tasks are stored in order, all or none, and corrected or removed only as the rule allows",
        arguments: StoreKind.all)
    func followUpTasks(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store)
            let first = Self.followUpTasks(
                evaluation.id, [("制定整改方案", "省应急厅", "2026-12-20"), ("开展专项检查", "省住建厅", "2027-01-31")])
            let added = try await store.addFollowUpTasks(
                evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0
            ) {
                existing in
                #expect(existing.isEmpty)
                return first
            }
            #expect(added == first)
            // A rule that refuses inside the transaction leaves nothing stored.
            await #expect(throws: DomainError.self) {
                _ = try await store.addFollowUpTasks(
                    evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0
                ) {
                    existing in
                    #expect(existing.count == 2)
                    throw DomainError.invalid("no", [])
                }
            }
            #expect(try await store.followUpTasks(evaluationId: evaluation.id) == first)

            let changed = try await store.changeFollowUpTask(
                id: first[1].id, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0 + 10
            ) { task, reports in
                #expect(reports == 0)
                var copy = task
                copy.deadline = "2027-02-28"
                return copy
            }
            #expect(changed.deadline == "2027-02-28")
            #expect(
                try await store.followUpTasks(evaluationId: evaluation.id).map(\.deadline) == [
                    "2026-12-20", "2027-02-28",
                ])

            // A task of another evaluation is not found.
            await #expect(throws: DomainError.notFound("No such task in this evaluation.")) {
                try await store.deleteFollowUpTask(
                    id: first[0].id, evaluationId: "other", actor: "x", at: StoreSamples.t0
                ) {
                    _, _ in
                }
            }
            _ = try await store.addFollowUpReport(
                FollowUpReport(
                    evaluationId: evaluation.id, taskId: first[0].id, unit: "省应急厅", status: .inProgress, reason: nil,
                    evidence: "方案已起草", reportedAt: StoreSamples.t0 + 20)
            ) { _ in }
            // The decision gets the report count, and a refusal keeps the task.
            let code = await conflictCode {
                try await store.deleteFollowUpTask(
                    id: first[0].id, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0 + 30
                ) { task, reports in try FollowUpRules.checkCorrection(task, reports: reports) }
            }
            #expect(code == "task_reported")
            try await store.deleteFollowUpTask(
                id: first[1].id, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0 + 30
            ) { task, reports in try FollowUpRules.checkCorrection(task, reports: reports) }
            #expect(try await store.followUpTasks(evaluationId: evaluation.id).map(\.id) == [first[0].id])

            let actions = try await store.auditEvents(entityId: evaluation.id).map(\.action)
            #expect(
                actions.filter { $0.hasPrefix("followUp.") } == [
                    "followUp.tasksAdded", "followUp.taskChanged", "followUp.taskDeleted",
                ])
        }
    }

    @Test(
        "status reports are append-only history, checked against the tasks inside the transaction",
        arguments: StoreKind.all)
    func followUpReports(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            let evaluation = try await StoreSamples.populate(store)
            let tasks = Self.followUpTasks(evaluation.id, [("落实会议精神", "合肥市", "2026-12-31")])
            _ = try await store.addFollowUpTasks(evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0) {
                _ in tasks
            }
            var stored: [FollowUpReport] = []
            for (offset, status) in [(10.0, FollowUpStatus.blocked), (20, .inProgress), (30, .done)] {
                let report = FollowUpReport(
                    evaluationId: evaluation.id, taskId: tasks[0].id, unit: "合肥市", status: status,
                    reason: status == .blocked ? "资金未到位" : nil, evidence: status == .done ? "已印发文件" : nil,
                    reportedAt: StoreSamples.t0 + offset)
                stored.append(
                    try await store.addFollowUpReport(report) { current in
                        try FollowUpRules.checkReport(report, tasks: current)
                    })
            }
            #expect(stored.allSatisfy { $0.id != nil })
            #expect(try await store.followUpReports(evaluationId: evaluation.id) == stored)
            // A unit's report on a task that is not its own is refused and not stored.
            let stranger = FollowUpReport(
                evaluationId: evaluation.id, taskId: tasks[0].id, unit: "芜湖市", status: .done, reason: nil,
                evidence: nil, reportedAt: StoreSamples.t0 + 40)
            await #expect(throws: DomainError.self) {
                _ = try await store.addFollowUpReport(stranger) { current in
                    try FollowUpRules.checkReport(stranger, tasks: current)
                }
            }
            #expect(try await store.followUpReports(evaluationId: evaluation.id).count == 3)
            // The database itself refuses to change a report.
            let error = await #expect(throws: (any Error).self) {
                try await kind.executeRaw(folder, "UPDATE followUpReport SET status = 'done'")
            }
            #expect(String(describing: error).contains("append-only"))
            if kind.name == StoreKind.sqlite.name {
                // Nor can a report be replaced by one with the same id.
                let replaced = await #expect(throws: (any Error).self) {
                    try await kind.executeRaw(
                        folder,
                        """
                        INSERT OR REPLACE INTO followUpReport
                        (id, evaluationId, taskId, unit, status, reason, evidence, reportedAt)
                        SELECT id, evaluationId, taskId, unit, 'done', NULL, NULL, reportedAt FROM followUpReport
                        """)
                }
                #expect(String(describing: replaced).contains("append-only"))
            }
            #expect(
                try await store.followUpReports(evaluationId: evaluation.id).map(\.status) == [
                    .blocked, .inProgress, .done,
                ])
        }
    }

    @Test("a unit's link is found by its digest only, and reissuing replaces it", arguments: StoreKind.all)
    func followUpLinks(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store)
            let first = FollowUpLink(
                evaluationId: evaluation.id, unit: "省应急厅", tokenHash: Secrets.sha256("a"), issuedAt: StoreSamples.t0)
            try await store.issueFollowUpLink(first, actor: "organizer")
            #expect(try await store.followUpLink(tokenHash: Secrets.sha256("a")) == first)
            let second = FollowUpLink(
                evaluationId: evaluation.id, unit: "省应急厅", tokenHash: Secrets.sha256("b"),
                issuedAt: StoreSamples.t0 + 60)
            try await store.issueFollowUpLink(second, actor: "organizer")
            #expect(try await store.followUpLink(tokenHash: Secrets.sha256("a")) == nil)
            #expect(try await store.followUpLink(tokenHash: Secrets.sha256("b")) == second)
            #expect(try await store.followUpLinks(evaluationId: evaluation.id) == [second])
            let details = try await store.auditEvents(entityId: evaluation.id).filter {
                $0.action == "followUp.linkIssued"
            }
            .compactMap(\.detail)
            #expect(details.count == 2)
            #expect(details.allSatisfy { !$0.contains(Secrets.sha256("a")) && !$0.contains(Secrets.sha256("b")) })
        }
    }

    @Test("the rounds' offsets are stored per evaluation and audited with before and after", arguments: StoreKind.all)
    func followUpOffsets(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store)
            #expect(try await store.followUpOffsets(evaluationId: evaluation.id) == nil)
            try await store.setFollowUpOffsets(
                [15, 45], evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            try await store.setFollowUpOffsets(
                [30, 60, 90], evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            #expect(try await store.followUpOffsets(evaluationId: evaluation.id) == [30, 60, 90])
            let last = try await store.auditEvents(entityId: evaluation.id).last { $0.action == "followUp.roundsSet" }
            #expect(last?.detail?.contains("[15,45]") == true)
            #expect(last?.detail?.contains("[30,60,90]") == true)
            await #expect(throws: DomainError.self) {
                try await store.setFollowUpOffsets(
                    [30], evaluationId: "missing", actor: "organizer", at: StoreSamples.t0)
            }
        }
    }

    @Test("deleting a draft evaluation takes its follow-up with it", arguments: StoreKind.all)
    func followUpGoesWithTheDraft(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store, status: .draft)
            _ = try await store.addFollowUpTasks(evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0) {
                _ in Self.followUpTasks(evaluation.id, [("事项", "单位", "2026-12-31")])
            }
            try await store.setFollowUpOffsets(
                [30], evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            try await store.deleteEvaluation(id: evaluation.id, actor: "organizer", at: StoreSamples.t0) { _, _, _ in
                [:]
            }
            #expect(try await store.followUpTasks(evaluationId: evaluation.id).isEmpty)
            #expect(try await store.followUpOffsets(evaluationId: evaluation.id) == nil)
        }
    }
}
