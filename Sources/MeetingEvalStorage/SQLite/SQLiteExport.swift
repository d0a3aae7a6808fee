import Foundation
import GRDB

/// Every stored row of a SQLite database, table by table, for moving the data to another
/// store (`meeting-eval migrate`). Values come as they are stored; nothing is interpreted.
public final class SQLiteExport: Sendable {
    /// One stored value.
    public enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
    }

    /// The tables that hold the data, in an order where every row's references come first.
    public static let tables = [
        "organization", "questionnaireVersion", "questionnaireOwner", "evaluation", "response", "observation", "responseExclusion",
        "account", "membership", "session", "apiToken", "invitation", "auditEvent",
        "followUpTask", "followUpReport", "followUpLink", "followUpPlan",
    ]

    /// Tables a freshly migrated database already holds rows of (the `default` organization);
    /// the copy replaces them.
    public static let seeded: Set<String> = ["organization"]

    private let reader: DatabasePool

    /// Opens the file for reading; it must exist and hold a migrated MeetingEval database.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StorageError.corrupt("no database at \(path)") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        reader = try DatabasePool(path: path, configuration: configuration)
    }

    /// The table's columns, in table order.
    public func columns(of table: String) throws -> [String] {
        try reader.read { db in try db.columns(in: table).map(\.name) }
    }

    public func count(of table: String) throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    /// The rows of a table in rowid order, `size` at a time, each in `columns(of:)` order.
    public func batches(of table: String, size: Int, _ body: ([[Value]]) async throws -> Void) async throws {
        var after: Int64 = Int64.min
        while true {
            let start = after
            let (rows, last) = try await reader.read { db -> ([[Value]], Int64?) in
                let cursor = try Row.fetchCursor(
                    db, sql: "SELECT rowid AS rowid__, * FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    arguments: [start, size])
                var rows: [[Value]] = []
                var last: Int64?
                while let row = try cursor.next() {
                    last = row[0]
                    rows.append(
                        (1..<row.count).map { index in
                            switch row[index] as DatabaseValue? {
                            case .none: return .null
                            case .some(let value):
                                switch value.storage {
                                case .null: return .null
                                case .int64(let number): return .integer(number)
                                case .double(let number): return .real(number)
                                case .string(let text): return .text(text)
                                case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
                                }
                            }
                        })
                }
                return (rows, last)
            }
            guard let last else { return }
            try await body(rows)
            after = last
            if rows.count < size { return }
        }
    }
}
