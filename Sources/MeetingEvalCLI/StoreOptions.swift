import ArgumentParser
import CoreMetrics
import Foundation
import Logging
import MeetingEvalServer
import MeetingEvalStorage

/// `--database`, shared by the commands that open the store.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).")
    var database: String?

    var path: String {
        database ?? ProcessInfo.processInfo.environment["MEETING_EVAL_DATABASE"] ?? AppConfiguration().databasePath
    }

    /// Opens the database, creating its folder and file when `create` is true.
    func open(
        logger: Logger, create: Bool, groupCommit: Bool = true, metrics: (any MetricsFactory)? = nil
    ) throws -> SQLiteEvaluationStore {
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
