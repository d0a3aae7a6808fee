import Foundation
import Hummingbird
import Logging
import MeetingEvalCore
import MeetingEvalPasswords
import MeetingEvalReports

/// The router with every route and middleware; tests drive exactly this. `abuseLimits` (the
/// server's one set of rate limiters, handed to the controllers that limit) is built from
/// `configuration.abuseLimits` unless given, as tests do with a clock of their own. `signer`
/// signs JSON scorecards and is published at `GET /api/signing-key`; `serve` passes the data
/// folder's key, tests get a key made in memory. `webAssets` is the web folder as read at start
/// (read from `configuration.webDirectory` unless given).
public func buildRouter<Store: EvaluationStore>(
    configuration: AppConfiguration, store: Store, metrics: ServerMetrics = ServerMetrics(),
    abuseLimits: AbuseLimits? = nil, signer: ScorecardSigner = .ephemeral(), webAssets: WebAssets? = nil
) -> Router<AppRequestContext> {
    let limits = abuseLimits ?? AbuseLimits(configuration.abuseLimits)
    let assets = webAssets ?? WebAssets.load(directory: configuration.webDirectory)
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestIdMiddleware())
    // Request counts and durations by route and status; `serve` points swift-metrics at `metrics`.
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: CompressionMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: RequestTargetMiddleware())
    let methods = MethodTable()
    router.add(middleware: MethodNotAllowedMiddleware(table: methods))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(
        middleware: AuthenticationMiddleware(
            store: store, adminTokenHash: configuration.adminToken.map(Secrets.sha256),
            site: SiteOrigins(publicURL: configuration.publicURL, behindTLS: configuration.secureCookies)))
    let bodies = RequestBodyReader(maxBodySize: configuration.maxBodySize)
    HealthController(store: store).addRoutes(to: router)
    MetricsController(metrics: metrics).addRoutes(to: router)
    WebController(
        store: store, assets: assets,
        docsDirectory: configuration.docsDirectory
            ?? URL(fileURLWithPath: configuration.webDirectory).deletingLastPathComponent().appendingPathComponent(
                "docs"
            ).path
    ).addRoutes(to: router)
    let api = router.group("api")
    QuestionnaireController(store: store, bodies: bodies).addRoutes(to: api)
    EvaluationController(
        store: store, bodies: bodies, defaultAssessor: configuration.defaultAssessor,
        standards: configuration.standards, pdfReports: configuration.chromium != nil
    ).addRoutes(to: api)
    FactsController(store: store, bodies: bodies, standards: configuration.standards).addRoutes(to: api)
    ScorecardController(
        store: store, bodies: bodies, signer: signer, report: configuration.report, chromium: configuration.chromium
    ).addRoutes(to: api)
    SigningKeyController(signer: signer).addRoutes(to: api)
    PublicController(store: store, bodies: bodies, metrics: metrics, limits: limits).addRoutes(to: api)
    DistributionController(store: store, publicURL: configuration.publicURL).addRoutes(to: api)
    LiveController(store: store, metrics: metrics, shared: configuration.sharedLiveSnapshots).addRoutes(to: api)
    InvitationController(store: store, bodies: bodies).addRoutes(to: api)
    FollowUpController(store: store, bodies: bodies, limits: limits, timeZone: configuration.report.timeZone)
        .addRoutes(to: api)
    let passwords = Passwords(cost: configuration.passwordCost)
    let accounts = AccountService(store: store, passwords: passwords)
    SessionController(
        store: store, bodies: bodies, passwords: passwords,
        settings: SessionSettings(lifetime: configuration.sessionLifetime, secure: configuration.secureCookies),
        limits: limits
    ).addRoutes(to: api)
    AccountController(store: store, bodies: bodies, accounts: accounts).addRoutes(to: api)
    OrganizationController(store: store, bodies: bodies).addRoutes(to: api)
    YearlyController(store: store, timeZone: configuration.report.timeZone).addRoutes(to: api)
    AuditController(store: store).addRoutes(to: api)
    methods.fill(from: router)
    return router
}

/// Builds the whole server the `serve` command runs, so that tests can run the same thing.
public func buildApplication<Store: EvaluationStore>(
    configuration: AppConfiguration, store: Store, metrics: ServerMetrics = ServerMetrics(), logger: Logger,
    abuseLimits: AbuseLimits? = nil, signer: ScorecardSigner = .ephemeral()
) -> some ApplicationProtocol {
    let assets = WebAssets.load(directory: configuration.webDirectory)
    logger.info(
        "web folder read", metadata: ["files": "\(assets.fileCount)", "assetVersion": "\(assets.version)"])
    for problem in assets.problems {
        logger.error("web folder: \(problem)")
    }
    let router = buildRouter(
        configuration: configuration, store: store, metrics: metrics, abuseLimits: abuseLimits, signer: signer,
        webAssets: assets)
    let timeouts = configuration.timeouts
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestTimeoutHandler(timeouts)], idleTimeout: ConnectionTimeouts.amount(timeouts.idle))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "MeetingEval",
            backlog: configuration.listenBacklog),
        logger: logger
    )
}
