import Foundation
import Logging
import MeetingEvalCore
import PostgresNIO

/// Connections from the pool, with the two failure rules every query of the store follows:
/// - a connection that cannot be had within `leaseTimeout` (the database is down or
///   restarting) is `StoreUnavailable`, not a wait without end;
/// - a lost connection, a server that is shutting down or refusing connections (SQLSTATE
///   classes 08, 53 and 57) is `StoreUnavailable`; any other server error is passed on.
struct PostgresAccess: Sendable {
    let client: PostgresClient
    let logger: Logger
    var leaseTimeout: Duration = .seconds(5)

    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws
        -> T
    {
        let leased = LeaseFlag()
        let client = self.client
        let timeout = leaseTimeout
        return try await Self.translatingFailures {
            try await withThrowingTaskGroup(of: LeaseResult<T>.self) { group in
                group.addTask {
                    .done(
                        try await client.withConnection { connection in
                            leased.set()
                            return try await body(connection)
                        })
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    if leased.isSet { return .leaseInTime }
                    throw StoreUnavailable("no database connection within \(timeout)")
                }
                while let result = try await group.next() {
                    if case .done(let value) = result {
                        group.cancelAll()
                        return value
                    }
                }
                throw StoreUnavailable("the database connection ended")
            }
        }
    }

    /// Runs `body` in one transaction (READ COMMITTED); rolled back when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        let logger = self.logger
        return try await withConnection { connection in
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
        return try await withConnection { connection in
            try await Self.rows(query, on: connection, logger: logger, decode)
        }
    }

    func execute(_ query: PostgresQuery) async throws {
        let logger = self.logger
        try await withConnection { connection in _ = try await connection.query(query, logger: logger) }
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

private enum LeaseResult<T: Sendable>: Sendable {
    case done(T)
    case leaseInTime
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

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        defer { index += 1 }
        return try row[index].decode(T.self, context: .default)
    }
}
