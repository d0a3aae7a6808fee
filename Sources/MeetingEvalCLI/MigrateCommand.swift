import ArgumentParser
import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalPostgres
import MeetingEvalReports
import MeetingEvalStorage

/// `meeting-eval migrate --from FILE --to postgres://…`: moves a SQLite database into an empty
/// PostgreSQL database, then proves the move: every evaluation's scorecard, with its digest of
/// the included responses, must come out byte for byte the same from both.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract:
            "Copy a SQLite database into an empty PostgreSQL database and check that every scorecard is identical on both."
    )

    @ArgumentParser.Option(help: "The SQLite database file to copy (stop the server that writes it first).")
    var from: String

    @ArgumentParser.Option(help: "The empty PostgreSQL database: postgres://user[:password]@host[:port]/database.")
    var to: String

    func run() async throws {
        let logger = Logger.quiet
        guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("no database at \(from)") }
        let location: PostgresLocation
        do {
            location = try PostgresLocation(url: to)
        } catch {
            throw ValidationError("--to: \(error)")
        }
        // Opening migrates the SQLite file to the current schema first, as `serve` would.
        let source = try SQLiteEvaluationStore(path: from, logger: logger)
        let target: PostgresEvaluationStore
        do {
            target = try await PostgresEvaluationStore.open(location, logger: logger)
        } catch let error as StoreUnavailable {
            throw ValidationError("cannot reach \(location): \(error.reason)")
        }
        defer { target.close() }
        let copied: [PostgresEvaluationStore.CopiedTable]
        do {
            copied = try await target.importRows(from: try SQLiteExport(path: from))
        } catch let error as DomainError {
            throw ValidationError(error.commandLineText)
        }
        for table in copied { print("copied \(table.rows) rows of \(table.table)") }

        // The proof: the same scorecard (numbers, digest of the included responses, exclusion
        // history, comments) from both stores, at one fixed generation time.
        let generatedAt = Date(timeIntervalSince1970: 0)
        let evaluations = try await source.evaluations()
        var differing: [String] = []
        for evaluation in evaluations {
            let before = try await ScorecardService(store: source).document(for: evaluation, generatedAt: generatedAt)
                .jsonText()
            guard let moved = try await target.evaluation(id: evaluation.id) else {
                differing.append("\(evaluation.id) (missing)")
                continue
            }
            let after = try await ScorecardService(store: target).document(for: moved, generatedAt: generatedAt)
                .jsonText()
            if before != after { differing.append(evaluation.id) }
        }
        guard differing.isEmpty else {
            throw ValidationError(
                "the copy differs for \(differing.count) evaluation(s): \(differing.joined(separator: ", ")); do not use it"
            )
        }
        print("checked \(evaluations.count) evaluations: every scorecard and included-responses digest is identical")
        print("start the servers with --database \(location) and the same --signing-key as before")
    }
}
