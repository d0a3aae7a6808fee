import CoreMetrics
import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import PostgresNIO

/// The PostgreSQL store: the path past one machine. Several `meeting-eval serve` processes on
/// one database behave as one system, because everything that can change lives in the
/// database: sessions, tokens and invitation codes are rows, and the live counts are queries.
/// Questionnaire versions, which never change once stored, are cached; evaluations are cached
/// only while this server hears every change of them (`EvaluationNotifications`, LISTEN/NOTIFY),
/// and the writer checks their state inside its transaction in any case.
///
/// Responses are written with group commit (`PostgresResponseWriter`): one transaction per
/// batch, and a caller hears back only after its batch has committed.
public final class PostgresEvaluationStore: EvaluationStore {
    let access: PostgresAccess
    let location: PostgresLocation
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let responseWriter: PostgresResponseWriter
    private let cache = StoredQuestionnaireCache()
    private let evaluationCache = EvaluationNotifications()

    /// Connects (with a pool of `location.poolSize` connections), applies the migrations and
    /// starts the response writer. `groupCommit: false` commits every submission alone (the
    /// benchmark's baseline). A database that cannot be reached within `startTimeout` is
    /// `StoreUnavailable`.
    public static func open(
        _ location: PostgresLocation, logger: Logger, groupCommit: Bool = true, metrics: (any MetricsFactory)? = nil,
        startTimeout: Duration = .seconds(15)
    ) async throws -> PostgresEvaluationStore {
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let store = PostgresEvaluationStore(
            client: client, runner: runner, location: location, logger: logger,
            maxBatch: groupCommit ? PostgresResponseWriter.defaultMaxBatch : 1,
            metrics: metrics.map(WriterMetrics.init(factory:)))
        do {
            var starting = store.access
            starting.leaseTimeout = startTimeout
            try await PostgresMigrations.migrate(starting)
        } catch {
            store.close()
            throw error
        }
        store.evaluationCache.start(client: client, logger: logger)
        logger.info(
            "database ready",
            metadata: [
                "database": "\(location)", "pool": "\(location.poolSize)", "groupCommit": "\(groupCommit)",
            ])
        return store
    }

    private init(
        client: PostgresClient, runner: Task<Void, Never>, location: PostgresLocation, logger: Logger, maxBatch: Int,
        metrics: WriterMetrics?
    ) {
        self.client = client
        self.runner = runner
        self.location = location
        self.access = PostgresAccess(client: client, logger: logger)
        self.responseWriter = PostgresResponseWriter(access: access, maxBatch: maxBatch, metrics: metrics)
    }

    /// Closes the pool's connections.
    public func close() {
        evaluationCache.stop()
        runner.cancel()
    }

    deinit {
        runner.cancel()
    }

    // MARK: Questionnaires

