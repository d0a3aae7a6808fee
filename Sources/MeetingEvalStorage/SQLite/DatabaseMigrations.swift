import GRDB
import MeetingEvalCore

/// The schema, as named migrations. Triggers make responses, questionnaire versions and the
/// audit log append-only: UPDATE, DELETE and INSERT OR REPLACE over an existing row all abort.
/// Shipped migrations are never edited: changes come as new ones.
enum DatabaseMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema") { db in
            try db.execute(
                sql: """
                    CREATE TABLE questionnaireVersion (
                        questionnaireId TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version > 0),
                        definition TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        contentDigest TEXT NOT NULL,
                        source TEXT,
                        createdAt TEXT NOT NULL,
                        PRIMARY KEY (questionnaireId, version)
                    );
                    CREATE INDEX questionnaireVersionContent ON questionnaireVersion(questionnaireId, contentDigest);
                    CREATE TRIGGER questionnaireVersionImmutable BEFORE UPDATE ON questionnaireVersion
                    BEGIN SELECT RAISE(ABORT, 'questionnaire versions are immutable'); END;
                    CREATE TRIGGER questionnaireVersionKept BEFORE DELETE ON questionnaireVersion
                    BEGIN SELECT RAISE(ABORT, 'questionnaire versions are never deleted'); END;
                    CREATE TRIGGER questionnaireVersionNotReplaced BEFORE INSERT ON questionnaireVersion
                    WHEN EXISTS (SELECT 1 FROM questionnaireVersion
                                 WHERE questionnaireId = NEW.questionnaireId AND version = NEW.version)
                    BEGIN SELECT RAISE(ABORT, 'questionnaire versions are immutable'); END;

                    CREATE TABLE evaluation (
                        id TEXT PRIMARY KEY NOT NULL,
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
                        screening TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
                        createdAt TEXT NOT NULL,
                        openedAt TEXT,
                        closedAt TEXT,
                        FOREIGN KEY (questionnaireId, questionnaireVersion)
                            REFERENCES questionnaireVersion(questionnaireId, version)
                    );

                    CREATE TABLE response (
                        id TEXT PRIMARY KEY NOT NULL,
                        evaluationId TEXT NOT NULL REFERENCES evaluation(id),
                        venue TEXT,
                        raterGroup TEXT,
                        answers TEXT NOT NULL,
                        startedAt TEXT,
                        receivedAt TEXT NOT NULL,
                        locale TEXT,
                        contentDigest TEXT NOT NULL
                    );
                    CREATE INDEX responseByEvaluation ON response(evaluationId, receivedAt);
                    CREATE TRIGGER responseAppendOnly BEFORE UPDATE ON response
                    BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
                    CREATE TRIGGER responseKept BEFORE DELETE ON response
                    BEGIN SELECT RAISE(ABORT, 'responses are never deleted'); END;
                    CREATE TRIGGER responseNotReplaced BEFORE INSERT ON response
                    WHEN EXISTS (SELECT 1 FROM response WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;

                    CREATE TABLE auditEvent (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        entityType TEXT NOT NULL,
                        entityId TEXT NOT NULL,
                        detail TEXT
                    );
                    CREATE INDEX auditEventByEntity ON auditEvent(entityId, id);
                    CREATE TRIGGER auditEventAppendOnly BEFORE UPDATE ON auditEvent
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER auditEventKept BEFORE DELETE ON auditEvent
                    BEGIN SELECT RAISE(ABORT, 'the audit log is never deleted'); END;
                    CREATE TRIGGER auditEventNotReplaced BEFORE INSERT ON auditEvent
                    WHEN EXISTS (SELECT 1 FROM auditEvent WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v2-exclusions") { db in
            try db.execute(
                sql: """
                    CREATE INDEX responseInReceiptOrder ON response(evaluationId, receivedAt, id);

                    -- An evaluator's manual exclusions, as append-only events: the latest event
                    -- of a response says whether it is excluded. Responses themselves never change.
                    CREATE TABLE responseExclusion (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        evaluationId TEXT NOT NULL REFERENCES evaluation(id),
                        responseId TEXT NOT NULL REFERENCES response(id),
                        excluded BOOLEAN NOT NULL,
                        reason TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX responseExclusionByEvaluation ON responseExclusion(evaluationId, responseId, id);
                    CREATE TRIGGER responseExclusionAppendOnly BEFORE UPDATE ON responseExclusion
                    BEGIN SELECT RAISE(ABORT, 'exclusion events are append-only'); END;
                    CREATE TRIGGER responseExclusionKept BEFORE DELETE ON responseExclusion
                    BEGIN SELECT RAISE(ABORT, 'exclusion events are never deleted'); END;
                    CREATE TRIGGER responseExclusionNotReplaced BEFORE INSERT ON responseExclusion
                    WHEN EXISTS (SELECT 1 FROM responseExclusion WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'exclusion events are append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v3-one-receipt-index") { db in
            // responseInReceiptOrder (evaluationId, receivedAt, id) serves every query the
            // older (evaluationId, receivedAt) index did; one index less to update per insert.
            try db.execute(sql: "DROP INDEX responseByEvaluation")
        }
        migrator.registerMigration("v4-accounts-and-invitations") { db in
            try db.execute(
                sql: """
                    -- Accounts are disabled, never deleted: the audit log names them.
                    CREATE TABLE account (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'organizer', 'evaluator')),
                        passwordHash TEXT NOT NULL,
                        disabled BOOLEAN NOT NULL DEFAULT 0,
                        createdAt TEXT NOT NULL,
                        disabledAt TEXT
                    );
                    CREATE TRIGGER accountKept BEFORE DELETE ON account
                    BEGIN SELECT RAISE(ABORT, 'accounts are disabled, never deleted'); END;

                    -- Browser sessions: only the SHA-256 of the cookie value is stored.
                    CREATE TABLE session (
                        tokenHash TEXT PRIMARY KEY NOT NULL,
                        accountId TEXT NOT NULL REFERENCES account(id),
                        csrfToken TEXT NOT NULL,
                        createdAt TEXT NOT NULL,
                        expiresAt TEXT NOT NULL
                    );
                    CREATE INDEX sessionByAccount ON session(accountId);

                    -- API tokens for scripts: only the SHA-256 of the token is stored.
                    CREATE TABLE apiToken (
                        id TEXT PRIMARY KEY NOT NULL,
                        accountId TEXT NOT NULL REFERENCES account(id),
                        label TEXT NOT NULL,
                        tokenHash TEXT NOT NULL UNIQUE,
                        createdAt TEXT NOT NULL,
                        revokedAt TEXT
                    );
                    CREATE INDEX apiTokenByAccount ON apiToken(accountId);

                    ALTER TABLE evaluation ADD COLUMN access TEXT NOT NULL DEFAULT 'open'
                        CHECK (access IN ('open', 'invitation'));

                    -- Invitation codes, stored as SHA-256 only. A used code is marked used; for an
                    -- anonymous evaluation nothing else is written (no time, no response id), so
                    -- no stored byte links a response to its code.
                    CREATE TABLE invitation (
                        codeHash TEXT PRIMARY KEY NOT NULL,
                        evaluationId TEXT NOT NULL REFERENCES evaluation(id),
                        batch TEXT NOT NULL,
                        venue TEXT,
                        raterGroup TEXT,
                        createdAt TEXT NOT NULL,
                        used BOOLEAN NOT NULL DEFAULT 0,
                        usedAt TEXT,
                        responseId TEXT REFERENCES response(id)
                    );
                    CREATE INDEX invitationByEvaluation ON invitation(evaluationId, batch);
                    CREATE TRIGGER invitationKept BEFORE DELETE ON invitation
                    BEGIN SELECT RAISE(ABORT, 'invitation codes are never deleted'); END;
                    CREATE TRIGGER invitationUsedOnce BEFORE UPDATE ON invitation
                    WHEN OLD.used OR NEW.codeHash IS NOT OLD.codeHash OR NEW.evaluationId IS NOT OLD.evaluationId
                        OR NEW.venue IS NOT OLD.venue OR NEW.raterGroup IS NOT OLD.raterGroup
                    BEGIN SELECT RAISE(ABORT, 'an invitation code is used once, and otherwise never changes'); END;
                    """
            )
        }
        migrator.registerMigration("v5-invitation-withdrawal") { db in
            // An organizer withdraws the unused codes of a batch (a sheet went missing): they are
            // marked used with the time of withdrawal, which the trigger of v4 allows once.
            try db.execute(sql: "ALTER TABLE invitation ADD COLUMN withdrawnAt TEXT")
        }
        migrator.registerMigration("v6-shared-devices") { db in
            // Whether several attendees are expected to answer on one device; the attendee page
            // then offers a fresh form for the next person.
            try db.execute(sql: "ALTER TABLE evaluation ADD COLUMN sharedDevices BOOLEAN NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v7-organizations") { db in
            // Client offices: each sees only its own questionnaires and evaluations. A database
            // from before moves whole into the `default` organization, which every existing
            // non-admin account joins; questionnaires loaded from the survey folder become shared
            // templates (no organization).
            let now = Timestamp.format(Timestamp.now())
            try db.execute(
                sql: """
                    CREATE TABLE organization (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    INSERT INTO organization (id, name, createdAt) VALUES ('default', '"Default"', ?);

                    CREATE TABLE membership (
                        accountId TEXT NOT NULL REFERENCES account(id),
                        organizationId TEXT NOT NULL REFERENCES organization(id),
                        PRIMARY KEY (accountId, organizationId)
                    );
                    CREATE INDEX membershipByOrganization ON membership(organizationId);
                    INSERT INTO membership (accountId, organizationId)
                        SELECT id, 'default' FROM account WHERE role <> 'admin';

                    -- The organization of a questionnaire id, fixed at its first version (the
                    -- versions themselves are immutable); NULL: a shared template.
                    CREATE TABLE questionnaireOwner (
                        questionnaireId TEXT PRIMARY KEY NOT NULL,
                        organization TEXT REFERENCES organization(id)
                    );
                    INSERT INTO questionnaireOwner (questionnaireId, organization)
                        SELECT questionnaireId,
                               CASE WHEN MIN(COALESCE(source, '')) LIKE 'file:%' THEN NULL ELSE 'default' END
                        FROM questionnaireVersion GROUP BY questionnaireId;

                    ALTER TABLE evaluation ADD COLUMN organization TEXT NOT NULL DEFAULT 'default';
                    ALTER TABLE evaluation ADD COLUMN archivedAt TEXT;
                    CREATE INDEX evaluationByOrganization ON evaluation(organization);
                    """, arguments: [now])
        }
        migrator.registerMigration("v8-report-settings") { db in
            // The report's cover (client, assessor, report number) and the evaluator's opinion,
            // both JSON; venues' expected respondents live in the venues' JSON.
            try db.execute(
                sql: """
                    ALTER TABLE evaluation ADD COLUMN report TEXT NOT NULL DEFAULT '{}';
                    ALTER TABLE evaluation ADD COLUMN opinion TEXT;
                    """)
        }
        migrator.registerMigration("v9-meeting-facts") { db in
            // The pinned meeting standard (its definition), the combined index and the
            // meeting's facts, each JSON on the evaluation.
            try db.execute(
                sql: """
                    ALTER TABLE evaluation ADD COLUMN standard TEXT;
                    ALTER TABLE evaluation ADD COLUMN scoreIndex TEXT;
                    ALTER TABLE evaluation ADD COLUMN facts TEXT;
                    """)
        }
        migrator.registerMigration("v10-follow-up") { db in
            // The follow-up of an evaluation's decisions (督办): its tasks, the units' status
            // reports (append only: the latest is a task's status, the history its status at
            // each round), the units' links (SHA-256 of the token only) and the rounds' offsets.
            try db.execute(
                sql: """
                    CREATE TABLE followUpTask (
                        id TEXT PRIMARY KEY NOT NULL,
                        evaluationId TEXT NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        text TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        deadline TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    CREATE INDEX followUpTaskByEvaluation ON followUpTask(evaluationId, position);

                    CREATE TABLE followUpReport (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        evaluationId TEXT NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                        taskId TEXT NOT NULL REFERENCES followUpTask(id) ON DELETE CASCADE,
                        unit TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('done', 'in_progress', 'blocked')),
                        reason TEXT,
                        evidence TEXT,
                        reportedAt TEXT NOT NULL
                    );
                    CREATE INDEX followUpReportByEvaluation ON followUpReport(evaluationId, id);
                    CREATE INDEX followUpReportByTask ON followUpReport(taskId);
                    CREATE TRIGGER followUpReportAppendOnly BEFORE UPDATE ON followUpReport
                    BEGIN SELECT RAISE(ABORT, 'status reports are append-only'); END;
                    CREATE TRIGGER followUpReportNotReplaced BEFORE INSERT ON followUpReport
                    WHEN EXISTS (SELECT 1 FROM followUpReport WHERE id = NEW.id)
                    BEGIN SELECT RAISE(ABORT, 'status reports are append-only'); END;

                    CREATE TABLE followUpLink (
                        evaluationId TEXT NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                        unit TEXT NOT NULL,
                        tokenHash TEXT NOT NULL UNIQUE,
                        issuedAt TEXT NOT NULL,
                        PRIMARY KEY (evaluationId, unit)
                    );

                    CREATE TABLE followUpPlan (
                        evaluationId TEXT PRIMARY KEY NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                        offsets TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v11-observers") { db in
            // Each venue is observed once (`ObservationRules.checkOnce`): the observation of a
            // venue, written by the response writer in the transaction that stores it.
            try db.execute(
                sql: """
                    CREATE TABLE observation (
                        evaluationId TEXT NOT NULL REFERENCES evaluation(id),
                        venue TEXT NOT NULL,
                        responseId TEXT NOT NULL UNIQUE REFERENCES response(id),
                        PRIMARY KEY (evaluationId, venue)
                    );
                    CREATE TRIGGER observationKept BEFORE UPDATE ON observation
                    BEGIN SELECT RAISE(ABORT, 'an observation is recorded once'); END;
                    CREATE TRIGGER observationNotDeleted BEFORE DELETE ON observation
                    BEGIN SELECT RAISE(ABORT, 'an observation is recorded once'); END;
                    """)
        }
        return migrator
    }
}
