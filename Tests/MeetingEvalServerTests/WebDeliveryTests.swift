import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalServer
import NIOCore
import Testing

/// How pages, files and API answers travel: gzip when the client accepts it (and the same bytes
/// once decoded), `Vary: Accept-Encoding`, versioned asset addresses cached for a year, pages
/// and the API never cached, the evaluation delivered inside the attendee page, module preload
/// hints, and the attendee page's service worker.
@Suite struct WebDeliveryTests {
    /// A raw exchange: status, headers and the body's bytes as they came.
    struct Raw {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
        var text: String { String(buffer: body) }
    }

    static func get(_ api: APIClient, _ uri: String, _ extra: HTTPFields = [:]) async throws -> Raw {
        var headers = api.credentials
        for field in extra { headers[field.name] = field.value }
        let response = try await api.client.execute(uri: uri, method: .get, headers: headers, body: nil)
        return Raw(status: response.status, headers: response.headers, body: response.body)
    }

    static func gunzip(_ buffer: ByteBuffer) throws -> ByteBuffer {
        var compressed = buffer
        return try compressed.decompress(with: .gzip())
    }

    /// The versioned address of `path` (`js/attendee.js`) as the page names it.
    static func versionedURL(in page: String, of path: String) -> String? {
        let pattern = #"/assets/[0-9a-f]{16}/"# + NSRegularExpression.escapedPattern(for: path)
        guard let range = page.range(of: pattern, options: .regularExpression) else { return nil }
        return String(page[range])
    }

