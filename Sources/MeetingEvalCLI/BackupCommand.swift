import ArgumentParser
import Foundation
import MeetingEvalStorage

/// `meeting-eval backup FILE`: a consistent copy of the live database, also while `serve` runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to FILE with SQLite's online backup, safely while the server is serving."
    )

    @Argument(help: "The file to write (refused when it exists, unless --force).")
    var file: String

    @Flag(help: "Replace FILE when it exists.")
    var force = false

    @OptionGroup var store: StoreOptions

    func run() throws {
        guard !store.isPostgres else {
            throw ValidationError(
                "backup copies a SQLite file; back up PostgreSQL with pg_dump or base backups (docs/deployment.md)")
        }
        do {
            let result = try DatabaseBackup.copy(from: store.path, to: file, overwrite: force)
            print("backed up \(store.path) to \(file): \(result.pages) pages, \(result.bytes) bytes, integrity ok")
        } catch let error as DatabaseBackup.BackupError {
            throw ValidationError(error.description)
        }
    }
}
