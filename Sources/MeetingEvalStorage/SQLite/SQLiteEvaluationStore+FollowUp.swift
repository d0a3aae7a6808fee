import Foundation
import GRDB
import MeetingEvalCore

extension SQLiteEvaluationStore {
    public func followUpTasks(evaluationId: String) async throws -> [FollowUpTask] {
        try await writer.read { db in try Self.followUpTasks(db, evaluationId: evaluationId) }
    }

    static func followUpTasks(_ db: Database, evaluationId: String) throws -> [FollowUpTask] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, evaluationId, position, text, unit, deadline, createdAt FROM followUpTask
                WHERE evaluationId = ? ORDER BY position, id
                """, arguments: [evaluationId]
        ).map {
            FollowUpRows.task(
                id: $0["id"], evaluationId: $0["evaluationId"], position: $0["position"], text: $0["text"],
                unit: $0["unit"], deadline: $0["deadline"], createdAt: $0["createdAt"])
        }
    }

    public func addFollowUpTasks(
        evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable ([FollowUpTask]) throws -> [FollowUpTask]
    ) async throws -> [FollowUpTask] {
        try await writer.write { db in
            try Self.requireEvaluation(db, evaluationId)
            let added = try decide(try Self.followUpTasks(db, evaluationId: evaluationId))
            for task in added {
                try db.execute(
                    sql: """
                        INSERT INTO followUpTask (id, evaluationId, position, text, unit, deadline, createdAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        task.id, evaluationId, task.position, task.text, task.unit, task.deadline,
                        Timestamp.format(task.createdAt),
                    ])
            }
            try Self.audit(
                db, actor: actor, action: "followUp.tasksAdded", entityType: "evaluation", entityId: evaluationId,
                detail: FollowUpRows.addedDetail(added), at: now)
            return added
        }
    }

    public func changeFollowUpTask(
        id: String, evaluationId: String, actor: String, at now: Date,
        _ change: @escaping @Sendable (FollowUpTask, Int) throws -> FollowUpTask
    ) async throws -> FollowUpTask {
        try await writer.write { db in
            let (task, reports) = try Self.followUpTask(db, id: id, evaluationId: evaluationId)
            let changed = try change(task, reports)
            try db.execute(
                sql: "UPDATE followUpTask SET text = ?, unit = ?, deadline = ? WHERE id = ?",
                arguments: [changed.text, changed.unit, changed.deadline, id])
            try Self.audit(
                db, actor: actor, action: "followUp.taskChanged", entityType: "evaluation", entityId: evaluationId,
                detail: try FollowUpRows.changeDetail(before: task, after: changed), at: now)
            return changed
        }
    }

    public func deleteFollowUpTask(
        id: String, evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable (FollowUpTask, Int) throws -> Void
    ) async throws {
        try await writer.write { db in
            let (task, reports) = try Self.followUpTask(db, id: id, evaluationId: evaluationId)
            try decide(task, reports)
            try db.execute(sql: "DELETE FROM followUpTask WHERE id = ?", arguments: [id])
            try Self.audit(
                db, actor: actor, action: "followUp.taskDeleted", entityType: "evaluation", entityId: evaluationId,
                detail: try FollowUpRows.deletionDetail(task), at: now)
        }
    }

    private static func followUpTask(_ db: Database, id: String, evaluationId: String) throws -> (FollowUpTask, Int) {
        guard
            let task = try followUpTasks(db, evaluationId: evaluationId).first(where: { $0.id == id })
        else { throw DomainError.notFound("No such task in this evaluation.") }
        let reports = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM followUpReport WHERE taskId = ?", arguments: [id]) ?? 0
        return (task, reports)
    }

    private static func requireEvaluation(_ db: Database, _ evaluationId: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM evaluation WHERE id = ?", arguments: [evaluationId]) != nil
        else { throw DomainError.notFound("Unknown evaluation.") }
    }

    public func followUpReports(evaluationId: String) async throws -> [FollowUpReport] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, evaluationId, taskId, unit, status, reason, evidence, reportedAt FROM followUpReport
                    WHERE evaluationId = ? ORDER BY id
                    """, arguments: [evaluationId]
            ).map {
                try FollowUpRows.report(
                    id: $0["id"], evaluationId: $0["evaluationId"], taskId: $0["taskId"], unit: $0["unit"],
                    status: $0["status"], reason: $0["reason"], evidence: $0["evidence"], reportedAt: $0["reportedAt"])
            }
        }
    }

    public func addFollowUpReport(
        _ report: FollowUpReport, _ decide: @escaping @Sendable ([FollowUpTask]) throws -> Void
    ) async throws -> FollowUpReport {
        try await writer.write { db in
            try decide(try Self.followUpTasks(db, evaluationId: report.evaluationId))
            try db.execute(
                sql: """
                    INSERT INTO followUpReport (evaluationId, taskId, unit, status, reason, evidence, reportedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    report.evaluationId, report.taskId, report.unit, report.status.rawValue, report.reason,
                    report.evidence, Timestamp.format(report.reportedAt),
                ])
            var stored = report
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func followUpLinks(evaluationId: String) async throws -> [FollowUpLink] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT evaluationId, unit, tokenHash, issuedAt FROM followUpLink WHERE evaluationId = ? ORDER BY unit",
                arguments: [evaluationId]
            ).map {
                FollowUpRows.link(
                    evaluationId: $0["evaluationId"], unit: $0["unit"], tokenHash: $0["tokenHash"],
                    issuedAt: $0["issuedAt"])
            }
        }
    }

    public func issueFollowUpLink(_ link: FollowUpLink, actor: String) async throws {
        try await writer.write { db in
            try Self.requireEvaluation(db, link.evaluationId)
            let replaced =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM followUpLink WHERE evaluationId = ? AND unit = ?",
                    arguments: [link.evaluationId, link.unit]) != nil
            try db.execute(
                sql: """
                    INSERT INTO followUpLink (evaluationId, unit, tokenHash, issuedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT (evaluationId, unit) DO UPDATE SET tokenHash = excluded.tokenHash, issuedAt = excluded.issuedAt
                    """,
                arguments: [link.evaluationId, link.unit, link.tokenHash, Timestamp.format(link.issuedAt)])
            try Self.audit(
                db, actor: actor, action: "followUp.linkIssued", entityType: "evaluation", entityId: link.evaluationId,
                detail: ["unit": link.unit, "replaced": replaced ? "true" : "false"], at: link.issuedAt)
        }
    }

    public func followUpLink(tokenHash: String) async throws -> FollowUpLink? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT evaluationId, unit, tokenHash, issuedAt FROM followUpLink WHERE tokenHash = ?",
                arguments: [tokenHash]
            ).map {
                FollowUpRows.link(
                    evaluationId: $0["evaluationId"], unit: $0["unit"], tokenHash: $0["tokenHash"],
                    issuedAt: $0["issuedAt"])
            }
        }
    }

    public func followUpOffsets(evaluationId: String) async throws -> [Int]? {
        try await writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT offsets FROM followUpPlan WHERE evaluationId = ?", arguments: [evaluationId]
            )
            .map(FollowUpRows.offsets)
        }
    }

    public func setFollowUpOffsets(_ offsets: [Int], evaluationId: String, actor: String, at now: Date) async throws {
        let text = try CanonicalJSON.string(offsets)
        try await writer.write { db in
            try Self.requireEvaluation(db, evaluationId)
            let before = try String.fetchOne(
                db, sql: "SELECT offsets FROM followUpPlan WHERE evaluationId = ?", arguments: [evaluationId])
            try db.execute(
                sql: """
                    INSERT INTO followUpPlan (evaluationId, offsets) VALUES (?, ?)
                    ON CONFLICT (evaluationId) DO UPDATE SET offsets = excluded.offsets
                    """, arguments: [evaluationId, text])
            try Self.audit(
                db, actor: actor, action: "followUp.roundsSet", entityType: "evaluation", entityId: evaluationId,
                detail: ["before": before ?? "", "after": text], at: now)
        }
    }
}

