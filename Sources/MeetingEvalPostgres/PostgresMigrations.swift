import Foundation
import Logging
import MeetingEvalCore
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations applied in order, each once, recorded in
/// `schemaMigration`. Two servers starting at once serialize on an advisory lock, so a
/// migration never runs twice. Shipped migrations are never edited: changes come as new ones.
///
/// The tables, columns and times are those of the SQLite store (times are ISO 8601 text, JSON
/// columns are text), so that `meeting-eval migrate` copies rows unchanged and digests agree.
/// Identifiers are unquoted, so PostgreSQL folds them to lower case. Columns that order rows
/// compare as bytes (`COLLATE "C"`), as SQLite does, whatever the database's locale. Triggers make responses,
/// exclusion events, questionnaire versions and the audit log append-only, keep accounts and
/// invitation codes from being deleted, and let an invitation code change once (used or
/// withdrawn) and never again.
enum PostgresMigrations {
    struct Migration {
        var id: String
        var sql: [String]
    }

    /// `pg_advisory_xact_lock` key: "meeting-eval" in ASCII, truncated to 64 bits.
    static let lockKey: Int64 = 0x6D65_6574_696E_6765

    static let all: [Migration] = [
        Migration(
            id: "v1-initial-schema",
            sql: [
                """
                CREATE FUNCTION meeting_eval_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
                END
                $$
                """,
                """
                CREATE TABLE questionnaireVersion (
                    questionnaireId TEXT COLLATE "C" NOT NULL,
                    version INTEGER NOT NULL CHECK (version > 0),
                    definition TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    contentDigest TEXT NOT NULL,
                    source TEXT,
                    createdAt TEXT NOT NULL,
                    PRIMARY KEY (questionnaireId, version)
                )
                """,
                "CREATE INDEX questionnaireVersionContent ON questionnaireVersion (questionnaireId, contentDigest)",
                """
                CREATE TRIGGER questionnaireVersionImmutable BEFORE UPDATE OR DELETE ON questionnaireVersion
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('questionnaire versions are immutable')
                """,
                """
                CREATE TABLE evaluation (
                    id TEXT PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE,
                    questionnaireId TEXT NOT NULL,
                    questionnaireVersion INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    meetingType TEXT NOT NULL,
                    meetingDate TEXT NOT NULL,
                    venues TEXT NOT NULL,
                    raterGroups TEXT NOT NULL,
                    expectedRespondents INTEGER,
                    opensAt TEXT,
                    closesAt TEXT,
                    anonymous BOOLEAN NOT NULL,
                    access TEXT NOT NULL DEFAULT 'open' CHECK (access IN ('open', 'invitation')),
                    screening TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
                    createdAt TEXT COLLATE "C" NOT NULL,
                    openedAt TEXT,
                    closedAt TEXT,
                    FOREIGN KEY (questionnaireId, questionnaireVersion)
                        REFERENCES questionnaireVersion (questionnaireId, version)
                )
                """,
                """
                CREATE TABLE response (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    evaluationId TEXT NOT NULL REFERENCES evaluation (id),
                    venue TEXT,
                    raterGroup TEXT,
                    answers TEXT NOT NULL,
                    startedAt TEXT,
                    receivedAt TEXT COLLATE "C" NOT NULL,
                    locale TEXT,
                    contentDigest TEXT NOT NULL
                )
                """,
                "CREATE INDEX responseInReceiptOrder ON response (evaluationId, receivedAt, id)",
                """
                CREATE TRIGGER responseAppendOnly BEFORE UPDATE OR DELETE ON response
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('responses are append-only')
                """,
                """
                CREATE TABLE responseExclusion (
                    id BIGSERIAL PRIMARY KEY,
                    evaluationId TEXT NOT NULL REFERENCES evaluation (id),
                    responseId TEXT NOT NULL REFERENCES response (id),
                    excluded BOOLEAN NOT NULL,
                    reason TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at TEXT NOT NULL
                )
                """,
                "CREATE INDEX responseExclusionByEvaluation ON responseExclusion (evaluationId, responseId, id)",
                """
                CREATE TRIGGER responseExclusionAppendOnly BEFORE UPDATE OR DELETE ON responseExclusion
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('exclusion events are append-only')
                """,
                """
                CREATE TABLE auditEvent (
                    id BIGSERIAL PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entityType TEXT NOT NULL,
                    entityId TEXT NOT NULL,
                    detail TEXT
                )
                """,
                "CREATE INDEX auditEventByEntity ON auditEvent (entityId, id)",
                """
                CREATE TRIGGER auditEventAppendOnly BEFORE UPDATE OR DELETE ON auditEvent
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('the audit log is append-only')
                """,
                """
                CREATE TABLE account (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'organizer', 'evaluator')),
                    passwordHash TEXT NOT NULL,
                    disabled BOOLEAN NOT NULL DEFAULT false,
                    createdAt TEXT NOT NULL,
                    disabledAt TEXT
                )
                """,
                "CREATE UNIQUE INDEX accountName ON account (lower(name))",
                """
                CREATE TRIGGER accountKept BEFORE DELETE ON account
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('accounts are disabled, never deleted')
                """,
                """
                CREATE TABLE session (
                    tokenHash TEXT PRIMARY KEY,
                    accountId TEXT NOT NULL REFERENCES account (id),
                    csrfToken TEXT NOT NULL,
                    createdAt TEXT NOT NULL,
                    expiresAt TEXT NOT NULL
                )
                """,
                "CREATE INDEX sessionByAccount ON session (accountId)",
                """
                CREATE TABLE apiToken (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    accountId TEXT NOT NULL REFERENCES account (id),
                    label TEXT NOT NULL,
                    tokenHash TEXT NOT NULL UNIQUE,
                    createdAt TEXT COLLATE "C" NOT NULL,
                    revokedAt TEXT
                )
                """,
                "CREATE INDEX apiTokenByAccount ON apiToken (accountId)",
                """
                CREATE TABLE invitation (
                    codeHash TEXT PRIMARY KEY,
                    evaluationId TEXT NOT NULL REFERENCES evaluation (id),
                    batch TEXT COLLATE "C" NOT NULL,
                    venue TEXT,
                    raterGroup TEXT,
                    createdAt TEXT COLLATE "C" NOT NULL,
                    used BOOLEAN NOT NULL DEFAULT false,
                    usedAt TEXT,
                    responseId TEXT REFERENCES response (id),
                    withdrawnAt TEXT
                )
                """,
                "CREATE INDEX invitationByEvaluation ON invitation (evaluationId, batch)",
                """
                CREATE TRIGGER invitationKept BEFORE DELETE ON invitation
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('invitation codes are never deleted')
                """,
                """
                CREATE TRIGGER invitationUsedOnce BEFORE UPDATE ON invitation
                FOR EACH ROW WHEN (OLD.used OR NEW.codeHash IS DISTINCT FROM OLD.codeHash
                    OR NEW.evaluationId IS DISTINCT FROM OLD.evaluationId OR NEW.venue IS DISTINCT FROM OLD.venue
                    OR NEW.raterGroup IS DISTINCT FROM OLD.raterGroup)
                EXECUTE FUNCTION meeting_eval_refuse('an invitation code is used once, and otherwise never changes')
                """,
            ]),
        Migration(
            id: "v2-shared-devices",
            sql: [
                // The attendee page offers a fresh form for the next person only on shared devices.
                "ALTER TABLE evaluation ADD COLUMN sharedDevices BOOLEAN NOT NULL DEFAULT false"
            ]),
        Migration(
            id: "v3-organizations",
            sql: [
                // Client offices: each sees only its own questionnaires and evaluations. What was
                // stored before moves into `default`, which every non-admin account joins;
                // questionnaires loaded from the survey folder become shared templates.
                """
                CREATE TABLE organization (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT NOT NULL,
                    createdAt TEXT NOT NULL
                )
                """,
                """
                INSERT INTO organization (id, name, createdAt)
                VALUES ('default', '"Default"', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                """,
                """
                CREATE TABLE membership (
                    accountId TEXT NOT NULL REFERENCES account (id),
                    organizationId TEXT COLLATE "C" NOT NULL REFERENCES organization (id),
                    PRIMARY KEY (accountId, organizationId)
                )
                """,
                "CREATE INDEX membershipByOrganization ON membership (organizationId)",
                "INSERT INTO membership (accountId, organizationId) SELECT id, 'default' FROM account WHERE role <> 'admin'",
                """
                CREATE TABLE questionnaireOwner (
                    questionnaireId TEXT COLLATE "C" PRIMARY KEY,
                    organization TEXT REFERENCES organization (id)
                )
                """,
                """
                INSERT INTO questionnaireOwner (questionnaireId, organization)
                SELECT questionnaireId,
                       CASE WHEN MIN(COALESCE(source, '')) LIKE 'file:%' THEN NULL ELSE 'default' END
                FROM questionnaireVersion GROUP BY questionnaireId
                """,
                """
                ALTER TABLE evaluation ADD COLUMN organization TEXT NOT NULL DEFAULT 'default'
                    REFERENCES organization (id)
                """,
                "ALTER TABLE evaluation ADD COLUMN archivedAt TEXT",
                "CREATE INDEX evaluationByOrganization ON evaluation (organization)",
            ]),
        Migration(
            id: "v4-report-settings",
            sql: [
                // The report's cover (client, assessor, report number) and the evaluator's opinion,
                // both JSON; venues' expected respondents live in the venues' JSON.
                "ALTER TABLE evaluation ADD COLUMN report TEXT NOT NULL DEFAULT '{}'",
                "ALTER TABLE evaluation ADD COLUMN opinion TEXT",
            ]),
        Migration(
            id: "v5-meeting-facts",
            sql: [
                // The pinned meeting standard (its definition), the combined index and the
                // meeting's facts, each JSON on the evaluation.
                "ALTER TABLE evaluation ADD COLUMN standard TEXT",
                "ALTER TABLE evaluation ADD COLUMN scoreIndex TEXT",
                "ALTER TABLE evaluation ADD COLUMN facts TEXT",
            ]),
        Migration(
            id: "v6-follow-up",
            sql: [
                // The follow-up of an evaluation's decisions (督办), as in SQLite's v10-follow-up:
                // tasks, the units' append-only status reports, the units' links (token
                // digests only) and the rounds' offsets.
                """
                CREATE TABLE followUpTask (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    evaluationId TEXT NOT NULL REFERENCES evaluation (id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    unit TEXT COLLATE "C" NOT NULL,
                    deadline TEXT NOT NULL,
                    createdAt TEXT NOT NULL
                )
                """,
                "CREATE INDEX followUpTaskByEvaluation ON followUpTask (evaluationId, position)",
                """
                CREATE TABLE followUpReport (
                    id BIGSERIAL PRIMARY KEY,
                    evaluationId TEXT NOT NULL REFERENCES evaluation (id) ON DELETE CASCADE,
                    taskId TEXT NOT NULL REFERENCES followUpTask (id) ON DELETE CASCADE,
                    unit TEXT COLLATE "C" NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('done', 'in_progress', 'blocked')),
                    reason TEXT,
                    evidence TEXT,
                    reportedAt TEXT NOT NULL
                )
                """,
                "CREATE INDEX followUpReportByEvaluation ON followUpReport (evaluationId, id)",
                "CREATE INDEX followUpReportByTask ON followUpReport (taskId)",
                """
                CREATE TRIGGER followUpReportAppendOnly BEFORE UPDATE ON followUpReport
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('status reports are append-only')
                """,
                """
                CREATE TABLE followUpLink (
                    evaluationId TEXT NOT NULL REFERENCES evaluation (id) ON DELETE CASCADE,
                    unit TEXT COLLATE "C" NOT NULL,
                    tokenHash TEXT NOT NULL UNIQUE,
                    issuedAt TEXT NOT NULL,
                    PRIMARY KEY (evaluationId, unit)
                )
                """,
                """
                CREATE TABLE followUpPlan (
                    evaluationId TEXT PRIMARY KEY REFERENCES evaluation (id) ON DELETE CASCADE,
                    offsets TEXT NOT NULL
                )
                """,
            ]),
        Migration(
            id: "v7-observers",
            sql: [
                // Each venue is observed once (`ObservationRules.checkOnce`): the observation of a
                // venue, written by the response writer in the transaction that stores it.
                """
                CREATE TABLE observation (
                    evaluationId TEXT NOT NULL REFERENCES evaluation (id),
                    venue TEXT NOT NULL,
                    responseId TEXT NOT NULL UNIQUE REFERENCES response (id),
                    PRIMARY KEY (evaluationId, venue)
                )
                """,
                """
                CREATE TRIGGER observationAppendOnly BEFORE UPDATE OR DELETE ON observation
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_refuse('an observation is recorded once')
                """,
            ]),
        Migration(
            id: "v8-submission-revisions",
            sql: [
                // Every change of an evaluation's row counts up its revision, whatever wrote it,
                // so that the response writer can tell that the evaluation it decided against
                // is still the one stored (`PostgresResponseWriter`, the known evaluations' path).
                "ALTER TABLE evaluation ADD COLUMN revision BIGINT NOT NULL DEFAULT 0",
                """
                CREATE FUNCTION meeting_eval_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.revision := OLD.revision + 1;
                    RETURN NEW;
                END
                $$
                """,
                """
                CREATE TRIGGER evaluationRevision BEFORE UPDATE ON evaluation
                FOR EACH ROW EXECUTE FUNCTION meeting_eval_next_revision()
                """,
                // One statement for a batch decided against evaluations the writer already knows:
                // takes each evaluation's lock shared (`EvaluationLock`), in the order given; then,
                // with a snapshot taken after the locks are held (a volatile function's every
                // statement takes its own), answers 'changed' if an evaluation's revision is no
                // longer the one given, and otherwise inserts the rows, answering 'exists' if one
                // of their ids was already stored and 'stored' when all were. Nothing is decided
                // here: the caller rolls back on anything but 'stored' and decides again after
                // reading the evaluations and the stored ids.
                """
                CREATE FUNCTION meeting_eval_store_responses(
                    knownIds TEXT[], knownRevisions BIGINT[], lockSeed BIGINT,
                    newIds TEXT[], newEvaluationIds TEXT[], newVenues TEXT[], newRaterGroups TEXT[], newAnswers TEXT[],
                    newStartedAts TEXT[], newReceivedAts TEXT[], newLocales TEXT[], newDigests TEXT[]
                ) RETURNS TEXT LANGUAGE plpgsql VOLATILE AS $$
                DECLARE
                    lockedId TEXT;
                    stored BIGINT;
                BEGIN
                    FOREACH lockedId IN ARRAY knownIds LOOP
                        PERFORM pg_advisory_xact_lock_shared(hashtextextended(lockedId, lockSeed));
                    END LOOP;
                    IF (SELECT count(*) FROM evaluation
                        JOIN unnest(knownIds, knownRevisions) AS known(id, revision)
                        ON evaluation.id = known.id AND evaluation.revision = known.revision
                    ) <> cardinality(knownIds) THEN
                        RETURN 'changed';
                    END IF;
                    INSERT INTO response (id, evaluationId, venue, raterGroup, answers, startedAt, receivedAt, locale,
                        contentDigest)
                    SELECT * FROM unnest(newIds, newEvaluationIds, newVenues, newRaterGroups, newAnswers, newStartedAts,
                        newReceivedAts, newLocales, newDigests)
                    ON CONFLICT (id) DO NOTHING;
                    GET DIAGNOSTICS stored = ROW_COUNT;
                    IF stored <> cardinality(newIds) THEN
                        RETURN 'exists';
                    END IF;
                    RETURN 'stored';
                END
                $$
                """,
            ]),
    ]

    /// Applies the migrations not yet applied, in one transaction under the advisory lock.
    static func migrate(_ access: PostgresAccess) async throws {
        let logger = access.logger
        try await access.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schemaMigration (id TEXT PRIMARY KEY, appliedAt TEXT NOT NULL)",
                logger: logger)
            var applied: Set<String> = []
            for try await id in try await connection.query("SELECT id FROM schemaMigration", logger: logger)
                .decode(String.self)
            {
                applied.insert(id)
            }
            for migration in all where !applied.contains(migration.id) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = Timestamp.format(Date())
                try await connection.query(
                    "INSERT INTO schemaMigration (id, appliedAt) VALUES (\(migration.id), \(now))", logger: logger)
                logger.info("database migrated", metadata: ["migration": "\(migration.id)"])
            }
        }
    }
}
