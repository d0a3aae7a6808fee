import Foundation
import GRDB

/// Online backup of a live database file with SQLite's backup API: the copy is taken inside
/// one read transaction, so it is a consistent snapshot while the server keeps writing.
public enum DatabaseBackup {
    public struct Result: Sendable {
        public var pages: Int
        public var bytes: Int
    }

    public enum BackupError: Error, CustomStringConvertible {
        case missingSource(String)
        case destinationExists(String)
        case failedCheck(String)

        public var description: String {
            switch self {
            case .missingSource(let path): return "no database at \(path)"
            case .destinationExists(let path): return "\(path) exists; choose another file or pass --force"
            case .failedCheck(let message): return "the copy failed its integrity check: \(message)"
            }
        }
    }

    /// Copies `source` to `destination` (through a temporary file beside it, renamed at the end,
    /// so `destination` is complete or absent) and checks the copy's integrity.
    public static func copy(from source: String, to destination: String, overwrite: Bool = false) throws -> Result {
        let manager = FileManager.default
        guard manager.fileExists(atPath: source) else { throw BackupError.missingSource(source) }
        if manager.fileExists(atPath: destination) && !overwrite { throw BackupError.destinationExists(destination) }
        let target = URL(fileURLWithPath: destination)
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial")
        try? manager.removeItem(at: partial)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let reader = try DatabasePool(path: source, configuration: configuration)
        var pages = 0
        do {
            let copy = try DatabaseQueue(path: partial.path)
            try reader.backup(to: copy) { progress in pages = progress.totalPageCount }
            let check = try copy.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard check == ["ok"] else { throw BackupError.failedCheck(check.joined(separator: "; ")) }
            try copy.close()
            try reader.close()
        } catch {
            try? manager.removeItem(at: partial)
            throw error
        }
        if overwrite { try? manager.removeItem(at: target) }
        try manager.moveItem(at: partial, to: target)
        let bytes = ((try? manager.attributesOfItem(atPath: destination))?[.size] as? Int) ?? 0
        return Result(pages: pages, bytes: bytes)
    }
}
