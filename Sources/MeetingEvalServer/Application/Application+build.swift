import Foundation
import Hummingbird
import Logging
import MeetingEvalStorage

/// The router with every route and middleware; tests drive exactly this.
public func buildRouter<Store: EvaluationStore>(
    configuration: AppConfiguration, store: Store, metrics: ServerMetrics = ServerMetrics()
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(
        middleware: FileMiddleware(
            configuration.webDirectory, urlBasePath: "/assets",
            cacheControl: .init([(MediaType(type: .any), [.noCache])]),
            searchForIndexHtml: false))
    let bodies = RequestBodyReader(maxBodySize: configuration.maxBodySize)
    HealthController(store: store).addRoutes(to: router)
    MetricsController(metrics: metrics).addRoutes(to: router)
    WebController(store: store, webDirectory: configuration.webDirectory).addRoutes(to: router)
    let api = router.group("api")
    QuestionnaireController(store: store, bodies: bodies).addRoutes(to: api)
    EvaluationController(store: store, bodies: bodies).addRoutes(to: api)
    ScorecardController(store: store, bodies: bodies).addRoutes(to: api)
    PublicController(store: store, bodies: bodies, metrics: metrics).addRoutes(to: api)
    DistributionController(store: store, publicURL: configuration.publicURL).addRoutes(to: api)
    LiveController(store: store).addRoutes(to: api)
    return router
}

/// Builds the whole server the `serve` command runs, so that tests can run the same thing.
public func buildApplication<Store: EvaluationStore>(
    configuration: AppConfiguration, store: Store, metrics: ServerMetrics = ServerMetrics(), logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(configuration: configuration, store: store, metrics: metrics)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "MeetingEval",
            backlog: configuration.listenBacklog),
        logger: logger
    )
}
