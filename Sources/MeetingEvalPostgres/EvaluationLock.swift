import Logging
import PostgresNIO

/// The lock that orders submissions against changes of their evaluation, on every server.
///
/// A batch of submissions holds it shared for each of its evaluations while it decides and
/// stores them (`PostgresResponseWriter`); a change of an evaluation (open, close, any edit
/// that decides whether a submission is accepted) holds it exclusively. So a change waits for
/// the batches deciding against the old state, and every later batch reads the new one.
///
/// It is a transaction-level advisory lock: it lives in the lock manager's memory and ends with
/// the transaction. A row lock (`SELECT … FOR SHARE`) would do the same but write the
/// evaluation's row, and a multixact whenever batches hold it at once, in every batch.
enum EvaluationLock {
    /// Keeps these keys apart from the other advisory locks (migrations, exclusions).
    static let seed: Int64 = PostgresMigrations.lockKey &+ 1

    /// Takes the lock shared for each evaluation, in the order given (callers sort the ids, so
    /// that batches and changes queue in one order).
    static func share(_ evaluationIds: [String], on db: PostgresConnection, logger: Logger) async throws {
        guard !evaluationIds.isEmpty else { return }
        _ = try await PostgresAccess.rows(
            """
            SELECT pg_advisory_xact_lock_shared(hashtextextended(e.id, \(seed)))
            FROM unnest(\(evaluationIds)::text[]) WITH ORDINALITY AS e(id, position) ORDER BY e.position
            """, on: db, logger: logger, { _ in () })
    }

    /// Takes the lock exclusively for one evaluation, waiting for the batches that hold it.
    static func exclusive(_ evaluationId: String, on db: PostgresConnection, logger: Logger) async throws {
        try await db.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(evaluationId), \(seed)))", logger: logger)
    }
}
