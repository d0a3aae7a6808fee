import Foundation
import Hummingbird
import MeetingEvalCore
import Synchronization

/// The browser pages: the landing page, the attendee page, the organizer console and the
/// evaluator pages, and the sign-in page. Their scripts and styles are served from the web folder under `/assets/`
/// by the file middleware; the console and evaluator pages route inside the page (`#…`).
struct WebController<Store: EvaluationStore> {
    let store: Store
    let webDirectory: String
    /// Folder of `scoring.md`.
    let docsDirectory: String

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/", use: index)
        router.get("/scoring", use: scoring)
        router.get("/e/{slug}", use: attendeePage)
        router.get("/console", use: console)
        router.get("/evaluate", use: evaluate)
        router.get("/login", use: login)
    }

    /// The sign-in page of the console and the evaluator pages (`?next=/console#…`).
    @Sendable func login(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("login.html", status: .ok)
    }

    @Sendable func console(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("console.html", status: .ok)
    }

    @Sendable func evaluate(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("evaluate.html", status: .ok)
    }

    /// The scoring method for evaluators: `docs/scoring.md`, rendered (`ScoringMethodPage`).
    @Sendable func scoring(_ request: Request, context: some RequestContext) async throws -> Response {
        let url = URL(fileURLWithPath: docsDirectory).appendingPathComponent("scoring.md")
        guard let markdown = try? String(contentsOf: url, encoding: .utf8) else {
            throw DomainError.notFound("The scoring method (scoring.md) is missing from the docs folder.")
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: ScoringMethodPage.render(markdown: markdown))))
    }

    @Sendable func index(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("index.html", status: .ok)
    }

    /// The same page for every slug; an unknown slug gets status 404 and the page shows why.
    @Sendable func attendeePage(_ request: Request, context: some RequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let known = EvaluationCode.isPlausibleSlug(slug) ? try await store.evaluation(slug: slug) != nil : false
        return try page("attendee.html", status: known ? .ok : .notFound)
    }

    private func page(_ name: String, status: HTTPResponse.Status) throws -> Response {
        let url = URL(fileURLWithPath: webDirectory).appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else {
            throw DomainError.notFound("The web page \(name) is missing from the web folder.")
        }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

/// `GET /healthz`: 200 when the database can be read and written.
///
/// A successful check is reused for one second, so that a monitor (or a load balancer polling
/// every instance) never queues behind submissions for the writer; a failed check is never
/// reused.
struct HealthController<Store: EvaluationStore> {
    let store: Store
    let lastSuccess = LastSuccess()
    static var maxAge: Duration { .seconds(1) }

    final class LastSuccess: Sendable {
        let instant = Mutex<ContinuousClock.Instant?>(nil)
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/healthz", use: health)
    }

    @Sendable func health(_ request: Request, context: some RequestContext) async throws -> Response {
        let now = ContinuousClock.now
        if let last = lastSuccess.instant.withLock({ $0 }), now - last < Self.maxAge {
            return try JSONResponse.make(.ok, HealthBody(status: "ok"))
        }
        do {
            try await store.checkHealth()
            lastSuccess.instant.withLock { $0 = now }
            return try JSONResponse.make(.ok, HealthBody(status: "ok"))
        } catch {
            context.logger.error("health check failed", metadata: ["error": "\(error)"])
            return try JSONResponse.make(.serviceUnavailable, HealthBody(status: "unavailable"))
        }
    }
}

struct HealthBody: Encodable {
    var status: String
}