    public func storeQuestionnaireVersion(
        _ questionnaire: Questionnaire, organization: String?, source: String, actor: String,
        numbering:
            @escaping @Sendable (_ identical: Int?, _ latest: Int, _ owner: String?) throws
            -> QuestionnaireNumbering
    ) async throws -> SavedQuestionnaire {
        let contentDigest = QuestionnaireVersionPlan.contentDigest(of: questionnaire)
        let logger = access.logger
        return try await access.transaction { db in
            // Versions of one questionnaire are numbered one writer at a time.
            try await db.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(questionnaire.id), \(PostgresMigrations.lockKey)))",
                logger: logger)
            let identical = try await PostgresAccess.rows(
                """
                SELECT version FROM questionnaireVersion WHERE questionnaireId = \(questionnaire.id)
                AND contentDigest = \(contentDigest) ORDER BY version DESC LIMIT 1
                """, on: db, logger: logger
            ) { try $0.decode(Int.self) }.first
            let latest =
                try await PostgresAccess.rows(
                    "SELECT MAX(version) FROM questionnaireVersion WHERE questionnaireId = \(questionnaire.id)",
                    on: db, logger: logger
                ) { try $0.decode(Int?.self) }.first ?? nil
            let owner =
                try await PostgresAccess.rows(
                    "SELECT organization FROM questionnaireOwner WHERE questionnaireId = \(questionnaire.id)",
                    on: db, logger: logger
                ) { try $0.decode(String?.self) }.first ?? nil
            let stored: Questionnaire
            let definition: Data
            switch QuestionnaireVersionPlan(questionnaire, numbering: try numbering(identical, latest ?? 0, owner)) {
            case .existing(let saved): return saved
            case .store(let questionnaire, let canonical): (stored, definition) = (questionnaire, canonical)
            }
            if (latest ?? 0) == 0 {
                try await db.query(
                    """
                    INSERT INTO questionnaireOwner (questionnaireId, organization) VALUES (\(stored.id), \(organization))
                    ON CONFLICT (questionnaireId) DO UPDATE SET organization = EXCLUDED.organization
                    """, logger: logger)
            }
            let version = stored.version
            let now = Timestamp.now()
            let text = String(decoding: definition, as: UTF8.self)
            try await db.query(
                """
                INSERT INTO questionnaireVersion
                    (questionnaireId, version, definition, digest, contentDigest, source, createdAt)
                VALUES (\(stored.id), \(version), \(text), \(CanonicalJSON.sha256(definition)), \(contentDigest),
                        \(source), \(Timestamp.format(now)))
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "questionnaire.created", entityType: "questionnaire",
                entityId: "\(stored.id)@\(version)", detail: ["source": source], at: now)
            return SavedQuestionnaire(
                id: stored.id, version: version, created: true, requestedVersion: questionnaire.version)
        }
    }

    public func questionnaireSummaries() async throws -> [QuestionnaireSummary] {
        let rows = try await access.rows(
            """
            SELECT questionnaireId, string_agg(version::text, ','), MAX(version)
            FROM questionnaireVersion GROUP BY questionnaireId ORDER BY questionnaireId
            """
        ) { row in try row.decode((String, String, Int).self) }
        var summaries: [QuestionnaireSummary] = []
        for (id, versions, latest) in rows {
            guard let stored = try await questionnaire(id: id, version: latest) else { continue }
            summaries.append(
                QuestionnaireSummary(
                    id: id, latestVersion: latest, versions: versions.split(separator: ",").compactMap { Int($0) }.sorted(),
                    title: stored.questionnaire.title, meetingType: stored.questionnaire.meetingType,
                    locales: stored.questionnaire.locales, organization: stored.organization))
        }
        return summaries
    }

    public func latestQuestionnaire(id: String) async throws -> StoredQuestionnaire? {
        let latest =
            try await access.rows("SELECT MAX(version) FROM questionnaireVersion WHERE questionnaireId = \(id)") {
                try $0.decode(Int?.self)
            }.first ?? nil
        guard let latest else { return nil }
        return try await questionnaire(id: id, version: latest)
    }

    public func questionnaire(id: String, version: Int) async throws -> StoredQuestionnaire? {
        if let cached = cache[id, version] { return cached }
        let rows = try await access.rows(
            """
            SELECT v.definition, v.digest, v.source, v.createdAt, o.organization FROM questionnaireVersion v
            LEFT JOIN questionnaireOwner o ON o.questionnaireId = v.questionnaireId
            WHERE v.questionnaireId = \(id) AND v.version = \(version)
            """
        ) { try $0.decode((String, String, String?, String, String?).self) }
        guard let (definition, digest, source, createdAt, organization) = rows.first else { return nil }
        let stored = try StoredQuestionnaire(
            definition: definition, digest: digest, source: source, createdAt: createdAt, id: id, version: version,
            organization: organization)
        cache[id, version] = stored
        return stored
    }

    // MARK: Evaluations

    static let evaluationColumns = EvaluationRecord.columnList

    public func createEvaluation(_ evaluation: Evaluation, actor: String) async throws {
        let record = try EvaluationRecord(evaluation)
        let logger = access.logger
        try await access.transaction { db in
            try await db.query(
                """
                INSERT INTO evaluation (\(unescaped: Self.evaluationColumns))
                VALUES (\(record.id), \(record.slug), \(record.questionnaireId), \(record.questionnaireVersion),
                        \(record.title), \(record.meetingType), \(record.meetingDate), \(record.venues),
                        \(record.raterGroups), \(record.expectedRespondents), \(record.opensAt), \(record.closesAt),
                        \(record.anonymous), \(record.access), \(record.screening), \(record.sharedDevices),
                        \(record.status),
                        \(record.createdAt), \(record.openedAt), \(record.closedAt), \(record.organization),
                        \(record.archivedAt), \(record.report), \(record.opinion), \(record.standard),
                        \(record.scoreIndex), \(record.facts))
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "evaluation.created", entityType: "evaluation",
                entityId: evaluation.id,
                detail: ["questionnaire": "\(evaluation.questionnaireId)@\(evaluation.questionnaireVersion)"],
                at: evaluation.createdAt)
        }
    }

    public func evaluations() async throws -> [Evaluation] {
        try await access.rows(
            "SELECT \(unescaped: Self.evaluationColumns) FROM evaluation ORDER BY createdAt DESC, id"
        ) { try Self.evaluation(row: $0) }
    }

    public func evaluation(id: String) async throws -> Evaluation? {
        if let cached = evaluationCache.cached(id: id) { return cached }
        return try await readAndKeep("SELECT \(unescaped: Self.evaluationColumns) FROM evaluation WHERE id = \(id)")
    }

    public func evaluation(slug: String) async throws -> Evaluation? {
        if let cached = evaluationCache.cached(slug: slug) { return cached }
        return try await readAndKeep("SELECT \(unescaped: Self.evaluationColumns) FROM evaluation WHERE slug = \(slug)")
    }

    /// Reads one evaluation and keeps it, unless a change was heard while it was read.
    private func readAndKeep(_ query: PostgresQuery) async throws -> Evaluation? {
        let generation = evaluationCache.currentGeneration
        let found = try await access.rows(query, Self.evaluation(row:)).first
        if let found { evaluationCache.store(found, readAt: generation) }
        return found
    }

    public func changeEvaluation(
        id evaluationId: String, actor: String, at now: Date,
        _ change: @escaping @Sendable (Evaluation) throws -> EvaluationChange?
    ) async throws -> Evaluation {
        let logger = access.logger
        defer { evaluationCache.changed(evaluationId) }
        return try await access.transaction { db in
            let current = try await Self.lockedEvaluation(evaluationId, db, logger)
            guard let decided = try change(current) else { return current }
            var changed = decided.evaluation
            (changed.id, changed.slug, changed.createdAt) = (current.id, current.slug, current.createdAt)
            let r = try EvaluationRecord(changed)
            try await db.query(
                """
                UPDATE evaluation SET questionnaireId = \(r.questionnaireId),
                    questionnaireVersion = \(r.questionnaireVersion), title = \(r.title), meetingType = \(r.meetingType),
                    meetingDate = \(r.meetingDate), venues = \(r.venues), raterGroups = \(r.raterGroups),
                    expectedRespondents = \(r.expectedRespondents), opensAt = \(r.opensAt), closesAt = \(r.closesAt),
                    anonymous = \(r.anonymous), access = \(r.access), screening = \(r.screening),
                    sharedDevices = \(r.sharedDevices), status = \(r.status), openedAt = \(r.openedAt),
                    closedAt = \(r.closedAt), organization = \(r.organization), archivedAt = \(r.archivedAt),
                    report = \(r.report), opinion = \(r.opinion), standard = \(r.standard),
                    scoreIndex = \(r.scoreIndex), facts = \(r.facts)
                WHERE id = \(evaluationId)
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: decided.action, entityType: "evaluation",
                entityId: evaluationId, detail: decided.detail, at: now)
            // Every server drops its copy when this commits.
            try await db.query(
                "SELECT pg_notify(\(EvaluationNotifications.channel), \(evaluationId))", logger: logger)
            return try r.evaluation()
        }
    }

    /// The evaluation, locked in the caller's transaction: a batch of submissions holds the
    /// evaluation's lock shared while it checks the state (`EvaluationLock`), so a change waits
    /// for it, and the next batch sees the change; the row is also locked FOR UPDATE against
    /// other changes. `notFound` for an unknown id.
    static func lockedEvaluation(_ id: String, _ db: PostgresConnection, _ logger: Logger) async throws -> Evaluation {
        try await EvaluationLock.exclusive(id, on: db, logger: logger)
        guard
            let current = try await PostgresAccess.rows(
                "SELECT \(unescaped: evaluationColumns) FROM evaluation WHERE id = \(id) FOR UPDATE",
                on: db, logger: logger, { try evaluation(row: $0) }
            ).first
        else { throw DomainError.notFound("Unknown evaluation.") }
        return current
    }

    public func deleteEvaluation(
        id evaluationId: String, actor: String, at now: Date,
        _ decide: @escaping @Sendable (Evaluation, _ responses: Int, _ invitations: Int) throws -> [String: String]
    ) async throws {
        let logger = access.logger
        defer { evaluationCache.changed(evaluationId) }
        try await access.transaction { db in
            let current = try await Self.lockedEvaluation(evaluationId, db, logger)
            let (responses, invitations) =
                try await PostgresAccess.rows(
                    """
                    SELECT (SELECT COUNT(*) FROM response WHERE evaluationId = \(evaluationId)),
                           (SELECT COUNT(*) FROM invitation WHERE evaluationId = \(evaluationId))
                    """, on: db, logger: logger, { try $0.decode((Int, Int).self) }
                ).first ?? (0, 0)
            let detail = try decide(current, responses, invitations)
            try await db.query("DELETE FROM evaluation WHERE id = \(evaluationId)", logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "evaluation.deleted", entityType: "evaluation",
                entityId: evaluationId, detail: detail, at: now)
            try await db.query(
                "SELECT pg_notify(\(EvaluationNotifications.channel), \(evaluationId))", logger: logger)
        }
    }

    public func counts(evaluationId: String) async throws -> ResponseCounts {
        try await counts(evaluationIds: [evaluationId])[evaluationId] ?? ResponseCounts()
    }

    public func counts(evaluationIds: [String]) async throws -> [String: ResponseCounts] {
        guard !evaluationIds.isEmpty else { return [:] }
        let rows = try await access.rows(
            """
            SELECT evaluationId, venue, raterGroup, COUNT(*) FROM response
            WHERE evaluationId = ANY(\(evaluationIds)) GROUP BY evaluationId, venue, raterGroup
            """
        ) { try $0.decode((String, String?, String?, Int).self) }
        var result: [String: ResponseCounts] = [:]
        for id in evaluationIds { result[id] = ResponseCounts() }
        for (id, venue, group, n) in rows { result[id, default: ResponseCounts()].add(n, venue: venue, raterGroup: group) }
        return result
    }

    // MARK: Responses

    public func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date, code: PresentedCode?)
        async throws -> SubmissionOutcome
    {
        try await responseWriter.submit(submission, evaluationId: evaluationId, receivedAt: receivedAt, code: code)
    }

    public func responses(evaluationId: String) async throws -> [StoredResponse] {
        try await access.rows(
            """
            SELECT \(unescaped: Self.responseColumns) FROM response
            WHERE evaluationId = \(evaluationId) ORDER BY receivedAt, id
            """
        ) { try Self.responseRecord(row: $0).stored }
    }

    // MARK: Audit and health

    public func recordAudit(_ event: AuditEvent) async throws {
        try await access.execute(
            """
            INSERT INTO auditEvent (at, actor, action, entityType, entityId, detail)
            VALUES (\(Timestamp.format(event.at)), \(event.actor), \(event.action), \(event.entityType),
                    \(event.entityId), \(event.detail))
            """)
    }

    public func auditLog(entityId: String?, before: Int64?, limit: Int) async throws -> [AuditEvent] {
        try await access.rows(
            """
            SELECT id, at, actor, action, entityType, entityId, detail FROM auditEvent
            WHERE (\(entityId)::text IS NULL OR entityId = \(entityId)) AND (\(before)::bigint IS NULL OR id < \(before))
            ORDER BY id DESC LIMIT \(max(1, limit))
            """, Self.auditEvent(row:))
    }

    public func auditEvents(entityId: String?) async throws -> [AuditEvent] {
        try await access.rows(
            """
            SELECT id, at, actor, action, entityType, entityId, detail FROM auditEvent
            WHERE (\(entityId)::text IS NULL OR entityId = \(entityId)) ORDER BY id
            """, Self.auditEvent(row:))
    }

    public func checkHealth() async throws {
        try await access.transaction { db in
            try await db.query("CREATE TEMP TABLE IF NOT EXISTS healthProbe (x INTEGER) ON COMMIT DELETE ROWS")
            try await db.query("INSERT INTO healthProbe (x) VALUES (1)")
            _ = try await db.query("SELECT COUNT(*) FROM evaluation")
        }
    }

    // MARK: Rows

    static func audit(
        _ db: PostgresConnection, logger: Logger, actor: String, action: String, entityType: String, entityId: String,
        detail: [String: String], at: Date
    ) async throws {
        let detailJSON = try CanonicalJSON.string(detail)
        try await db.query(
            """
            INSERT INTO auditEvent (at, actor, action, entityType, entityId, detail)
            VALUES (\(Timestamp.format(at)), \(actor), \(action), \(entityType), \(entityId), \(detailJSON))
            """, logger: logger)
    }

    static func auditEvent(row: PostgresRow) throws -> AuditEvent {
        var columns = ColumnReader(row)
        let id: Int64 = try columns.next()
        let at: String = try columns.next()
        return AuditEvent(
            id: id, at: Timestamp.parse(at) ?? Date(timeIntervalSince1970: 0), actor: try columns.next(),
            action: try columns.next(), entityType: try columns.next(), entityId: try columns.next(),
            detail: try columns.next())
    }

    static func evaluation(row: PostgresRow) throws -> Evaluation {
        var c = ColumnReader(row)
        return try evaluation(&c)
    }

    /// An evaluation from `EvaluationRecord.columnList`'s columns, starting at the reader's position.
    static func evaluation(_ c: inout ColumnReader) throws -> Evaluation {
        try EvaluationRecord(
            id: c.next(), slug: c.next(), questionnaireId: c.next(), questionnaireVersion: c.next(), title: c.next(),
            meetingType: c.next(), meetingDate: c.next(), venues: c.next(), raterGroups: c.next(),
            expectedRespondents: c.next(), opensAt: c.next(), closesAt: c.next(), anonymous: c.next(),
            access: c.next(), screening: c.next(), sharedDevices: c.next(), status: c.next(), createdAt: c.next(),
            openedAt: c.next(),
            closedAt: c.next(), organization: c.next(), archivedAt: c.next(), report: c.next(), opinion: c.next(),
            standard: c.next(), scoreIndex: c.next(), facts: c.next()
        ).evaluation()
    }

    static let responseColumns =
        "id, evaluationId, venue, raterGroup, answers, startedAt, receivedAt, locale, contentDigest"

    static func responseRecord(row: PostgresRow) throws -> ResponseRecord {
        var c = ColumnReader(row)
        return try responseRecord(&c)
    }

    /// A response from `responseColumns`, starting at the reader's position.
    static func responseRecord(_ c: inout ColumnReader) throws -> ResponseRecord {
        try ResponseRecord(
            id: c.next(), evaluationId: c.next(), venue: c.next(), raterGroup: c.next(), answers: c.next(),
            startedAt: c.next(), receivedAt: c.next(), locale: c.next(), contentDigest: c.next())
    }
}
