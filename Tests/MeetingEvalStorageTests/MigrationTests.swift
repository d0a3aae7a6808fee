import Foundation
import GRDB
import MeetingEvalCore
import MeetingEvalStorage
import Testing

@Suite("SQLite schema and migrations")
struct MigrationTests {
    static let tables = [
        "account", "apiToken", "auditEvent", "evaluation", "followUpLink", "followUpPlan", "followUpReport",
        "followUpTask", "invitation", "membership", "observation", "organization",
        "questionnaireOwner", "questionnaireVersion", "response", "responseExclusion", "session",
    ]
    static let migrations = [
        "v1-initial-schema", "v2-exclusions", "v3-one-receipt-index", "v4-accounts-and-invitations",
        "v5-invitation-withdrawal",
        "v6-shared-devices", "v7-organizations", "v8-report-settings", "v9-meeting-facts", "v10-follow-up",
        "v11-observers",
    ]

    private func schema(of file: URL) async throws -> (tables: [String], triggers: [String], migrations: [String]) {
        try await openRawDatabase(at: file).read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table'
                    AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name
                    """)
            let triggers = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            return (tables, triggers, migrations)
        }
    }

    @Test("opening a new file creates the schema")
    func freshFile() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("new.sqlite")
            #expect(!FileManager.default.fileExists(atPath: file.path))
            _ = try openFileStore(at: file)
            #expect(FileManager.default.fileExists(atPath: file.path))
            let schema = try await schema(of: file)
            #expect(schema.tables == Self.tables)
            #expect(
                schema.triggers == [
                    "accountKept", "auditEventAppendOnly", "auditEventKept", "auditEventNotReplaced",
                    "followUpReportAppendOnly", "followUpReportNotReplaced", "invitationKept",
                    "invitationUsedOnce", "observationKept", "observationNotDeleted", "questionnaireVersionImmutable",
                    "questionnaireVersionKept",
                    "questionnaireVersionNotReplaced",
                    "responseAppendOnly", "responseExclusionAppendOnly", "responseExclusionKept",
                    "responseExclusionNotReplaced", "responseKept", "responseNotReplaced",
                ])
            #expect(schema.migrations == Self.migrations)
        }
    }

    @Test("reopening a file keeps its data and runs no migration twice")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("meeting-eval.sqlite")
            let evaluation: Evaluation
            let response: StoredResponse
            do {
                let store = try openFileStore(at: file)
                evaluation = try await StoreSamples.populate(store)
                response = try await store.submit(
                    StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0
                ).response
            }
            for _ in 0..<2 {
                let store = try openFileStore(at: file)
                #expect(
                    try await store.latestQuestionnaire(id: "sample")?.questionnaire == StoreSamples.questionnaire())
                #expect(try await store.evaluation(id: evaluation.id) == evaluation)
                #expect(try await store.responses(evaluationId: evaluation.id) == [response])
                #expect(try await store.auditEvents(entityId: nil).count == 3)
                // Still writable, and the stored response is still recognized as a replay.
                #expect(
                    try await store.submit(
                        StoreSamples.submission(id: response.id), evaluationId: evaluation.id, receivedAt: Date())
                        == .replayed(response))
            }
            let schema = try await schema(of: file)
            #expect(schema.migrations == Self.migrations)
            #expect(schema.tables == Self.tables)
        }
    }

    @Test("the file is in WAL mode")
    func walMode() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("wal.sqlite")
            let store = try openFileStore(at: file)
            try await store.checkHealth()
            let mode = try await openRawDatabase(at: file).read { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            }
            #expect(mode == "wal")
        }
    }

    @Test("foreign keys are enforced by the store's connections")
    func foreignKeys() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("fk.sqlite")
            let store = try openFileStore(at: file)
            let orphan = StoreSamples.evaluation()
            await #expect(throws: (any Error).self) { try await store.createEvaluation(orphan, actor: "o") }
            #expect(try await store.evaluations().isEmpty)
            let rows = try await openRawDatabase(at: file).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evaluation")
            }
            #expect(rows == 0)
        }
    }

    struct Tampering: Sendable, CustomTestStringConvertible {
        var sql: String
        var message: String
        var testDescription: String { sql }
    }

    static let tampering: [Tampering] = [
        Tampering(sql: "UPDATE response SET answers = '{}'", message: "responses are append-only"),
        Tampering(
            sql: "UPDATE response SET venue = 'wuhu' WHERE venue = 'hefei'", message: "responses are append-only"),
        Tampering(sql: "DELETE FROM response", message: "responses are never deleted"),
        Tampering(
            sql: "UPDATE questionnaireVersion SET definition = '{}'", message: "questionnaire versions are immutable"),
        Tampering(sql: "DELETE FROM questionnaireVersion", message: "questionnaire versions are never deleted"),
        Tampering(sql: "UPDATE auditEvent SET actor = 'someone else'", message: "the audit log is append-only"),
        Tampering(
            sql: "DELETE FROM auditEvent WHERE action = 'evaluation.opened'", message: "the audit log is never deleted"),
    ]

    @Test("responses, questionnaire versions and the audit log refuse UPDATE and DELETE", arguments: tampering)
    func appendOnly(_ tampering: Tampering) async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("append-only.sqlite")
            let store = try openFileStore(at: file)
            let evaluation = try await StoreSamples.populate(store)
            let response = try await store.submit(
                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0
            ).response
            let raw = try openRawDatabase(at: file)
            let counts = { () async throws -> [Int] in
                try await raw.read { db in
                    try ["response", "questionnaireVersion", "auditEvent"].map {
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1
                    }
                }
            }
            let before = try await counts()
            #expect(before == [1, 1, 3])
            do {
                try await raw.write { db in try db.execute(sql: tampering.sql) }
                Issue.record("the statement was not refused")
            } catch let error as DatabaseError {
                #expect(error.message?.contains(tampering.message) == true, "\(error)")
            }
            #expect(try await counts() == before)
            #expect(try await store.responses(evaluationId: evaluation.id) == [response])
            #expect(try await store.latestQuestionnaire(id: "sample")?.questionnaire == StoreSamples.questionnaire())
        }
    }

    struct Replacement: Sendable, CustomTestStringConvertible {
        var table: String
        var sql: String
        var testDescription: String { "INSERT OR REPLACE INTO \(table)" }
    }

    static let replacements: [Replacement] = [
        Replacement(
            table: "response",
            sql: """
                INSERT OR REPLACE INTO response (id, evaluationId, venue, raterGroup, answers, receivedAt, contentDigest)
                SELECT id, evaluationId, 'wuhu', 'leaders', '{"sound":1}', receivedAt, 'forged' FROM response
                """),
        Replacement(
            table: "questionnaireVersion",
            sql: """
                INSERT OR REPLACE INTO questionnaireVersion
                (questionnaireId, version, definition, digest, contentDigest, source, createdAt)
                SELECT questionnaireId, version, '{}', 'forged', 'forged', 'forged', createdAt FROM questionnaireVersion
                """),
        Replacement(
            table: "auditEvent",
            sql: """
                INSERT OR REPLACE INTO auditEvent (id, at, actor, action, entityType, entityId, detail)
                SELECT id, at, 'forger', action, entityType, entityId, detail FROM auditEvent
                """),
    ]

    @Test("stored rows cannot be overwritten with INSERT OR REPLACE", arguments: replacements)
    func insertOrReplace(_ replacement: Replacement) async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("replace.sqlite")
            let store = try openFileStore(at: file)
            let evaluation = try await StoreSamples.populate(store)
            _ = try await store.submit(
                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            let raw = try openRawDatabase(at: file)
            let table = replacement.table
            let rows = { () async throws -> [Row] in
                try await raw.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") }
            }
            let before = try await rows()
            #expect(!before.isEmpty)
            // Either refused, or it replaces the rows: what matters is what is stored afterwards.
            try? await raw.write { db in try db.execute(sql: replacement.sql) }
            let after = try await rows()
            #expect(after == before)
        }
    }
}
