import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MeetingEvalCore
import NIOCore
import Synchronization

/// The browser pages: the landing page, the attendee page, the organizer console and the
/// evaluator pages, and the sign-in page; the files of the web folder under `/assets/`; and the
/// attendee page's service worker. Everything comes from `WebAssets`, read and compressed once
/// at start; the console and evaluator pages route inside the page (`#…`).
///
/// Caching: a file under its versioned address (`/assets/<version>/…`, which the pages name) is
/// `immutable` for a year; the same file under its plain address (`/assets/…`, for anything
/// that names it directly) and the pages are `no-cache`, revalidated with their `ETag`; the API
/// answers `no-store`.
struct WebController<Store: EvaluationStore> {
    let store: Store
    let assets: WebAssets
    /// Folder of `scoring.md`.
    let docsDirectory: String

    static var immutable: String { "public, max-age=31536000, immutable" }
    static var revalidate: String { "no-cache" }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/", use: index)
        router.get("/scoring", use: scoring)
        router.get("/e/service-worker.js", use: serviceWorker)
        router.get("/e/{slug}", use: attendeePage)
        router.get("/f/{token}", use: followUpPage)
        router.get("/console", use: console)
        router.get("/evaluate", use: evaluate)
        router.get("/login", use: login)
        router.get("/assets/**", use: asset)
    }

    /// The sign-in page of the console and the evaluator pages (`?next=/console#…`).
    @Sendable func login(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("login.html", request)
    }

    /// A responsible unit's follow-up page: the same page for every link; it reads its tasks
    /// from `GET /api/public/follow-up/{token}` and shows why when the link is not valid.
    @Sendable func followUpPage(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("follow-up.html", request)
    }

    @Sendable func console(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("console.html", request)
    }

    @Sendable func evaluate(_ request: Request, context: some RequestContext) async throws -> Response {
        try page("evaluate.html", request)
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
        try page("index.html", request)
    }

    /// The same page for every slug, with the evaluation's public JSON (exactly what
    /// `GET /api/public/evaluations/{slug}` answers) in its data block, so the form needs no
    /// second trip; an unknown slug gets status 404 and the page without data shows why.
    @Sendable func attendeePage(_ request: Request, context: some RequestContext) async throws -> Response {
        let slug = try context.parameters.decoded("slug")
        guard let page = assets.pages["attendee.html"] else { throw Self.missing("attendee.html") }
        let form: (evaluation: Evaluation, questionnaire: Questionnaire, checklist: Questionnaire?)
        do {
            form = try await SubmissionService(store: store).form(slug: slug)
        } catch DomainError.notFound {
            return Self.send(page.file, status: .notFound, cacheControl: Self.revalidate, request)
        }
        guard let before = page.beforeData, let after = page.afterData else {
            return Self.send(page.file, status: .ok, cacheControl: Self.revalidate, request)
        }
        let json = try CanonicalJSON.data(
            PublicEvaluationBody(
                form.evaluation, questionnaire: form.questionnaire, checklist: form.checklist, now: Date()))
        var body = ByteBufferAllocator().buffer(capacity: before.readableBytes + json.count + after.readableBytes + 64)
        body.writeImmutableBuffer(before)
        // `<` as `\u003c` (the same string in JSON): the data can never end the block early.
        for byte in json {
            if byte == UInt8(ascii: "<") { body.writeString("\\u003c") } else { body.writeInteger(byte) }
        }
        body.writeImmutableBuffer(after)
        let etag = "W/\"\(HexText.lowercase(SHA256.hash(data: body.readableBytesView)).prefix(20))\""
        let headers: HTTPFields = [
            .contentType: page.file.contentType, .cacheControl: Self.revalidate, .eTag: etag,
        ]
        if Self.matches(request.headers[.ifNoneMatch], etag) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// The attendee page's service worker, under `/e/` so that its scope is the attendee pages
    /// and nothing else. `no-cache`: the browser looks for a new one on each visit.
    @Sendable func serviceWorker(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let worker = assets.serviceWorker else { throw Self.missing(WebAssets.serviceWorkerSource) }
        return Self.send(worker, status: .ok, cacheControl: Self.revalidate, request)
    }

    /// A file of the web folder: `/assets/<version>/<path>` (immutable when the version is the
    /// current one; an earlier version's address gets today's file, revalidated) or
    /// `/assets/<path>` (revalidated).
    @Sendable func asset(_ request: Request, context: some RequestContext) async throws -> Response {
        let parts = try context.parameters.getCatchAll().map { part in
            guard let text = String(part).removingPercentEncoding,
                !text.unicodeScalars.contains(where: \.isControlCharacter)
            else { throw DomainError.notFound("There is no such file.") }
            return text
        }
        if parts.count > 1, Self.looksLikeVersion(parts[0]),
            let file = assets.files[parts.dropFirst().joined(separator: "/")]
        {
            let current = parts[0] == assets.version
            return Self.send(file, status: .ok, cacheControl: current ? Self.immutable : Self.revalidate, request)
        }
        guard let file = assets.files[parts.joined(separator: "/")] else {
            throw DomainError.notFound("There is no such file.")
        }
        return Self.send(file, status: .ok, cacheControl: Self.revalidate, request)
    }

    private func page(_ name: String, _ request: Request) throws -> Response {
        guard let page = assets.pages[name] else { throw Self.missing(name) }
        return Self.send(page.file, status: .ok, cacheControl: Self.revalidate, request)
    }

    private static func missing(_ name: String) -> DomainError {
        .notFound("The web page \(name) is missing from the web folder.")
    }

    private static func looksLikeVersion(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A file in the form the client accepts (gzip when it does and that form exists), or
    /// 304 when the client's copy is current.
    static func send(
        _ file: WebAssets.File, status: HTTPResponse.Status, cacheControl: String, _ request: Request
    ) -> Response {
        var headers: HTTPFields = [.contentType: file.contentType, .cacheControl: cacheControl, .eTag: file.etag]
        if file.isCompressible { headers[.vary] = "Accept-Encoding" }
        if status == .ok, matches(request.headers[.ifNoneMatch], file.etag) {
            return Response(status: .notModified, headers: headers)
        }
        if let gzip = file.gzip, ContentCoding.acceptsGzip(request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: gzip))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: file.identity))
    }

    /// `If-None-Match` against a (weak) validator, compared weakly (RFC 9110 §13.1.2).
    static func matches(_ header: String?, _ etag: String) -> Bool {
        guard let header else { return false }
        let bare = { (tag: Substring) in
            tag.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
        }
        let wanted = bare(Substring(etag))
        return header.split(separator: ",").contains { bare($0) == wanted || bare($0) == "*" }
    }
}

/// `GET /healthz`: 200 when the database can be read and written; 503 while commits of
/// responses fail for a storage fault (a full disk), even though a probe might still pass.
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
        } catch let unavailable as StoreUnavailable {
            IntervalLog.unavailable.warning(context.logger, unavailable)
            return try JSONResponse.make(.serviceUnavailable, HealthBody(status: "unavailable"))
        } catch {
            context.logger.error("health check failed", metadata: ["error": "\(error)"])
            return try JSONResponse.make(.serviceUnavailable, HealthBody(status: "unavailable"))
        }
    }
}

struct HealthBody: Encodable {
    var status: String
}
