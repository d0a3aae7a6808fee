import Foundation
import MeetingEvalPostgres

/// The PostgreSQL server the tests use, named by `MEETING_EVAL_TEST_POSTGRES` (a URL whose
/// user may create databases; `scripts/test` starts a throwaway cluster and sets it). Each test
/// gets a database of its own, made with `psql` and dropped at its end.
enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["MEETING_EVAL_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }
    static var available: Bool { url != nil }
    /// How long a test's store may take to connect and migrate: the suite opens dozens of
    /// databases in parallel on a small machine, so longer than a server's 15 seconds.
    static let startTimeout: Duration = .seconds(90)

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The test's database, made on first use and remembered in its folder.
    static func database(for folder: URL) throws -> PostgresLocation {
        guard let url else { throw Failure(description: "MEETING_EVAL_TEST_POSTGRES is not set") }
        let server = try PostgresLocation(url: url)
        let file = folder.appendingPathComponent("postgres-database")
        if let name = try? String(contentsOf: file, encoding: .utf8) { return server.with(database: name) }
        let name = "meeting_eval_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name)", database: server.database)
        try name.write(to: file, atomically: true, encoding: .utf8)
        return server.with(database: name)
    }

    static func drop(folder: URL) {
        let file = folder.appendingPathComponent("postgres-database")
        guard let url, let name = try? String(contentsOf: file, encoding: .utf8),
            let server = try? PostgresLocation(url: url)
        else { return }
        try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: server.database)
    }

    /// Runs SQL with `psql` on one database of the test server; throws with psql's message.
    static func psql(_ sql: String, database: String) throws {
        guard let url else { throw Failure(description: "MEETING_EVAL_TEST_POSTGRES is not set") }
        let target = try PostgresLocation(url: url).with(database: database)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target.connectionURL, "-c", sql]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: message) }
    }
}