/// The follow-up's rows read back from their columns, and their audit details (both stores).
public enum FollowUpRows {
    public static func task(
        id: String, evaluationId: String, position: Int, text: String, unit: String, deadline: String,
        createdAt: String
    ) -> FollowUpTask {
        FollowUpTask(
            id: id, evaluationId: evaluationId, position: position, text: text, unit: unit, deadline: deadline,
            createdAt: Timestamp.parse(createdAt) ?? .distantPast)
    }

    public static func report(
        id: Int64, evaluationId: String, taskId: String, unit: String, status: String, reason: String?,
        evidence: String?, reportedAt: String
    ) throws -> FollowUpReport {
        guard let status = FollowUpStatus(rawValue: status) else {
            throw StorageError.corrupt("follow-up report \(id) has the status '\(status)'")
        }
        return FollowUpReport(
            id: id, evaluationId: evaluationId, taskId: taskId, unit: unit, status: status, reason: reason,
            evidence: evidence, reportedAt: Timestamp.parse(reportedAt) ?? .distantPast)
    }

    public static func link(evaluationId: String, unit: String, tokenHash: String, issuedAt: String) -> FollowUpLink {
        FollowUpLink(
            evaluationId: evaluationId, unit: unit, tokenHash: tokenHash,
            issuedAt: Timestamp.parse(issuedAt) ?? .distantPast)
    }

    public static func offsets(_ text: String) -> [Int] {
        (try? JSONDecoder().decode([Int].self, from: Data(text.utf8))) ?? []
    }

    public static func addedDetail(_ tasks: [FollowUpTask]) -> [String: String] {
        ["count": String(tasks.count), "ids": tasks.map(\.id).joined(separator: ",")]
    }

    static func fields(_ task: FollowUpTask) throws -> String {
        try CanonicalJSON.string(["id": task.id, "task": task.text, "unit": task.unit, "deadline": task.deadline])
    }

    public static func changeDetail(before: FollowUpTask, after: FollowUpTask) throws -> [String: String] {
        ["before": try fields(before), "after": try fields(after)]
    }

    public static func deletionDetail(_ task: FollowUpTask) throws -> [String: String] {
        ["before": try fields(task)]
    }
}
