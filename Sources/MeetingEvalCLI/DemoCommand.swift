import ArgumentParser
import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage

/// `meeting-eval demo`: a demo evaluation with simulated responses, and where to see it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a clearly marked demo evaluation with simulated responses and print its scorecard links."
    )

    @ArgumentParser.Option(help: "Number of simulated responses.")
    var responses = 600

    @ArgumentParser.Option(help: "Folder of questionnaire files to load first (env MEETING_EVAL_SURVEYS; default Surveys).")
    var surveys: String?

    @ArgumentParser.Option(help: "Base URL printed in the links.")
    var baseURL = "http://127.0.0.1:8080"

    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard (1...100_000).contains(responses) else { throw ValidationError("--responses must be 1…100000") }
        let logger = Logger.quiet
        try await seed(try await store.open(logger: logger, create: true), logger: logger)
        print("Start the server with `meeting-eval serve` (database \(self.store.shownLocation)) to open them.")
    }

    private func seed(_ store: some EvaluationStore, logger: Logger) async throws {
        let folder = surveys ?? ProcessInfo.processInfo.environment["MEETING_EVAL_SURVEYS"] ?? "Surveys"
        try await SurveyCatalogLoader(store: store, logger: logger).load(directory: folder)
        let evaluation = try await DemoSeeder(store: store, logger: logger).seed(responses: responses)
        print(DemoMeeting.links(for: evaluation, baseURL: baseURL))
    }
}
