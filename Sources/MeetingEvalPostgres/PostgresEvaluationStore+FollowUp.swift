import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import PostgresNIO

extension PostgresEvaluationStore {
    public func followUpTasks(evaluationId: String) async throws -> [FollowUpTask] {
        let logger = access.logger
        return try await access.transaction { db in try await Self.followUpTasks(db, logger, evaluationId) }
    }

    static func followUpTasks(_ db: PostgresConnection, _ logger: Logger, _ evaluationId: String) async throws
        -> [FollowUpTask]
    {
        try await PostgresAccess.rows(
            """
            SELECT id, evaluationId, position, text, unit, deadline, createdAt FROM followUpTask
            WHERE evaluationId = \(evaluationId) ORDER BY position, id
            """, on: db, logger: logger
        ) { row in
            let (id, evaluation, position, text, unit, deadline, createdAt) = try row.decode(
                (String, String, Int, String, String, String, String).self)
            return FollowUpRows.task(
                id: id, evaluationId: evaluation, position: position, text: text, unit: unit, deadline: deadline,
                createdAt: createdAt)
        }
    }

    /// Locks the evaluation's row for the transaction, so that changes of its follow-up are
    /// decided one at a time; `notFound` when there is none.
    static func lockFollowUp(
        _ db: PostgresConnection, _ logger: Logger, _ evaluationId: String,
        missing: DomainError = .notFound("Unknown evaluation.")
    ) async throws {
        let found = try await PostgresAccess.rows(
            "SELECT 1 FROM evaluation WHERE id = \(evaluationId) FOR UPDATE", on: db, logger: logger) { _ in true }
        guard !found.isEmpty else { throw missing }
    }

    public func addFollowUpTasks(
        evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable ([FollowUpTask]) throws -> [FollowUpTask]
    ) async throws -> [FollowUpTask] {
        let logger = access.logger
        return try await access.transaction { db in
            try await Self.lockFollowUp(db, logger, evaluationId)
            let added = try decide(try await Self.followUpTasks(db, logger, evaluationId))
            for task in added {
                try await db.query(
                    """
                    INSERT INTO followUpTask (id, evaluationId, position, text, unit, deadline, createdAt)
                    VALUES (\(task.id), \(evaluationId), \(task.position), \(task.text), \(task.unit),
                            \(task.deadline), \(Timestamp.format(task.createdAt)))
                    """, logger: logger)
            }
            try await Self.audit(
                db, logger: logger, actor: actor, action: "followUp.tasksAdded", entityType: "evaluation",
                entityId: evaluationId, detail: FollowUpRows.addedDetail(added), at: now)
            return added
        }
    }

    static func followUpTask(_ db: PostgresConnection, _ logger: Logger, id: String, evaluationId: String)
        async throws -> (FollowUpTask, Int)
    {
        let missing = DomainError.notFound("No such task in this evaluation.")
        try await lockFollowUp(db, logger, evaluationId, missing: missing)
        guard let task = try await followUpTasks(db, logger, evaluationId).first(where: { $0.id == id }) else {
            throw missing
        }
        let reports =
            try await PostgresAccess.rows(
                "SELECT COUNT(*) FROM followUpReport WHERE taskId = \(id)", on: db, logger: logger
            ) { try $0.decode(Int.self) }.first ?? 0
        return (task, reports)
    }

