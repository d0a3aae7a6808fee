import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import PostgresNIO

/// Copies every row of a SQLite database into an empty PostgreSQL store, unchanged: the same
/// ids, times, canonical answers and digests, the audit log with its ids, accounts with their
/// password hashes, sessions, tokens, the invitation codes' state, organizations and
/// memberships, the follow-up's tasks, reports, links and rounds. One transaction: the
/// target holds all of it or none. The caller checks the result (`meeting-eval migrate`
/// compares every evaluation's scorecard on both sides).
extension PostgresEvaluationStore {
    public struct CopiedTable: Sendable, Equatable {
        public var table: String
        public var rows: Int
    }

    /// Refuses (`conflict`) a target that holds any row.
    public func importRows(from source: SQLiteExport, batchSize: Int = 500) async throws -> [CopiedTable] {
        let logger = access.logger
        let tables = SQLiteExport.tables
        return try await access.transaction(deadline: nil) { db in
            for table in tables where !SQLiteExport.seeded.contains(table) {
                let rows = try await PostgresAccess.rows(
                    PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(table))"), on: db, logger: logger
                ) { try $0.decode(Bool.self) }
                if rows.first == true {
                    throw DomainError.conflict(
                        "The target database is not empty (\(table) has rows); migrate into a new database.",
                        code: "not_empty")
                }
            }
            // Nothing refers to the seeded rows yet (every other table is empty): the source's
            // replace them.
            for table in SQLiteExport.seeded {
                try await db.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger: logger)
            }
            var copied: [CopiedTable] = []
            for table in tables {
                let columns = try source.columns(of: table)
                let types = try await Self.columnTypes(of: table, db, logger)
                var count = 0
                try await source.batches(of: table, size: batchSize) { batch in
                    var bindings = PostgresBindings(capacity: batch.count * columns.count)
                    var tuples: [String] = []
                    for (rowIndex, row) in batch.enumerated() {
                        for (column, value) in zip(columns, row) {
                            try Self.bind(value, as: types[column.lowercased()] ?? "text", column: "\(table).\(column)",
                                into: &bindings)
                        }
                        let base = rowIndex * columns.count
                        tuples.append("(" + (1...columns.count).map { "$\(base + $0)" }.joined(separator: ",") + ")")
                    }
                    try await db.query(
                        PostgresQuery(
                            unsafeSQL: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                                + tuples.joined(separator: ","), binds: bindings), logger: logger)
                    count += batch.count
                }
                copied.append(CopiedTable(table: table, rows: count))
            }
            // New events, exclusions and follow-up reports continue after the copied ids.
            for table in ["auditEvent", "responseExclusion", "followUpReport"] {
                try await db.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT setval(pg_get_serial_sequence('\(table.lowercased())', 'id'),
                                          COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)
                            """), logger: logger)
            }
            return copied
        }
    }

    static func columnTypes(of table: String, _ db: PostgresConnection, _ logger: Logger) async throws
        -> [String: String]
    {
        var types: [String: String] = [:]
        for (column, type) in try await PostgresAccess.rows(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = \(table.lowercased())",
            on: db, logger: logger, { try $0.decode((String, String).self) })
        {
            types[column] = type
        }
        return types
    }

    static func bind(_ value: SQLiteExport.Value, as type: String, column: String, into bindings: inout PostgresBindings)
        throws
    {
        switch (value, type) {
        case (.null, _): bindings.appendNull()
        case (.integer(let number), "boolean"): bindings.append(number != 0)
        case (.integer(let number), "integer"): bindings.append(Int32(number))
        case (.integer(let number), "bigint"): bindings.append(number)
        case (.integer(let number), _): bindings.append(String(number))
        case (.real(let number), _): bindings.append(String(number))
        case (.text(let text), "boolean"): bindings.append(text == "1" || text.lowercased() == "true")
        case (.text(let text), "integer"), (.text(let text), "bigint"):
            guard let number = Int64(text) else { throw StorageError.corrupt("\(column) holds '\(text)', not a number") }
            if type == "integer" { bindings.append(Int32(number)) } else { bindings.append(number) }
        case (.text(let text), _): bindings.append(text)
        }
    }
}
