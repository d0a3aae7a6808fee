import ArgumentParser
import CoreMetrics
import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalPostgres
import MeetingEvalServer
import MeetingEvalStorage

/// `--database` and `--signing-key`, shared by the commands that open the store.
struct StoreOptions: ParsableArguments {
    @ArgumentParser.Option(
        help:
            "SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite)."
    )
    var database: String?

    @ArgumentParser.Option(
        help:
            "Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file)."
    )
    var signingKey: String?

    /// What `--database` names: a file path or a PostgreSQL URL.
    var location: String {
        database ?? ProcessInfo.processInfo.environment["MEETING_EVAL_DATABASE"] ?? AppConfiguration().databasePath
    }

    var isPostgres: Bool { PostgresLocation.isPostgresURL(location) }

    /// The SQLite file (for commands that only work on one).
    var path: String { location }

    /// The database for messages: the file, or the URL without its password.
    var shownLocation: String {
        guard isPostgres else { return location }
        return (try? PostgresLocation(url: location))?.description ?? "the PostgreSQL database"
    }

    /// Opens the database (SQLite: creating its folder and file when `create` is true;
    /// PostgreSQL: the database must exist, and its tables are made or migrated).
    func open(
        logger: Logger, create: Bool, groupCommit: Bool = true, metrics: (any MetricsFactory)? = nil
    ) async throws -> any EvaluationStore {
        if isPostgres {
            let postgres: PostgresLocation
            do {
                postgres = try PostgresLocation(url: location)
            } catch {
                throw ValidationError("\(error)")
            }
            do {
                return try await PostgresEvaluationStore.open(
                    postgres, logger: logger, groupCommit: groupCommit, metrics: metrics)
            } catch let error as StoreUnavailable {
                throw ValidationError("cannot reach \(postgres): \(error.reason)")
            }
        }
        let path = self.path
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no database at \(path); start `meeting-eval serve` once, or pass --database")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteEvaluationStore(path: path, logger: logger, groupCommit: groupCommit, metrics: metrics)
    }
}

extension Logger {
    /// A logger for one-shot commands: warnings and above only, on standard error.
    static var quiet: Logger {
        var logger = Logger(label: "meeting-eval") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }
}

/// A command that reads one stored evaluation, named by id or slug: `run` opens the store,
/// finds it and hands it over with the scorecard service; a rule it breaks (a draft has
/// nothing to export) is a plain error message.
protocol StoredEvaluationCommand: AsyncParsableCommand {
    var evaluation: String { get }
    var store: StoreOptions { get }
    func write<Store: EvaluationStore>(_ evaluation: Evaluation, with service: ScorecardService<Store>) async throws
}

extension StoredEvaluationCommand {
    func run() async throws {
        try await run(on: try await store.open(logger: .quiet, create: false))
    }

    private func run(on opened: some EvaluationStore) async throws {
        let found = try await store.findEvaluation(evaluation, in: opened)
        do {
            try await write(found, with: ScorecardService(store: opened))
        } catch let error as DomainError {
            throw ValidationError(error.commandLineText)
        }
    }
}

extension StoreOptions {
    /// The evaluation named by its id or its attendee link code (slug), or a clear error.
    func findEvaluation(_ name: String, in store: some EvaluationStore) async throws -> Evaluation {
        if let found = try await store.evaluation(id: name.lowercased()) { return found }
        if let found = try await store.evaluation(slug: name) { return found }
        throw ValidationError("no evaluation '\(name)' in \(shownLocation)")
    }
}