    public func changeFollowUpTask(
        id: String, evaluationId: String, actor: String, at now: Date,
        _ change: @escaping @Sendable (FollowUpTask, Int) throws -> FollowUpTask
    ) async throws -> FollowUpTask {
        let logger = access.logger
        return try await access.transaction { db in
            let (task, reports) = try await Self.followUpTask(db, logger, id: id, evaluationId: evaluationId)
            let changed = try change(task, reports)
            try await db.query(
                """
                UPDATE followUpTask SET text = \(changed.text), unit = \(changed.unit), deadline = \(changed.deadline)
                WHERE id = \(id)
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "followUp.taskChanged", entityType: "evaluation",
                entityId: evaluationId, detail: try FollowUpRows.changeDetail(before: task, after: changed), at: now)
            return changed
        }
    }

    public func deleteFollowUpTask(
        id: String, evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable (FollowUpTask, Int) throws -> Void
    ) async throws {
        let logger = access.logger
        try await access.transaction { db in
            let (task, reports) = try await Self.followUpTask(db, logger, id: id, evaluationId: evaluationId)
            try decide(task, reports)
            try await db.query("DELETE FROM followUpTask WHERE id = \(id)", logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "followUp.taskDeleted", entityType: "evaluation",
                entityId: evaluationId, detail: try FollowUpRows.deletionDetail(task), at: now)
        }
    }

    public func followUpReports(evaluationId: String) async throws -> [FollowUpReport] {
        try await access.rows(
            """
            SELECT id, evaluationId, taskId, unit, status, reason, evidence, reportedAt FROM followUpReport
            WHERE evaluationId = \(evaluationId) ORDER BY id
            """
        ) { row in
            let (id, evaluation, task, unit, status, reason, evidence, reportedAt) = try row.decode(
                (Int64, String, String, String, String, String?, String?, String).self)
            return try FollowUpRows.report(
                id: id, evaluationId: evaluation, taskId: task, unit: unit, status: status, reason: reason,
                evidence: evidence, reportedAt: reportedAt)
        }
    }

    public func addFollowUpReport(
        _ report: FollowUpReport, _ decide: @escaping @Sendable ([FollowUpTask]) throws -> Void
    ) async throws -> FollowUpReport {
        let logger = access.logger
        return try await access.transaction { db in
            try await Self.lockFollowUp(db, logger, report.evaluationId)
            try decide(try await Self.followUpTasks(db, logger, report.evaluationId))
            let ids = try await PostgresAccess.rows(
                """
                INSERT INTO followUpReport (evaluationId, taskId, unit, status, reason, evidence, reportedAt)
                VALUES (\(report.evaluationId), \(report.taskId), \(report.unit), \(report.status.rawValue),
                        \(report.reason), \(report.evidence), \(Timestamp.format(report.reportedAt)))
                RETURNING id
                """, on: db, logger: logger
            ) { try $0.decode(Int64.self) }
            var stored = report
            stored.id = ids.first
            return stored
        }
    }

    public func followUpLinks(evaluationId: String) async throws -> [FollowUpLink] {
        try await access.rows(
            """
            SELECT evaluationId, unit, tokenHash, issuedAt FROM followUpLink
            WHERE evaluationId = \(evaluationId) ORDER BY unit
            """, Self.followUpLink(row:))
    }

    static func followUpLink(row: PostgresRow) throws -> FollowUpLink {
        let (evaluation, unit, hash, issuedAt) = try row.decode((String, String, String, String).self)
        return FollowUpRows.link(evaluationId: evaluation, unit: unit, tokenHash: hash, issuedAt: issuedAt)
    }

    public func issueFollowUpLink(_ link: FollowUpLink, actor: String) async throws {
        let logger = access.logger
        try await access.transaction { db in
            try await Self.lockFollowUp(db, logger, link.evaluationId)
            let replaced = try await !PostgresAccess.rows(
                "SELECT 1 FROM followUpLink WHERE evaluationId = \(link.evaluationId) AND unit = \(link.unit)",
                on: db, logger: logger
            ) { _ in true }.isEmpty
            try await db.query(
                """
                INSERT INTO followUpLink (evaluationId, unit, tokenHash, issuedAt)
                VALUES (\(link.evaluationId), \(link.unit), \(link.tokenHash), \(Timestamp.format(link.issuedAt)))
                ON CONFLICT (evaluationId, unit) DO UPDATE SET tokenHash = EXCLUDED.tokenHash, issuedAt = EXCLUDED.issuedAt
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "followUp.linkIssued", entityType: "evaluation",
                entityId: link.evaluationId, detail: ["unit": link.unit, "replaced": replaced ? "true" : "false"],
                at: link.issuedAt)
        }
    }

    public func followUpLink(tokenHash: String) async throws -> FollowUpLink? {
        try await access.rows(
            "SELECT evaluationId, unit, tokenHash, issuedAt FROM followUpLink WHERE tokenHash = \(tokenHash)",
            Self.followUpLink(row:)
        ).first
    }

    public func followUpOffsets(evaluationId: String) async throws -> [Int]? {
        try await access.rows("SELECT offsets FROM followUpPlan WHERE evaluationId = \(evaluationId)") {
            try $0.decode(String.self)
        }.first.map(FollowUpRows.offsets)
    }

    public func setFollowUpOffsets(_ offsets: [Int], evaluationId: String, actor: String, at now: Date) async throws {
        let text = try CanonicalJSON.string(offsets)
        let logger = access.logger
        try await access.transaction { db in
            try await Self.lockFollowUp(db, logger, evaluationId)
            let before = try await PostgresAccess.rows(
                "SELECT offsets FROM followUpPlan WHERE evaluationId = \(evaluationId)", on: db, logger: logger
            ) { try $0.decode(String.self) }.first
            try await db.query(
                """
                INSERT INTO followUpPlan (evaluationId, offsets) VALUES (\(evaluationId), \(text))
                ON CONFLICT (evaluationId) DO UPDATE SET offsets = EXCLUDED.offsets
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "followUp.roundsSet", entityType: "evaluation",
                entityId: evaluationId, detail: ["before": before ?? "", "after": text], at: now)
        }
    }
}
