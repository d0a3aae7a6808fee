import Foundation
import GRDB
import Logging
import MeetingEvalCore
import MeetingEvalPostgres
import MeetingEvalReports
import MeetingEvalStorage
import QuestionnaireYAML

// Scorecard and export benchmark.
//
//   swift run -c release ScorecardBenchmark [sizes…] [--postgres URL]   (default: 100000 1000000)
//
// For each size it fills a fresh SQLite database with that many simulated responses to the
// teleconference questionnaire (10 venues, 3 rater groups, remarks, speeders, straight-liners),
// then measures, on the same data in the same run:
//   - baseline: reading every response row through the store's cursor, with no scoring;
//   - the scorecard's numbers alone (as the live dashboard and the comparison compute them),
//     then with the digest and the exclusion history (as the CSV and printable reports do);
//   - the JSON scorecard: one pass of the scorecard builder plus serialization;
//   - the raw responses CSV export, streamed page by page (bytes are counted, not kept).
// Peak memory is the process's resident high-water mark (VmHWM), reset before each phase.
// With --postgres URL (a server whose user may create databases), the same rows are then
// copied into a new PostgreSQL database (as `meeting-eval migrate` does) and every phase runs
// again on the PostgreSQL store, which streams from a server-side cursor.

var arguments = Array(CommandLine.arguments.dropFirst())
var postgresServer: PostgresLocation?
if let flag = arguments.firstIndex(of: "--postgres"), flag + 1 < arguments.count {
    postgresServer = try PostgresLocation(url: arguments[flag + 1])
    arguments.removeSubrange(flag...(flag + 1))
}
let sizes = arguments.compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
let runSizes = sizes.isEmpty ? [100_000, 1_000_000] : sizes

func resetPeakMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

func memory(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        return (kilobytes ?? 0) / 1024
    }
    return 0
}

func measure<T>(_ body: () async throws -> T) async rethrows -> (T, seconds: Double, peakMiB: Double) {
    resetPeakMemory()
    let clock = ContinuousClock()
    let start = clock.now
    let result = try await body()
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (result, seconds, memory("VmHWM"))
}

/// Streams the raw export and counts its bytes without keeping them.
nonisolated func exportedBytes<S: EvaluationStore>(_ service: ScorecardService<S>, _ evaluation: Evaluation) async throws -> Int {
    var bytes = 0
    try await service.exportResponses(of: evaluation) { chunk in bytes += chunk.utf8.count }
    return bytes
}

/// Builds the JSON scorecard document and counts its bytes as it streams out.
nonisolated func jsonBytes<S: EvaluationStore>(_ service: ScorecardService<S>, _ evaluation: Evaluation) async throws -> Int {
    var bytes = 0
    try await service.document(for: evaluation).writeJSON { chunk in bytes += chunk.utf8.count }
    return bytes
}

func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

let logger = Logger(label: "benchmark")
let surveys = URL(fileURLWithPath: "Surveys/teleconference.yaml")
guard let questionnaire = QuestionnaireSource.read(fileAt: surveys).questionnaire else {
    fatalError("run from the repository root: Surveys/teleconference.yaml must validate")
}

