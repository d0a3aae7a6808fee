import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import PostgresNIO

/// Reading responses for scorecards and exports, and the evaluator's manual exclusions.
extension PostgresEvaluationStore {
    static let recordedColumns = "id, venue, raterGroup, answers, startedAt, receivedAt, locale, contentDigest"
    /// Rows fetched from the server-side cursor at a time: memory stays flat however many
    /// responses an evaluation has.
    static let cursorPage = 2000

    public func withResponses<T: Sendable>(
        evaluationId: String, _ body: @escaping @Sendable (any RecordedResponseCursor) throws -> T
    ) async throws -> T {
        let logger = access.logger
        return try await access.transaction(deadline: nil) { db in
            // A cursor sees one snapshot: the rows committed when it was declared.
            try await db.query(
                """
                DECLARE responsesInReceiptOrder NO SCROLL CURSOR FOR
                SELECT \(unescaped: Self.recordedColumns) FROM response
                WHERE evaluationId = \(evaluationId) ORDER BY receivedAt, id
                """, logger: logger)
            let cursor = PagedResponseCursor(connection: db, logger: logger, page: Self.cursorPage)
            // The body reads synchronously: it runs on a thread of its own, which waits for each
            // page while the cooperative pool fetches it.
            return try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { continuation.resume(with: Result { try body(cursor) }) }
                thread.stackSize = 8 << 20
                thread.start()
            }
        }
    }

    public func responsePage(evaluationId: String, after position: ResponsePosition?, limit: Int) async throws
        -> [RecordedResponse]
    {
        // Two forms, so that each pages along the receipt-order index.
        guard let position else {
            return try await access.rows(
                """
                SELECT \(unescaped: Self.recordedColumns) FROM response
                WHERE evaluationId = \(evaluationId) ORDER BY receivedAt, id LIMIT \(max(1, limit))
                """, Self.recorded(row:))
        }
        return try await access.rows(
            """
            SELECT \(unescaped: Self.recordedColumns) FROM response
            WHERE evaluationId = \(evaluationId) AND (receivedAt, id) > (\(position.receivedAt), \(position.id))
            ORDER BY receivedAt, id LIMIT \(max(1, limit))
            """, Self.recorded(row:))
    }

    public func recordExclusion(
        _ exclusion: ManualExclusion, excluded: Bool, evaluationId: String,
        decide: @escaping @Sendable (_ responseExists: Bool, _ currentlyExcluded: Bool) throws -> Void
    ) async throws {
        let logger = access.logger
        try await access.transaction { db in
            // One decision at a time per evaluation: the current state cannot change under it.
            try await db.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(evaluationId), \(PostgresMigrations.lockKey)))",
                logger: logger)
            let exists =
                try await PostgresAccess.rows(
                    "SELECT 1 FROM response WHERE id = \(exclusion.responseId) AND evaluationId = \(evaluationId)",
                    on: db,
                    logger: logger
                ) { _ in true }.isEmpty == false
            let current =
                try await PostgresAccess.rows(
                    """
                    SELECT excluded FROM responseExclusion
                    WHERE evaluationId = \(evaluationId) AND responseId = \(exclusion.responseId)
                    ORDER BY id DESC LIMIT 1
                    """, on: db, logger: logger
                ) { try $0.decode(Bool.self) }.first ?? false
            try decide(exists, current)
            try await db.query(
                """
                INSERT INTO responseExclusion (evaluationId, responseId, excluded, reason, actor, at)
                VALUES (\(evaluationId), \(exclusion.responseId), \(excluded), \(exclusion.reason), \(exclusion.actor),
                        \(Timestamp.format(exclusion.at)))
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: exclusion.actor, action: excluded ? "response.excluded" : "response.included",
                entityType: "evaluation", entityId: evaluationId,
                detail: ["response": exclusion.responseId, "reason": exclusion.reason], at: exclusion.at)
        }
    }

    public func exclusionEvents(evaluationId: String) async throws -> [ExclusionEvent] {
        try await access.rows(
            """
            SELECT responseId, excluded, reason, actor, at FROM responseExclusion
            WHERE evaluationId = \(evaluationId) ORDER BY id
            """
        ) { row in
            let (responseId, excluded, reason, actor, at) = try row.decode((String, Bool, String, String, String).self)
            return ExclusionEvent(
                action: excluded ? .excluded : .included, responseId: responseId, reason: reason, actor: actor,
                at: Timestamp.parse(at) ?? Date(timeIntervalSince1970: 0))
        }
    }

    public func manualExclusions(evaluationId: String) async throws -> [ManualExclusion] {
        // The latest event of each response decides; keep those that exclude.
        try await access.rows(
            """
            SELECT e.responseId, e.reason, e.actor, e.at FROM responseExclusion e
            WHERE e.evaluationId = \(evaluationId) AND e.excluded
              AND e.id = (SELECT MAX(id) FROM responseExclusion l
                          WHERE l.evaluationId = e.evaluationId AND l.responseId = e.responseId)
            ORDER BY e.id
            """
        ) { row in
            let (responseId, reason, actor, at) = try row.decode((String, String, String, String).self)
            return ManualExclusion(
                responseId: responseId, reason: reason, actor: actor,
                at: Timestamp.parse(at) ?? Date(timeIntervalSince1970: 0))
        }
    }

    static func recorded(row: PostgresRow) throws -> RecordedResponse {
        var c = ColumnReader(row)
        return try RecordedResponse(
            id: c.next(), venue: c.next(), raterGroup: c.next(), answersJSON: c.next(), startedAt: c.next(),
            receivedAt: c.next(), locale: c.next(), contentDigest: c.next())
    }
}

/// Responses from a server-side cursor, one page at a time. `next()` is called on the body's
/// own thread; it blocks only that thread while the page is fetched.
final class PagedResponseCursor: RecordedResponseCursor, @unchecked Sendable {
    private let connection: PostgresConnection
    private let logger: Logger
    private let fetch: PostgresQuery
    private var page: [RecordedResponse] = []
    private var index = 0
    private var exhausted = false

    init(connection: PostgresConnection, logger: Logger, page: Int) {
        self.connection = connection
        self.logger = logger
        self.fetch = PostgresQuery(unsafeSQL: "FETCH FORWARD \(page) FROM responsesInReceiptOrder")
    }

    func next() throws -> RecordedResponse? {
        if index == page.count {
            guard !exhausted else { return nil }
            page = try fetchPage()
            index = 0
            if page.isEmpty {
                exhausted = true
                return nil
            }
        }
        defer { index += 1 }
        return page[index]
    }

    private func fetchPage() throws -> [RecordedResponse] {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let connection = self.connection
        let logger = self.logger
        let fetch = self.fetch
        Task {
            box.result = await Result(catching: {
                try await PostgresAccess.translatingFailures {
                    try await PostgresAccess.rows(
                        fetch, on: connection, logger: logger, PostgresEvaluationStore.recorded(row:))
                }
            })
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<[RecordedResponse], any Error>?
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
