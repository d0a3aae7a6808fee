import ArgumentParser
import CoreMetrics
import Foundation
import Hummingbird
import Logging
import MeetingEvalCore
import MeetingEvalReports
import MeetingEvalServer
import MeetingEvalStorage

/// `meeting-eval serve`: the main job. Flags override environment variables, which override defaults.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: API, attendee pages and questionnaires from the surveys folder."
    )

    @ArgumentParser.Option(help: "Address to listen on (env MEETING_EVAL_HOST; default 127.0.0.1).")
    var host: String?

    @ArgumentParser.Option(help: "Port to listen on (env MEETING_EVAL_PORT; default 8080).")
    var port: Int?

    @OptionGroup var store: StoreOptions

    @ArgumentParser.Option(help: "Folder of questionnaire files loaded at start (env MEETING_EVAL_SURVEYS; default Surveys).")
    var surveys: String?

    @Flag(help: "Load no questionnaire files at start.")
    var noSurveys = false

    @ArgumentParser.Option(help: "Folder of the web front end (env MEETING_EVAL_WEB; default Web).")
    var web: String?

    @ArgumentParser.Option(help: "Largest request body in bytes (env MEETING_EVAL_MAX_BODY; default 262144).")
    var maxBody: Int?

    @ArgumentParser.Option(
        help:
            "Pending connections the kernel may queue (env MEETING_EVAL_BACKLOG; default 4096; the kernel caps it at net.core.somaxconn)."
    )
    var backlog: Int?

    @Flag(
        help:
            "Commit every submission in its own transaction instead of in shared batches (a benchmark baseline; env MEETING_EVAL_GROUP_COMMIT=0)."
    )
    var noGroupCommit = false

    @Flag(
        help:
            "Compute the live dashboard for every open stream on its own instead of once per evaluation (the baseline of the live benchmark; env MEETING_EVAL_SHARED_LIVE=0)."
    )
    var noSharedLiveSnapshots = false

    @ArgumentParser.Option(
        help:
            "Address attendees use to reach the server, for links and QR codes, e.g. https://eval.example.gov.cn (env MEETING_EVAL_PUBLIC_URL; default: the host each request names)."
    )
    var publicURL: String?

    @ArgumentParser.Option(
        help: ArgumentHelp(
            "Make this value an admin API token for the life of the process, for automation and tests (env MEETING_EVAL_ADMIN_TOKEN; at least 16 characters).",
            valueName: "token"))
    var adminToken: String?

    @Flag(
        help:
            "The server is reached over HTTPS (through a TLS proxy): session cookies get the Secure attribute (env MEETING_EVAL_BEHIND_TLS=1; implied by an https --public-url)."
    )
    var behindTLS = false

    @Flag(help: "Also create a demo evaluation with simulated responses at start, and log its links.")
    var demo = false

    @ArgumentParser.Option(
        help:
            "Submissions per minute per client address, also the burst allowed at once; 0 = no limit (env MEETING_EVAL_SUBMISSIONS_PER_MINUTE; default 1200)."
    )
    var submissionsPerMinute: Int?

    @ArgumentParser.Option(
        help:
            "Failed sign-ins per minute per client address; 0 = no limit (env MEETING_EVAL_LOGINS_PER_MINUTE; default 10)."
    )
    var loginsPerMinute: Int?

    @ArgumentParser.Option(
        help:
            "Wrong invitation codes per minute per client address; 0 = no limit (env MEETING_EVAL_CODE_ATTEMPTS_PER_MINUTE; default 30)."
    )
    var codeAttemptsPerMinute: Int?

    @Flag(help: "Turn every rate limit off, for load tests (env MEETING_EVAL_RATE_LIMITS=0).")
    var noRateLimits = false

    @Flag(
        help:
            "Count clients by the right-most X-Forwarded-For address; only behind a reverse proxy that sets it (env MEETING_EVAL_TRUST_FORWARDED_FOR=1)."
    )
    var trustForwardedFor = false

    @ArgumentParser.Option(
        help: "Seconds a new connection has to send its first request head (env MEETING_EVAL_READ_HEADER_TIMEOUT; default 10).")
    var readHeaderTimeout: Double?

    @ArgumentParser.Option(
        help: "Seconds a request has to send its whole body after its head (env MEETING_EVAL_READ_BODY_TIMEOUT; default 30).")
    var readBodyTimeout: Double?

    @ArgumentParser.Option(
        help: "Seconds a kept-alive connection may stay idle between requests (env MEETING_EVAL_IDLE_TIMEOUT; default 60).")
    var idleTimeout: Double?

    @ArgumentParser.Option(help: "Log level: trace, debug, info, notice, warning, error (env MEETING_EVAL_LOG_LEVEL; default info).")
    var logLevel: String?

    @OptionGroup var report: ReportCommandOptions

    @ArgumentParser.Option(
        help: "The assessor (评估机构) of new evaluations that name none (env MEETING_EVAL_ASSESSOR).")
    var assessor: String?

    @ArgumentParser.Option(
        help:
            "Log format: text, or json for one JSON object per line with the request's id (env MEETING_EVAL_LOG_FORMAT; default text)."
    )
    var logFormat: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let defaults = AppConfiguration()
        var configuration = AppConfiguration(
            host: host ?? environment["MEETING_EVAL_HOST"] ?? defaults.host,
            port: port ?? environment["MEETING_EVAL_PORT"].flatMap(Int.init) ?? defaults.port,
            databasePath: store.path,
            surveysDirectory: surveys ?? environment["MEETING_EVAL_SURVEYS"] ?? defaults.surveysDirectory,
            webDirectory: web ?? environment["MEETING_EVAL_WEB"] ?? defaults.webDirectory,
            maxBodySize: maxBody ?? environment["MEETING_EVAL_MAX_BODY"].flatMap(Int.init) ?? defaults.maxBodySize,
            listenBacklog: backlog ?? environment["MEETING_EVAL_BACKLOG"].flatMap(Int.init) ?? defaults.listenBacklog,
            publicURL: publicURL ?? environment["MEETING_EVAL_PUBLIC_URL"]
        )
        if noSurveys { configuration.surveysDirectory = nil }
        if let token = adminToken ?? environment["MEETING_EVAL_ADMIN_TOKEN"], !token.isEmpty {
            guard token.count >= 16, token.utf8.count <= 256, !token.contains(where: \.isWhitespace) else {
                throw ValidationError("the admin token must be 16 to 256 characters without spaces")
            }
            configuration.adminToken = token
        }
        if behindTLS || environment["MEETING_EVAL_BEHIND_TLS"] == "1" { configuration.secureCookies = true }
        configuration.abuseLimits = try abuseLimits(environment: environment)
        if let assessor = (assessor ?? environment["MEETING_EVAL_ASSESSOR"])?
            .trimmingCharacters(in: .whitespacesAndNewlines), !assessor.isEmpty
        {
            guard assessor.count <= EvaluationRequest.maxReportFieldLength else {
                throw ValidationError("--assessor: at most \(EvaluationRequest.maxReportFieldLength) characters")
            }
            configuration.defaultAssessor = assessor
        }
        configuration.report = try report.options(environment: environment)
        configuration.chromium = try report.chromium(environment: environment)
        configuration.timeouts = try connectionTimeouts(environment: environment)
        configuration.sharedLiveSnapshots = !noSharedLiveSnapshots && environment["MEETING_EVAL_SHARED_LIVE"] != "0"
        let level = Logger.Level(rawValue: logLevel ?? environment["MEETING_EVAL_LOG_LEVEL"] ?? "info") ?? .info
        switch logFormat ?? environment["MEETING_EVAL_LOG_FORMAT"] ?? "text" {
        case "text": break
        case "json": LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        case let other: throw ValidationError("unknown log format '\(other)': use text or json")
        }
        var logger = Logger(label: "meeting-eval")
        logger.logLevel = level

        let groupCommit = !noGroupCommit && environment["MEETING_EVAL_GROUP_COMMIT"] != "0"
        let descriptors = FileDescriptorLimit.raise()
        if descriptors < UInt64(configuration.listenBacklog) + 1024 {
            logger.warning(
                "the open-file limit is low for bursts of submissions; raise it (ulimit -n) above the listen backlog",
                metadata: ["limit": "\(descriptors)", "backlog": "\(configuration.listenBacklog)"])
        }
        let metrics = ServerMetrics()
        // Hummingbird's request metrics record through the process-wide factory: make it this registry's.
        MetricsSystem.bootstrap(metrics.factory)
        let signer = try self.store.loadSigningKey(logger: logger)
        let store = try await self.store.open(
            logger: logger, create: true, groupCommit: groupCommit, metrics: metrics.factory)
        try await serve(store, configuration: configuration, metrics: metrics, signer: signer, logger: logger)
    }

    private func serve<Store: EvaluationStore>(
        _ store: Store, configuration: AppConfiguration, metrics: ServerMetrics,
        signer: ScorecardSigner, logger: Logger
    ) async throws {
        var configuration = configuration
        if try await store.accounts().isEmpty && configuration.adminToken == nil {
            logger.notice(
                "no accounts yet: the console and evaluator pages need one; add it with `meeting-eval user add NAME --role admin`"
            )
        }
        if configuration.adminToken != nil {
            logger.notice(
                "an admin API token was given (--admin-token or MEETING_EVAL_ADMIN_TOKEN); it works until the server stops"
            )
        }
        if let surveys = configuration.surveysDirectory {
            do {
                let saved = try await SurveyCatalogLoader(store: store, logger: logger).load(directory: surveys)
                logger.info("questionnaires ready", metadata: ["folder": "\(surveys)", "files": "\(saved.count)"])
            } catch let error as SurveyCatalogLoader<Store>.LoadError {
                logger.critical("questionnaire files do not validate; fix them or start with --no-surveys:\n\(error)")
                throw ExitCode(1)
            }
            let folder = URL(fileURLWithPath: surveys).appendingPathComponent("standards").path
            do {
                configuration.standards = try StandardCatalogLoader.load(directory: folder)
                logger.info(
                    "meeting standards ready",
                    metadata: ["folder": "\(folder)", "standards": "\(configuration.standards.all.count)"])
            } catch let error as StandardCatalogLoader.LoadError {
                logger.critical("meeting standard files do not validate; fix them or start with --no-surveys:\n\(error)")
                throw ExitCode(1)
            }
        }
        let shownHost = configuration.host == "0.0.0.0" || configuration.host == "::" ? "127.0.0.1" : configuration.host
        if demo {
            let evaluation = try await DemoSeeder(store: store, logger: logger).seed(responses: 600)
            logger.notice(
                "\(DemoMeeting.links(for: evaluation, baseURL: "http://\(shownHost):\(configuration.port)"))")
        }
        if !FileManager.default.fileExists(atPath: configuration.webDirectory) {
            logger.warning(
                "web folder not found; attendee pages will not load",
                metadata: ["folder": "\(configuration.webDirectory)"])
        }
        if configuration.publicURL == nil { logger.warning("\(AttendeeAddress.unsetPublicURLAdvice)") }
        if let chromium = configuration.chromium {
            logger.info("PDF reports by headless Chromium", metadata: ["chromium": "\(chromium.executable)"])
        } else {
            logger.warning("no Chromium found: PDF reports are unavailable (install chromium, or give --chromium PATH)")
        }
        let app = buildApplication(
            configuration: configuration, store: store, metrics: metrics, logger: logger, signer: signer)
        logger.notice(
            "MeetingEval is ready: point your browser at http://\(shownHost):\(configuration.port)/ (attendee links look like /e/<slug>, the API is under /api)"
        )
        try await app.runService()
    }
}
