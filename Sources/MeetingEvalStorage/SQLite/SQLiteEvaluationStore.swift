import CoreMetrics
import Foundation
import GRDB
import Logging
import MeetingEvalCore

/// The embedded SQLite store: one file in WAL mode, foreign keys on, `synchronous=FULL` so that
/// an acknowledged response survives a crash or power loss.
public final class SQLiteEvaluationStore: EvaluationStore {
    let writer: any DatabaseWriter
    var reader: any DatabaseReader { writer }
    private let responseWriter: ResponseWriter
    private let cache = StoredQuestionnaireCache()
    private let evaluationCache = EvaluationCache()

    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// `groupCommit: false` commits every submission in its own transaction: the baseline the
    /// submission benchmark compares group commit with. `metrics`, when given, receives the
    /// writer's batch sizes and commit times.
    public convenience init(
        path: String, logger: Logger, groupCommit: Bool = true, metrics: (any MetricsFactory)? = nil
    ) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try self.init(
            writer: pool, maxBatch: groupCommit ? ResponseWriter.defaultMaxBatch : 1,
            metrics: metrics.map(WriterMetrics.init(factory:)))
        logger.info(
            "database ready",
            metadata: ["path": "\(path)", "journal": "wal", "synchronous": "full", "groupCommit": "\(groupCommit)"])
    }

    /// An in-memory database, for tests and one-off checks.
    public static func inMemory(metrics: (any MetricsFactory)? = nil) throws -> SQLiteEvaluationStore {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try SQLiteEvaluationStore(
            writer: DatabaseQueue(configuration: configuration), metrics: metrics.map(WriterMetrics.init(factory:)))
    }

    init(
        writer: any DatabaseWriter, maxBatch: Int = ResponseWriter.defaultMaxBatch, metrics: WriterMetrics? = nil
    ) throws {
        self.writer = writer
        self.responseWriter = ResponseWriter(writer: writer, maxBatch: maxBatch, metrics: metrics)
        try DatabaseMigrations.migrator.migrate(writer)
    }

    // MARK: Questionnaires

    public func storeQuestionnaireVersion(
        _ questionnaire: Questionnaire, organization: String?, source: String, actor: String,
        numbering:
            @escaping @Sendable (_ identical: Int?, _ latest: Int, _ owner: String?) throws
            -> QuestionnaireNumbering
    ) async throws -> SavedQuestionnaire {
        let contentDigest = QuestionnaireVersionPlan.contentDigest(of: questionnaire)
        return try await writer.write { db in
            let identical =
                try QuestionnaireVersionRecord
                .filter(QuestionnaireVersionRecord.Columns.questionnaireId == questionnaire.id)
                .filter(QuestionnaireVersionRecord.Columns.contentDigest == contentDigest)
                .order(QuestionnaireVersionRecord.Columns.version.desc)
                .fetchOne(db)
            let latest =
                try Int.fetchOne(
                    db, sql: "SELECT MAX(version) FROM questionnaireVersion WHERE questionnaireId = ?",
                    arguments: [questionnaire.id]) ?? 0
            let owner = try String.fetchOne(
                db, sql: "SELECT organization FROM questionnaireOwner WHERE questionnaireId = ?",
                arguments: [questionnaire.id])
            let stored: Questionnaire
            let definition: Data
            switch QuestionnaireVersionPlan(questionnaire, numbering: try numbering(identical?.version, latest, owner))
            {
            case .existing(let saved): return saved
            case .store(let questionnaire, let canonical): (stored, definition) = (questionnaire, canonical)
            }
            if latest == 0 {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO questionnaireOwner (questionnaireId, organization) VALUES (?, ?)",
                    arguments: [stored.id, organization])
            }
            let now = Timestamp.now()
            try QuestionnaireVersionRecord(
                questionnaireId: stored.id, version: stored.version,
                definition: String(decoding: definition, as: UTF8.self), digest: CanonicalJSON.sha256(definition),
                contentDigest: contentDigest, source: source, createdAt: Timestamp.format(now)
            ).insert(db)
            try Self.audit(
                db, actor: actor, action: "questionnaire.created", entityType: "questionnaire",
                entityId: "\(stored.id)@\(stored.version)", detail: ["source": source], at: now)
            return SavedQuestionnaire(
                id: stored.id, version: stored.version, created: true, requestedVersion: questionnaire.version)
        }
    }

    public func questionnaireSummaries() async throws -> [QuestionnaireSummary] {
        let rows = try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT questionnaireId, GROUP_CONCAT(version) AS versions, MAX(version) AS latest
                    FROM questionnaireVersion GROUP BY questionnaireId ORDER BY questionnaireId
                    """
            )
            .map { row -> (String, String, Int) in (row["questionnaireId"], row["versions"], row["latest"]) }
        }
        var summaries: [QuestionnaireSummary] = []
        for (id, versions, latest) in rows {
            guard let stored = try await questionnaire(id: id, version: latest) else { continue }
            let numbers = versions.split(separator: ",").compactMap { Int($0) }.sorted()
            summaries.append(
                QuestionnaireSummary(
                    id: id, latestVersion: latest, versions: numbers, title: stored.questionnaire.title,
                    meetingType: stored.questionnaire.meetingType, locales: stored.questionnaire.locales,
                    organization: stored.organization))
        }
        return summaries
    }

    public func latestQuestionnaire(id: String) async throws -> StoredQuestionnaire? {
        let latest = try await writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT MAX(version) FROM questionnaireVersion WHERE questionnaireId = ?", arguments: [id])
        }
        guard let latest else { return nil }
        return try await questionnaire(id: id, version: latest)
    }

    public func questionnaire(id: String, version: Int) async throws -> StoredQuestionnaire? {
        if let cached = cache[id, version] { return cached }
        let found = try await writer.read { db in
            try QuestionnaireVersionRecord.fetchOne(db, key: ["questionnaireId": id, "version": version]).map {
                (
                    $0,
                    try String.fetchOne(
                        db, sql: "SELECT organization FROM questionnaireOwner WHERE questionnaireId = ?",
                        arguments: [id])
                )
            }
        }
        guard let (record, organization) = found else { return nil }
        let stored = try StoredQuestionnaire(
            definition: record.definition, digest: record.digest, source: record.source, createdAt: record.createdAt,
            id: id, version: version, organization: organization)
        cache[id, version] = stored
        return stored
    }

    // MARK: Evaluations

    public func createEvaluation(_ evaluation: Evaluation, actor: String) async throws {
        let record = try EvaluationRecord(evaluation)
        try await writer.write { db in
            try record.insert(db)
            try Self.audit(
                db, actor: actor, action: "evaluation.created", entityType: "evaluation", entityId: evaluation.id,
                detail: ["questionnaire": "\(evaluation.questionnaireId)@\(evaluation.questionnaireVersion)"],
                at: evaluation.createdAt)
        }
    }

    public func evaluations() async throws -> [Evaluation] {
        try await writer.read { db in
            try EvaluationRecord.order(EvaluationRecord.Columns.createdAt.desc).fetchAll(db).map { try $0.evaluation() }
        }
    }

    public func evaluation(id: String) async throws -> Evaluation? {
        if let cached = evaluationCache.byId(id) { return cached }
        let found = try await writer.read { db in try EvaluationRecord.fetchOne(db, key: id)?.evaluation() }
        if let found { evaluationCache.store(found) }
        return found
    }

    public func evaluation(slug: String) async throws -> Evaluation? {
        if let cached = evaluationCache.bySlug(slug) { return cached }
        let found = try await writer.read { db in
            try EvaluationRecord.filter(EvaluationRecord.Columns.slug == slug).fetchOne(db)?.evaluation()
        }
        if let found { evaluationCache.store(found) }
        return found
    }

    public func changeEvaluation(
        id evaluationId: String, actor: String, at now: Date,
        _ change: @escaping @Sendable (Evaluation) throws -> EvaluationChange?
    ) async throws -> Evaluation {
        evaluationCache.remove(evaluationId)
        let updated = try await writer.write { db -> Evaluation in
            guard var record = try EvaluationRecord.fetchOne(db, key: evaluationId) else {
                throw DomainError.notFound("Unknown evaluation.")
            }
            let current = try record.evaluation()
            guard let decided = try change(current) else { return current }
            var changed = decided.evaluation
            (changed.id, changed.slug, changed.createdAt) = (current.id, current.slug, current.createdAt)
            record = try EvaluationRecord(changed)
            try record.update(db)
            try Self.audit(
                db, actor: actor, action: decided.action, entityType: "evaluation", entityId: evaluationId,
                detail: decided.detail, at: now)
            return try record.evaluation()
        }
        evaluationCache.store(updated)
        return updated
    }

    public func deleteEvaluation(
        id evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable (Evaluation, _ responses: Int, _ invitations: Int) throws -> [String: String]
    ) async throws {
        evaluationCache.remove(evaluationId)
        try await writer.write { db in
            guard let record = try EvaluationRecord.fetchOne(db, key: evaluationId) else {
                throw DomainError.notFound("Unknown evaluation.")
            }
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE evaluationId = ?", arguments: [evaluationId])
                    ?? 0
            }
            let detail = try decide(try record.evaluation(), try count("response"), try count("invitation"))
            try db.execute(sql: "DELETE FROM evaluation WHERE id = ?", arguments: [evaluationId])
            try Self.audit(
                db, actor: actor, action: "evaluation.deleted", entityType: "evaluation", entityId: evaluationId,
                detail: detail, at: now)
        }
        evaluationCache.remove(evaluationId)
    }

    public func counts(evaluationId: String) async throws -> ResponseCounts {
        try await counts(evaluationIds: [evaluationId])[evaluationId] ?? ResponseCounts()
    }

    public func counts(evaluationIds: [String]) async throws -> [String: ResponseCounts] {
        guard !evaluationIds.isEmpty else { return [:] }
        return try await writer.read { db in
            var result: [String: ResponseCounts] = [:]
            for id in evaluationIds { result[id] = ResponseCounts() }
            let placeholders = databaseQuestionMarks(count: evaluationIds.count)
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT evaluationId, venue, raterGroup, COUNT(*) AS n FROM response
                    WHERE evaluationId IN (\(placeholders)) GROUP BY evaluationId, venue, raterGroup
                    """, arguments: StatementArguments(evaluationIds))
            while let row = try rows.next() {
                let id: String = row["evaluationId"]
                let n: Int = row["n"]
                result[id, default: ResponseCounts()].add(n, venue: row["venue"], raterGroup: row["raterGroup"])
            }
            return result
        }
    }

    // MARK: Responses

    public func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date, code: PresentedCode?)
        async throws -> SubmissionOutcome
    {
        try await responseWriter.submit(submission, evaluationId: evaluationId, receivedAt: receivedAt, code: code)
    }

    public func responses(evaluationId: String) async throws -> [StoredResponse] {
        try await writer.read { db in
            try ResponseRecord.filter(ResponseRecord.Columns.evaluationId == evaluationId)
                .order(ResponseRecord.Columns.receivedAt, Column("id"))
                .fetchAll(db).map(\.stored)
        }
    }

    // MARK: Audit and health

    public func auditEvents(entityId: String?) async throws -> [AuditEvent] {
        try await writer.read { db in
            var request = AuditEvent.order(Column("id"))
            if let entityId { request = request.filter(Column("entityId") == entityId) }
            return try request.fetchAll(db)
        }
    }

    /// Fails while commits of responses fail for a storage fault (`StorageFaultState`): a
    /// write to a temporary table would still succeed on a full disk.
    public func checkHealth() async throws {
        if let fault = responseWriter.faults.current { throw fault }
        try await writer.write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS healthProbe (x INTEGER)")
            try db.execute(sql: "INSERT INTO healthProbe (x) VALUES (1)")
            try db.execute(sql: "DELETE FROM healthProbe")
        }
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evaluation") }
    }

    static func audit(
        _ db: Database, actor: String, action: String, entityType: String, entityId: String,
        detail: [String: String], at: Date
    ) throws {
        var event = AuditEvent(
            id: nil, at: at, actor: actor, action: action, entityType: entityType, entityId: entityId,
            detail: try CanonicalJSON.string(detail))
        try event.insert(db)
    }
}

/// Errors of the storage layer itself (not the caller's fault).
public enum StorageError: Error, Sendable {
    case corrupt(String)
}

/// Evaluations read by id or slug, so that a submission does not read and decode its
/// evaluation from the database every time. Only the status and its times ever change, and
/// only through `setStatus`, which refreshes the entry; the response writer still checks the
/// state from the database inside its transaction, so a stale entry can never let a response
/// into an evaluation that is not accepting.
final class EvaluationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Evaluation] = [:]
    private var idsBySlug: [String: String] = [:]

    func byId(_ id: String) -> Evaluation? { lock.withLock { entries[id] } }
    func bySlug(_ slug: String) -> Evaluation? { lock.withLock { idsBySlug[slug].flatMap { entries[$0] } } }

    func store(_ evaluation: Evaluation) {
        lock.withLock {
            entries[evaluation.id] = evaluation
            idsBySlug[evaluation.slug] = evaluation.id
        }
    }

    func remove(_ id: String) {
        _ = lock.withLock { entries.removeValue(forKey: id) }
    }
}
