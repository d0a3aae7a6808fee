import Foundation
import GRDB
import MeetingEvalCore
import Testing

@testable import MeetingEvalStorage

/// The writer keeps the evaluations it has read between batches; a change of state must
/// still decide the very next submission, whoever makes it.
@Suite("The writer sees every change of an evaluation's state")
struct WriterEvaluationStateTests {
    @Test func closingThroughTheStoreRefusesTheNextSubmission() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        _ = try await store.submit(StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date())
        _ = try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "organizer", at: Date())
        let code = await conflictCode {
            _ = try await store.submit(StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date())
        }
        #expect(code == "closed")
    }

    @Test func aChangeCommittedByAnotherConnectionIsSeen() async throws {
        try await withTemporaryDirectory { folder in
            let file = folder.appendingPathComponent("store.sqlite")
            let store = try openFileStore(at: file)
            let evaluation = try await StoreSamples.populate(store)
            _ = try await store.submit(StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date())

            // Another process (here: another connection) closes the evaluation behind the store's back.
            let other = try openRawDatabase(at: file)
            try await other.write { db in
                try db.execute(
                    sql: "UPDATE evaluation SET status = 'closed', closedAt = ? WHERE id = ?",
                    arguments: [Timestamp.format(Date()), evaluation.id])
            }
            let code = await conflictCode {
                _ = try await store.submit(StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date())
            }
            #expect(code == "closed")

            // And reopened: the writer reads the state again.
            try await other.write { db in
                try db.execute(
                    sql: "UPDATE evaluation SET status = 'open', closedAt = NULL WHERE id = ?",
                    arguments: [evaluation.id])
            }
            let outcome = try await store.submit(
                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date())
            guard case .created = outcome else {
                Issue.record("expected a created response, got \(outcome)")
                return
            }
        }
    }
}
