import Foundation
import GRDB
import MeetingEvalCore
import Testing

@testable import MeetingEvalStorage

/// A database from before organizations moves whole into the default organization.
@Suite("SQLite migration into organizations")
struct OrganizationMigrationTests {
    @Test("an old single-organization database migrates into `default`, which every non-admin account joins")
    func oldDatabase() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("old.sqlite")
            // The schema as it was before organizations, with data written as that version did.
            do {
                var configuration = Configuration()
                configuration.foreignKeysEnabled = true
                let queue = try DatabaseQueue(path: file.path, configuration: configuration)
                try DatabaseMigrations.migrator.migrate(queue, upTo: "v6-shared-devices")
                let evaluation = try EvaluationRecord(StoreSamples.evaluation(id: "old-evaluation"))
                try await queue.write { db in
                    for (id, source) in [("sample", "api"), ("teleconference", "file:teleconference.yaml")] {
                        try db.execute(
                            sql: """
                                INSERT INTO questionnaireVersion
                                    (questionnaireId, version, definition, digest, contentDigest, source, createdAt)
                                VALUES (?, 1, ?, 'd', 'c', ?, '2026-11-01T00:00:00.000Z')
                                """,
                            arguments: [
                                id, String(decoding: StoreSamples.questionnaire(id: id).canonicalJSON(), as: UTF8.self),
                                source,
                            ])
                    }
                    try db.execute(
                        sql: """
                            INSERT INTO evaluation (id, slug, questionnaireId, questionnaireVersion, title, meetingType,
                                meetingDate, venues, raterGroups, expectedRespondents, opensAt, closesAt, anonymous,
                                access, screening, sharedDevices, status, createdAt, openedAt, closedAt)
                            VALUES (?, ?, 'sample', 1, ?, ?, ?, ?, ?, ?, NULL, NULL, 1, 'open', ?, 0, 'open', ?, ?, NULL)
                            """,
                        arguments: [
                            evaluation.id, evaluation.slug, evaluation.title, evaluation.meetingType,
                            evaluation.meetingDate, evaluation.venues, evaluation.raterGroups,
                            evaluation.expectedRespondents, evaluation.screening, evaluation.createdAt,
                            evaluation.createdAt,
                        ])
                    for (name, role) in [("root", "admin"), ("olga", "organizer"), ("eva", "evaluator")] {
                        try db.execute(
                            sql: """
                                INSERT INTO account (id, name, role, passwordHash, createdAt)
                                VALUES (?, ?, ?, 'hash', '2026-11-01T00:00:00.000Z')
                                """, arguments: ["id-\(name)", name, role])
                    }
                }
            }
            let store = try openFileStore(at: file)
            #expect(try await store.organizations().map(\.id) == ["default"])
            #expect(try await store.organizations().first?.name == .plain("Default"))
            #expect(try await store.account(name: "olga")?.organizations == ["default"])
            #expect(try await store.account(name: "eva")?.organizations == ["default"])
            #expect(try await store.account(name: "root")?.organizations == [])
            let evaluation = try #require(try await store.evaluation(id: "old-evaluation"))
            #expect(evaluation.organization == "default" && evaluation.archivedAt == nil && evaluation.status == .open)
            #expect(try await store.latestQuestionnaire(id: "sample")?.organization == "default")
            #expect(try await store.latestQuestionnaire(id: "teleconference")?.organization == nil)

            // The organizer who ran it before still sees it; an organizer of a new organization does not.
            let olga = Identity(
                userId: "id-olga", name: "olga", role: .organizer, credential: .apiToken(id: "t"),
                organizations: ["default"])
            let service = EvaluationService(store: store)
            #expect(try await service.list(scope: olga.scope).map(\.evaluation.id) == ["old-evaluation"])
            _ = try await OrganizationService(store: store).create(
                try DocumentNode.parseJSON(Data(#"{"id": "new-office", "name": "New"}"#.utf8)), actor: "root")
            #expect(try await service.list(scope: AccessScope(organizations: ["new-office"])).isEmpty)
        }
    }
}