print("MeetingEval scorecard benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("size        phase                     seconds   rows/s       peak MiB")
for size in runSizes {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meeting-eval-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("bench.sqlite").path
    let store = try SQLiteEvaluationStore(path: path, logger: logger)
    _ = try await store.save(questionnaire, source: "benchmark", actor: "benchmark")
    let now = Timestamp.now()
    let venues = (1...10).map { Venue(id: "venue-\($0)", name: .plain("Venue \($0)")) }
    let groups = [
        RaterGroup(id: "attendees", name: .plain("Attendees"), weight: 50),
        RaterGroup(id: "leaders", name: .plain("Leaders"), weight: 30),
        RaterGroup(id: "public", name: .plain("Public"), weight: 20),
    ]
    let evaluation = Evaluation(
        id: UUID().uuidString.lowercased(), slug: EvaluationCode.randomSlug(), questionnaireId: questionnaire.id,
        questionnaireVersion: questionnaire.version, title: "Benchmark", meetingType: .teleconference,
        meetingDate: "2026-11-20", venues: venues, raterGroups: groups, expectedRespondents: size,
        screening: ScreeningSettings(minSeconds: 30, excludeFlagged: true), status: .draft, createdAt: now)
    try await store.createEvaluation(evaluation, actor: "benchmark")

    // Fill: 5 000 distinct simulated answer sets, reused with unique ids, in large transactions.
    var simulator = ResponseSimulator(questionnaire: questionnaire, evaluation: evaluation, seed: 7)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let base = Date(timeIntervalSince1970: 1_795_000_000)
    let pool = try (0..<5000).map { index -> (ResponseSubmission, String) in
        let simulated = simulator.next(sentAt: base)
        return (simulated.submission, String(decoding: try encoder.encode(simulated.submission.answers), as: UTF8.self))
    }
    let fillStart = Date()
    let queue = try DatabaseQueue(path: path)
    var random = SeededRandom(seed: 11)
    var inserted = 0
    while inserted < size {
        let batch = min(50_000, size - inserted)
        let offset = inserted
        let ids = (0..<batch).map { _ in random.nextUUID() }
        try await queue.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO response (id, evaluationId, venue, raterGroup, answers, startedAt, receivedAt, locale, contentDigest)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for index in 0..<batch {
                let (submission, answers) = pool[(offset + index) % pool.count]
                let received = base.addingTimeInterval(Double(offset + index) / 1000)
                let started = received.addingTimeInterval(
                    -(submission.startedAt.map { base.timeIntervalSince($0) } ?? 120))
                try statement.execute(arguments: [
                    ids[index], evaluation.id, submission.venue, submission.raterGroup, answers,
                    Timestamp.format(started), Timestamp.format(received), submission.locale,
                    String(repeating: "0", count: 56) + String(format: "%08x", offset + index),
                ])
            }
        }
        inserted += batch
    }
    try queue.close()
    let label = String(size).padding(toLength: 11, withPad: " ", startingAt: 0)
    print("\(label) fill (setup, not measured)  \(format(Date().timeIntervalSince(fillStart), 1))")
    try await phases(store, "SQLite", evaluation: evaluation, size: size, label: label)

    if let postgresServer {
        let name = "meeting_eval_bench_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
        try runPSQL("CREATE DATABASE \(name)", postgresServer)
        let target = try await PostgresEvaluationStore.open(postgresServer.with(database: name), logger: logger)
        let copyStart = Date()
        _ = try await target.importRows(from: try SQLiteExport(path: path), batchSize: 2000)
        print("\(label) copy to PostgreSQL (setup)   \(format(Date().timeIntervalSince(copyStart), 1))")
        try await phases(target, "PostgreSQL", evaluation: evaluation, size: size, label: label)
        target.close()
        try runPSQL("DROP DATABASE \(name) WITH (FORCE)", postgresServer)
    }
}

func runPSQL(_ sql: String, _ server: PostgresLocation) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server.connectionURL, "-c", sql]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { fatalError("psql failed: \(sql)") }
}

func phases<S: EvaluationStore>(_ store: S, _ storeName: String, evaluation: Evaluation, size: Int, label: String)
    async throws
{
    print("\(label) on \(storeName)")
    let service = ScorecardService(store: store)
    let rows = { (seconds: Double) in format(Double(size) / seconds, 0).padding(toLength: 12, withPad: " ", startingAt: 0) }
    func report(_ phase: String, _ seconds: Double, _ peak: Double) {
        print(
            "\(label) \(phase.padding(toLength: 25, withPad: " ", startingAt: 0)) \(format(seconds, 3).padding(toLength: 9, withPad: " ", startingAt: 0)) \(rows(seconds)) \(format(peak, 1))"
        )
    }

    let (count, baselineSeconds, baselinePeak) = try await measure {
        try await store.withResponses(evaluationId: evaluation.id) { cursor in
            var count = 0
            var bytes = 0
            while let response = try cursor.next() {
                count += 1
                bytes &+= response.answersJSON.utf8.count
            }
            return count + (bytes == -1 ? 1 : 0)
        }
    }
    precondition(count == size)
    report("baseline: read rows", baselineSeconds, baselinePeak)

    let (scorecard, buildSeconds, buildPeak) = try await measure {
        try await service.scorecard(for: evaluation)
    }
    report("scorecard (computed)", buildSeconds, buildPeak)
    let (_, reportedSeconds, reportedPeak) = try await measure {
        try await service.scorecard(for: evaluation, extras: .reported)
    }
    report("scorecard + digest, trail", reportedSeconds, reportedPeak)
    let (documentBytes, scorecardSeconds, scorecardPeak) = try await measure {
        try await jsonBytes(service, evaluation)
    }
    report("JSON scorecard (streamed)", scorecardSeconds, scorecardPeak)
    precondition(scorecard.responses.received == size)

    // For profiling: SCORECARD_BENCHMARK_REPEAT=N builds the scorecard N more times and stops.
    if let repeats = ProcessInfo.processInfo.environment["SCORECARD_BENCHMARK_REPEAT"].flatMap(Int.init) {
        for _ in 0..<repeats { _ = try await service.scorecard(for: evaluation) }
        return
    }
    let (bytes, csvSeconds, csvPeak) = try await measure {
        try await exportedBytes(service, evaluation)
    }
    report("responses.csv (streamed)", csvSeconds, csvPeak)
    print(
        "\(label) scorecard/baseline \(format(scorecardSeconds / baselineSeconds))×, "
            + "JSON \(documentBytes / 1024) KiB, CSV \(bytes / 1_048_576) MiB")
}
