import Foundation
import GRDB
import MeetingEvalCore
import Testing

@testable import MeetingEvalStorage

@Suite("SQLite migration v8-report-settings")
struct ReportSettingsMigrationTests {
    @Test("an evaluation stored before v8 reads back with empty report settings and no opinion")
    func olderEvaluationsReadBack() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("old.sqlite")
            let raw = try openRawDatabase(at: file)
            try DatabaseMigrations.migrator.migrate(raw, upTo: "v6-shared-devices")
            try await raw.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO questionnaireVersion (questionnaireId, version, definition, digest, contentDigest,
                            source, createdAt)
                        VALUES ('sample', 1, '{}', 'd', 'c', 'test', '2026-05-01T00:00:00.000Z')
                        """)
                try db.execute(
                    sql: """
                        INSERT INTO evaluation (id, slug, questionnaireId, questionnaireVersion, title, meetingType,
                            meetingDate, venues, raterGroups, expectedRespondents, anonymous, screening, status, createdAt)
                        VALUES ('ev-old', 'oldslugoldslugoldslug1', 'sample', 1, '旧评估', 'teleconference',
                            '2026-05-14', '[{"id":"hefei","name":"合肥分会场"}]', '[]', 10, 1,
                            '{"excludeFlagged":false,"minSeconds":0}', 'closed', '2026-05-14T08:00:00.000Z')
                        """)
            }
            try raw.close()
            let store = try openFileStore(at: file)
            let evaluation = try #require(try await store.evaluation(id: "ev-old"))
            #expect(evaluation.report == ReportSettings())
            #expect(evaluation.opinion == nil)
            #expect(evaluation.venues.map(\.expected) == [nil])
            let columns = try await openRawDatabase(at: file).read { db in try db.columns(in: "evaluation").map(\.name)
            }
            #expect(columns.contains("report") && columns.contains("opinion"))
        }
    }
}
