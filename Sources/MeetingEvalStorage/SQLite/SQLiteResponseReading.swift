import Foundation
import GRDB
import MeetingEvalCore

/// Reading responses for scorecards and exports, and the evaluator's manual exclusions.
extension SQLiteEvaluationStore {
    static let recordedColumns =
        "id, venue, raterGroup, answers, startedAt, receivedAt, locale, contentDigest"

    public func withResponses<T: Sendable>(
        evaluationId: String, _ body: @escaping @Sendable (any RecordedResponseCursor) throws -> T
    ) async throws -> T {
        try await reader.read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT \(Self.recordedColumns) FROM response
                    WHERE evaluationId = ? ORDER BY receivedAt, id
                    """)
            let rows = try Row.fetchCursor(statement, arguments: [evaluationId])
            return try body(RowResponseCursor(rows: rows))
        }
    }

    public func responsePage(evaluationId: String, after position: ResponsePosition?, limit: Int) async throws
        -> [RecordedResponse]
    {
        try await reader.read { db in
            let rows: RowCursor
            if let position {
                rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT \(Self.recordedColumns) FROM response
                        WHERE evaluationId = ? AND (receivedAt, id) > (?, ?) ORDER BY receivedAt, id LIMIT ?
                        """, arguments: [evaluationId, position.receivedAt, position.id, limit])
            } else {
                rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT \(Self.recordedColumns) FROM response
                        WHERE evaluationId = ? ORDER BY receivedAt, id LIMIT ?
                        """, arguments: [evaluationId, limit])
            }
            let cursor = RowResponseCursor(rows: rows)
            var page: [RecordedResponse] = []
            page.reserveCapacity(limit)
            while let response = try cursor.next() { page.append(response) }
            return page
        }
    }

    public func recordExclusion(
        _ exclusion: ManualExclusion, excluded: Bool, evaluationId: String,
        decide: @escaping @Sendable (_ responseExists: Bool, _ currentlyExcluded: Bool) throws -> Void
    ) async throws {
        try await writer.write { db in
            let exists = try Self.responseExists(db, responseId: exclusion.responseId, evaluationId: evaluationId)
            let current = try Self.isExcluded(db, responseId: exclusion.responseId, evaluationId: evaluationId)
            try decide(exists, current)
            try Self.recordExclusionEvent(
                db, responseId: exclusion.responseId, evaluationId: evaluationId, excluded: excluded,
                reason: exclusion.reason, actor: exclusion.actor, at: exclusion.at)
        }
    }

    public func exclusionEvents(evaluationId: String) async throws -> [ExclusionEvent] {
        try await reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT responseId, excluded, reason, actor, at FROM responseExclusion
                    WHERE evaluationId = ? ORDER BY id
                    """, arguments: [evaluationId]
            ).map { row in
                ExclusionEvent(
                    action: (row["excluded"] as Bool) ? .excluded : .included, responseId: row["responseId"],
                    reason: row["reason"], actor: row["actor"],
                    at: Timestamp.parse(row["at"]) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    public func manualExclusions(evaluationId: String) async throws -> [ManualExclusion] {
        try await reader.read { db in
            // The latest event of each response decides; keep those that exclude.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.responseId, e.reason, e.actor, e.at FROM responseExclusion e
                    WHERE e.evaluationId = ? AND e.excluded
                      AND e.id = (SELECT MAX(id) FROM responseExclusion l
                                  WHERE l.evaluationId = e.evaluationId AND l.responseId = e.responseId)
                    ORDER BY e.id
                    """, arguments: [evaluationId]
            ).map { row in
                ManualExclusion(
                    responseId: row["responseId"], reason: row["reason"], actor: row["actor"],
                    at: Timestamp.parse(row["at"]) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    private static func responseExists(_ db: Database, responseId: String, evaluationId: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM response WHERE id = ? AND evaluationId = ?)",
            arguments: [responseId, evaluationId]) ?? false
    }

    private static func isExcluded(_ db: Database, responseId: String, evaluationId: String) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT excluded FROM responseExclusion WHERE evaluationId = ? AND responseId = ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [evaluationId, responseId]) ?? false
    }

    private static func recordExclusionEvent(
        _ db: Database, responseId: String, evaluationId: String, excluded: Bool, reason: String, actor: String,
        at: Date
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO responseExclusion (evaluationId, responseId, excluded, reason, actor, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [evaluationId, responseId, excluded, reason, actor, Timestamp.format(at)])
        try audit(
            db, actor: actor, action: excluded ? "response.excluded" : "response.included", entityType: "evaluation",
            entityId: evaluationId, detail: ["response": responseId, "reason": reason], at: at)
    }
}

/// GRDB rows as recorded responses. Columns are read by position, in `recordedColumns` order.
final class RowResponseCursor: RecordedResponseCursor {
    private let rows: RowCursor

    init(rows: RowCursor) {
        self.rows = rows
    }

    func next() throws -> RecordedResponse? {
        guard let row = try rows.next() else { return nil }
        return RecordedResponse(
            id: row[0], venue: row[1], raterGroup: row[2], answersJSON: row[3], startedAt: row[4],
            receivedAt: row[5], locale: row[6], contentDigest: row[7])
    }
}
