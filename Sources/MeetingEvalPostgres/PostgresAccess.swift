import Foundation
import Logging
import MeetingEvalCore
import PostgresNIO

/// Connections from the pool, with the failure rules every query of the store follows:
/// - a connection that cannot be had within `leaseTimeout` (the database is down or
///   restarting) is `StoreUnavailable`, not a wait without end;
/// - work given a `deadline` that has no answer by then is `StoreUnavailable`: the caller is
///   answered and the work is cancelled, so a connection that died without a word cannot hold
///   a request (or the response writer's queue) for ever;
/// - a lost connection, a server that is shutting down or refusing connections (SQLSTATE
///   classes 08, 53 and 57) is `StoreUnavailable`; any other server error is passed on.
/// The caller never waits for abandoned work: a cancelled lease or query may take its time.
struct PostgresAccess: Sendable {
    let client: PostgresClient
    let logger: Logger
    var leaseTimeout: Duration = .seconds(5)
    /// The deadline of ordinary queries and transactions; long reads (the scorecard's cursor,
    /// the import of a whole database) pass none.
    static let defaultDeadline: Duration = .seconds(10)

    func withConnection<T: Sendable>(
        deadline: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let leased = LeaseFlag()
        let answer = AnswerOnce<T>()
        let client = self.client
        let leaseTimeout = self.leaseTimeout
        return try await withCheckedThrowingContinuation { continuation in
            answer.set(continuation)
            let work = Task {
                let result = await Result(catching: {
                    try await Self.translatingFailures {
                        try await client.withConnection { connection in
                            leased.set()
                            return try await body(connection)
                        }
                    }
                })
                answer.resume(with: result)
            }
            let timer = Task {
                do {
                    try await Task.sleep(for: leaseTimeout)
                    if !leased.isSet {
                        answer.resume(with: .failure(StoreUnavailable("no database connection within \(leaseTimeout)")))
                        work.cancel()
                        return
                    }
                    guard let deadline, deadline > leaseTimeout else { return }
                    try await Task.sleep(for: deadline - leaseTimeout)
                    answer.resume(with: .failure(StoreUnavailable("no answer from the database within \(deadline)")))
                    work.cancel()
                } catch {
                    // Cancelled: the work answered first.
                }
            }
            answer.onAnswer { timer.cancel() }
        }
    }

    /// Runs `body` in one transaction (READ COMMITTED); rolled back when it throws.
    func transaction<T: Sendable>(
        deadline: Duration? = defaultDeadline, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        return try await withConnection(deadline: deadline) { connection in
            do {
                return try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError {
                // What failed decides: the body's own error as it was thrown; a failed COMMIT
                // leaves the outcome unknown, so nothing may be reported as stored.
                if let closureError = error.closureError { throw closureError }
                if let commitError = error.commitError {
                    if let psql = commitError as? PSQLError, psql.code == .server, Self.unavailable(psql) == nil {
                        throw psql
                    }
                    throw StoreUnavailable("the commit's outcome is unknown: \(commitError)")
                }
                throw error.beginError ?? error.rollbackError ?? StoreUnavailable("the transaction failed")
            }
        }
    }

    /// All rows of a query, each decoded by `decode`.
    func rows<T: Sendable>(_ query: PostgresQuery, _ decode: @escaping @Sendable (PostgresRow) throws -> T)
        async throws -> [T]
    {
        let logger = self.logger
        return try await withConnection(deadline: Self.defaultDeadline) { connection in
            try await Self.rows(query, on: connection, logger: logger, decode)
        }
    }

    func execute(_ query: PostgresQuery) async throws {
        let logger = self.logger
        try await withConnection(deadline: Self.defaultDeadline) { connection in
            _ = try await connection.query(query, logger: logger)
        }
    }

    static func rows<T>(
        _ query: PostgresQuery, on connection: PostgresConnection, logger: Logger,
        _ decode: (PostgresRow) throws -> T
    ) async throws -> [T] {
        var result: [T] = []
        for try await row in try await connection.query(query, logger: logger) { result.append(try decode(row)) }
        return result
    }

    static func translatingFailures<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            if let unavailable = unavailable(error) { throw unavailable }
            throw error
        } catch let error as DomainError {
            throw error
        } catch let error as StoreUnavailable {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // The pool's own failures (shut down, circuit breaker) and socket errors.
            let name = String(reflecting: type(of: error))
            if name.contains("ConnectionPool") || name.contains("ChannelError") || name.contains("IOError") {
                throw StoreUnavailable(String(describing: error))
            }
            throw error
        }
    }

    static func unavailable(_ error: PSQLError) -> StoreUnavailable? {
        guard error.code == .server else { return StoreUnavailable("connection: \(error.code)") }
        let state = error.serverInfo?[.sqlState] ?? ""
        if state.hasPrefix("08") || state.hasPrefix("57") || state.hasPrefix("53") {
            return StoreUnavailable(error.serverInfo?[.message] ?? "SQLSTATE \(state)")
        }
        return nil
    }

    /// The SQLSTATE of a server error (nil for other errors).
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

/// Resumes a continuation once, with whichever answer comes first.
private final class AnswerOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var answered = false
    private var whenAnswered: (@Sendable () -> Void)?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    func onAnswer(_ action: @escaping @Sendable () -> Void) {
        let now = lock.withLock { () -> Bool in
            if answered { return true }
            whenAnswered = action
            return false
        }
        if now { action() }
    }

    func resume(with result: Result<T, any Error>) {
        let (continuation, action) = lock.withLock { () -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !answered else { return (nil, nil) }
            answered = true
            defer { self.continuation = nil; whenAnswered = nil }
            return (self.continuation, whenAnswered)
        }
        continuation?.resume(with: result)
        action?()
    }
}

private final class LeaseFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Reads a row's columns in order.
struct ColumnReader {
    let row: PostgresRandomAccessRow
    var index = 0

    init(_ row: PostgresRow, from index: Int = 0) {
        self.row = row.makeRandomAccess()
        self.index = index
    }

    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        defer { index += 1 }
        return try row[index].decode(T.self, context: .default)
    }
}
