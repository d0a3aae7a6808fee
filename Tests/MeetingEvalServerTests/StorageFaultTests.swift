import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MeetingEvalCore
import MeetingEvalServer
import Testing

@testable import MeetingEvalStorage

/// A full disk, simulated by lowering SQLite's `max_page_count` on a real database file: the
/// submission answers 503 `storage_unavailable` with `Retry-After` (not 500), `/healthz` turns
/// 503, `/metrics` counts it, nothing acknowledged is lost, and once there is room again the
/// same submission is stored.
@Suite struct StorageFaultTests {
    @Test func aFullDiskAnswers503AndTheSameSubmissionIsStoredLater() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storage-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let metrics = ServerMetrics()
        let logger = Logger(label: "test")
        let store = try SQLiteEvaluationStore(
            path: folder.appendingPathComponent("db.sqlite").path, logger: logger, metrics: metrics.factory)
        let surveys = repositoryRoot.appendingPathComponent("Surveys").path
        try await SurveyCatalogLoader(store: store, logger: logger).load(directory: surveys)
        var configuration = AppConfiguration(
            surveysDirectory: surveys, webDirectory: repositoryRoot.appendingPathComponent("Web").path)
        configuration.adminToken = testAdminToken
        let app = buildApplication(configuration: configuration, store: store, metrics: metrics, logger: logger)
        try await app.test(.router) { client in
            let api = APIClient(client: client)
            let evaluation = try await api.createEvaluation()
            let uri = "/api/public/evaluations/\(evaluation.slug)/responses"
            #expect(try await api.send(.post, uri, json: fullSubmission()).status == .created)
            #expect(try await api.send(.get, "/healthz").status == .ok)

            // No more pages than the file has now: the next pages it needs make the disk "full".
            try await store.writer.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
            var acknowledged: [String] = []
            var refused: (submission: [String: Any], answer: APIResponse)?
            for _ in 0..<2000 {
                var submission = fullSubmission()
                var answers = submission["answers"] as! [String: Any]
                answers["suggestion"] = String(repeating: "会议应当更加简短。", count: 40)
                submission["answers"] = answers
                let answer = try await api.send(.post, uri, json: submission)
                if answer.status == .created {
                    acknowledged.append((submission["id"] as! String).lowercased())
                    continue
                }
                refused = (submission, answer)
                break
            }
            let (submission, answer) = try #require(refused, "the database never filled up")
            #expect(answer.status == .serviceUnavailable, "\(answer.text)")
            #expect(answer.errorCode == "storage_unavailable")
            #expect(Int(answer.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // A successful health check is reused for a second (HealthController.maxAge).
            try await Task.sleep(for: .milliseconds(1100))
            let health = try await api.send(.get, "/healthz")
            #expect(health.status == .serviceUnavailable, "\(health.text)")
            let exposition = try await api.send(.get, "/metrics").text
            #expect(exposition.contains("meeting_eval_storage_faults_total"))
            #expect(exposition.contains("reason=\"storage_unavailable\""))

            // Space is freed: the same submission is stored, and everything acknowledged is there.
            try await store.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1073741823")
            }
            let retried = try await api.send(.post, uri, json: submission)
            #expect(retried.status == .created, "\(retried.text)")
            #expect(try await api.send(.get, "/healthz").status == .ok)
            let stored = Set(try await store.responses(evaluationId: evaluation.id).map(\.id))
            #expect(stored.isSuperset(of: acknowledged))
            #expect(stored.contains((submission["id"] as! String).lowercased()))
        }
    }
}