    @Test func everyTextResponseIsGzippedWhenAcceptedAndDecodesToTheSameBytes() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            _ = try await api.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: fullSubmission())
            let page = try await Self.get(api, "/e/\(evaluation.slug)").text
            let script = try #require(Self.versionedURL(in: page, of: "js/attendee.js"))
            let style = try #require(Self.versionedURL(in: page, of: "css/attendee.css"))
            let icon = try #require(Self.versionedURL(in: page, of: "favicon.svg"))
            let paths = [
                "/", "/console", "/evaluate", "/login", "/e/\(evaluation.slug)", script, style,
                "/assets/js/console/main.js", "/e/service-worker.js",
                "/api/public/evaluations/\(evaluation.slug)", "/api/evaluations",
                "/api/evaluations/\(evaluation.id)/responses.csv", "/api/evaluations/\(evaluation.id)/codebook.csv",
            ]
            for path in paths {
                let plain = try await Self.get(api, path)
                let zipped = try await Self.get(api, path, [.acceptEncoding: "gzip, deflate, br"])
                #expect(plain.status == .ok, "\(path)")
                #expect(plain.headers[.contentEncoding] == nil, "\(path) compressed without being asked")
                #expect(zipped.headers[.contentEncoding] == "gzip", "\(path) not compressed")
                #expect(zipped.headers[.vary]?.lowercased().contains("accept-encoding") == true, "\(path)")
                #expect(plain.headers[.vary]?.lowercased().contains("accept-encoding") == true, "\(path)")
                #expect(zipped.body.readableBytes < plain.body.readableBytes, "\(path) not smaller")
                #expect(try Self.gunzip(zipped.body) == plain.body, "\(path) decodes to other bytes")
            }
            // The signed JSON scorecard (streamed; it names the moment it was made, so two
            // requests differ there): the compressed stream decodes to the whole document.
            let scorecard = try await Self.get(
                api, "/api/evaluations/\(evaluation.id)/scorecard.json", [.acceptEncoding: "gzip"])
            #expect(scorecard.headers[.contentEncoding] == "gzip")
            let document = try JSONSerialization.jsonObject(with: Data(buffer: try Self.gunzip(scorecard.body)))
            #expect((document as? [String: Any])?["signature"] != nil)
            // An SVG file is text too (small files are compressed once at start as well).
            let svg = try await Self.get(api, icon, [.acceptEncoding: "gzip"])
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.headers[.vary] == "Accept-Encoding")
        }
    }

    @Test(arguments: [
        ("gzip", true), ("GZIP", true), ("x-gzip", true), ("deflate, gzip;q=0.5", true), ("*", true),
        ("br;q=1, *;q=0.1", true), ("gzip;q=0", false), ("gzip;q=0, *", false), ("*;q=0", false),
        ("identity", false), ("br", false), ("", false), ("gzip;q=0.000", false), ("gzip; q=0.2", true),
    ])
    func acceptEncodingIsNegotiated(header: String, gzip: Bool) async throws {
        try await withServer { api, _ in
            let file = try await Self.get(api, "/assets/js/attendee/messages.js", [.acceptEncoding: header])
            #expect((file.headers[.contentEncoding] == "gzip") == gzip, "file, Accept-Encoding: \(header)")
            let json = try await Self.get(api, "/api/questionnaires", [.acceptEncoding: header])
            #expect((json.headers[.contentEncoding] == "gzip") == gzip, "API, Accept-Encoding: \(header)")
        }
    }

    @Test func assetsAreImmutableUnderVersionedAddressesAndPagesAndTheAPIAreNotCached() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let page = try await Self.get(api, "/e/\(evaluation.slug)?venue=hefei")
            #expect(page.headers[.cacheControl] == "no-cache")
            let script = try #require(Self.versionedURL(in: page.text, of: "js/attendee.js"))
            let versioned = try await Self.get(api, script)
            #expect(versioned.status == .ok)
            #expect(versioned.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(versioned.headers[.contentType] == "text/javascript; charset=utf-8")
            // Every address the page names is versioned, and is there.
            let named = page.text.matches(of: /(?:href|src)="(\/assets\/[^"]+)"/).map { String($0.output.1) }
            #expect(named.count >= 4)
            for url in named {
                #expect(url.range(of: #"^/assets/[0-9a-f]{16}/"#, options: .regularExpression) != nil, "\(url)")
                let file = try await Self.get(api, url)
                #expect(file.status == .ok, "\(url)")
                #expect(file.headers[.cacheControl] == "public, max-age=31536000, immutable", "\(url)")
            }
            // The plain address still works, revalidated; an unknown file is a 404.
            let plain = try await Self.get(api, "/assets/js/attendee.js")
            #expect(plain.headers[.cacheControl] == "no-cache")
            #expect(plain.body == versioned.body)
            #expect(try await Self.get(api, "/assets/js/attendee/nothing.js").status == .notFound)
            // An earlier version's address gets today's file, not cached for long.
            let earlier = script.replacingOccurrences(
                of: #"/assets/[0-9a-f]{16}/"#, with: "/assets/0123456789abcdef/", options: .regularExpression)
            let stale = try await Self.get(api, earlier)
            #expect(stale.status == .ok)
            #expect(stale.headers[.cacheControl] == "no-cache")
            // Pages and the API.
            for path in ["/", "/console", "/evaluate", "/login"] {
                #expect(try await Self.get(api, path).headers[.cacheControl] == "no-cache", "\(path)")
            }
            for path in ["/api/public/evaluations/\(evaluation.slug)", "/api/evaluations"] {
                #expect(try await Self.get(api, path).headers[.cacheControl] == "no-store", "\(path)")
            }
            // A page and a file are revalidated with their ETag.
            for path in ["/e/\(evaluation.slug)", "/assets/js/attendee/main.js", "/console"] {
                let first = try await Self.get(api, path)
                let etag = try #require(first.headers[.eTag], "\(path)")
                let again = try await Self.get(api, path, [.ifNoneMatch: etag])
                #expect(again.status == .notModified, "\(path)")
                #expect(again.body.readableBytes == 0, "\(path)")
                #expect(try await Self.get(api, path, [.ifNoneMatch: "W/\"other\""]).status == .ok, "\(path)")
            }
        }
    }

    /// The modules `entry` reaches, read from the web folder's files themselves.
    static func reachedModules(from entry: String) throws -> Set<String> {
        let web = repositoryRoot.appendingPathComponent("Web")
        var reached: Set<String> = [entry]
        var queue = [entry]
        while let module = queue.popLast() {
            let text = try String(contentsOf: web.appendingPathComponent(module), encoding: .utf8)
            for match in text.matches(of: /(?:from|import)\s+'([^']+)'/) {
                let target = URL(fileURLWithPath: "/" + module).deletingLastPathComponent()
                    .appendingPathComponent(String(match.output.1)).standardized.path.dropFirst()
                if reached.insert(String(target)).inserted { queue.append(String(target)) }
            }
        }
        return reached
    }

    @Test func theAttendeePagesModulesComeAsOneFile() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let page = try await Self.get(api, "/e/\(evaluation.slug)").text
            let scripts = page.matches(of: /<script type="module" src="([^"]+)"/).map { String($0.output.1) }
            #expect(scripts.count == 1)
            let bundle = try #require(scripts.first)
            #expect(bundle.contains(/^\/assets\/[0-9a-f]{16}\/js\/attendee.js$/))
            #expect(!page.contains("modulepreload"), "one file needs no preload hints")
            let code = try await Self.get(api, bundle)
            #expect(code.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(code.headers[.contentType] == "text/javascript; charset=utf-8")
            // Every module the entry reaches is in it, each after the modules it imports
            // first, without its import and export statements and without its comments.
            let reached = try Self.reachedModules(from: "js/attendee/main.js")
            #expect(reached.count >= 20)
            let markers = code.text.matches(of: /(?m)^\/\/ (js\/\S+\.js)$/).map { String($0.output.1) }
            #expect(Set(markers) == reached)
            #expect(markers.last == "js/attendee/main.js")
            #expect(markers.firstIndex(of: "js/shared/i18n.js")! < markers.firstIndex(of: "js/attendee/messages.js")!)
            #expect(!code.text.contains(/(?m)^(import|export)\b/))
            #expect(!code.text.contains("/**"))
            #expect(code.text.contains("export function") == false)
        }
    }

    /// Says why when the attendee page's modules cannot be joined (a top-level name declared in
    /// two modules, an import form the bundler does not read) or the service worker lost its
    /// manifest line.
    @Test func theWebFolderIsReadWithoutProblems() {
        let assets = WebAssets.load(directory: repositoryRoot.appendingPathComponent("Web").path)
        #expect(assets.problems == [])
        #expect(assets.fileCount > 50)
    }

    @Test func otherPagesPreloadTheirWholeModuleGraph() async throws {
        try await withServer { api, _ in
            for (path, entry) in [("/console", "js/console/main.js"), ("/evaluate", "js/evaluate/main.js")] {
                let page = try await Self.get(api, path).text
                let preloaded = Set(
                    page.matches(of: /<link rel="modulepreload" href="\/assets\/[0-9a-f]{16}\/([^"]+)">/).map {
                        String($0.output.1)
                    })
                var reached = try Self.reachedModules(from: entry)
                reached.remove(entry)
                #expect(reached.count >= 5, "\(path)")
                #expect(preloaded == reached, "\(path): \(reached.symmetricDifference(preloaded).sorted())")
            }
        }
    }

    @Test func theAttendeePageCarriesTheEvaluationAsInert() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation(extra: [
                "title": "全省会议 </script><script>alert(1)</script> <!-- x"
            ])
            let page = try await Self.get(api, "/e/\(evaluation.slug)").text
            let start = try #require(page.range(of: #"<script type="application/json" id="evaluation-data">"#))
            let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
            let block = String(page[start.upperBound..<end.lowerBound])
            #expect(!block.contains("<"))
            let delivered = try JSONSerialization.jsonObject(with: Data(block.utf8)) as? NSDictionary
            let fromAPI = try await api.send(.get, "/api/public/evaluations/\(evaluation.slug)").json as NSDictionary
            #expect(delivered == fromAPI)
            #expect(delivered?["title"] as? String == "全省会议 </script><script>alert(1)</script> <!-- x")
            // An unknown link: 404, the page without data.
            let unknown = try await Self.get(api, "/e/doesnotexistdoesnotexist")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains(#"id="evaluation-data"></script>"#))
            // No inline script runs: the policy stays strict on the page.
            #expect(page.contains("<script>") == false)
        }
    }

    @Test func theServiceWorkerKeepsTheAttendeePagesAssets() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let page = try await Self.get(api, "/e/\(evaluation.slug)").text
            let worker = try await Self.get(api, "/e/service-worker.js")
            #expect(worker.status == .ok)
            #expect(worker.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(worker.headers[.cacheControl] == "no-cache")
            #expect(worker.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let line = try #require(worker.text.firstMatch(of: /const MANIFEST = (\{.*\});/))
            let manifest = try #require(
                try JSONSerialization.jsonObject(with: Data(line.output.1.utf8)) as? [String: Any])
            let version = try #require(manifest["version"] as? String)
            let assets = try #require(manifest["assets"] as? [String])
            #expect(page.contains("/assets/\(version)/js/attendee.js"))
            for url in page.matches(of: /(?:href|src)="(\/assets\/[^"]+)"/).map({ String($0.output.1) }) {
                #expect(assets.contains(url), "\(url) is not kept for offline use")
            }
            for url in assets {
                #expect(url.hasPrefix("/assets/\(version)/"))
                #expect(try await Self.get(api, url).status == .ok, "\(url)")
            }
            // The service worker's own address is not an evaluation's.
            #expect(try await Self.get(api, "/e/service-worker.jsx").status == .notFound)
        }
    }
}
