import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MeetingEvalStorage
import Testing

@testable import MeetingEvalServer

/// `serve --log-format json` and the request id: one JSON object per line, and the id a
/// request comes with (or one the server makes) in every line of that request and in the
/// response's `X-Request-Id`.
@Suite("Request ids and JSON logs")
struct RequestLogTests {
    /// The lines the server logged, as parsed JSON objects.
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        var output: JSONLogHandler.Output { JSONLogHandler.Output { line in self.append(line) } }
        func append(_ line: [UInt8]) { lock.withLock { bytes += line } }
        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
        var records: [[String: String]] {
            text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String] ?? [
                    "unparsed": String(line)
                ]
            }
        }
    }

    private func withLoggedServer(_ body: @Sendable (any TestClientProtocol, Capture) async throws -> Void)
        async throws
    {
        let capture = Capture()
        var logger = Logger(label: "meeting-eval") { JSONLogHandler(label: $0, output: capture.output) }
        logger.logLevel = .debug
        let store = try SQLiteEvaluationStore.inMemory()
        var configuration = AppConfiguration(webDirectory: repositoryRoot.appendingPathComponent("Web").path)
        configuration.adminToken = testAdminToken
        let app = buildApplication(configuration: configuration, store: store, logger: logger)
        try await app.test(.router) { client in try await body(client, capture) }
    }

    @Test func theClientsRequestIdIsAnsweredAndInEveryLineOfTheRequest() async throws {
        try await withLoggedServer { client, capture in
            let auth: HTTPFields = [
                .authorization: "Bearer \(testAdminToken)", requestId: "trace-7f3a",
            ]
            let ok = try await client.execute(uri: "/api/evaluations", method: .get, headers: auth)
            #expect(ok.status == .ok)
            #expect(ok.headers[requestId] == "trace-7f3a")
            // An error answer carries it too.
            var missing = auth
            missing[requestId] = "trace-404"
            let notFound = try await client.execute(uri: "/api/evaluations/nope", method: .get, headers: missing)
            #expect(notFound.status == .notFound)
            #expect(notFound.headers[requestId] == "trace-404")

            let records = capture.records
            #expect(!records.isEmpty && records.allSatisfy { $0["unparsed"] == nil }, "\(capture.text)")
            let first = records.filter { $0["request_id"] == "trace-7f3a" }
            #expect(!first.isEmpty, "\(capture.text)")
            #expect(
                first.allSatisfy { $0["level"] != nil && $0["time"]?.hasSuffix("Z") == true && $0["message"] != nil })
            #expect(records.contains { $0["request_id"] == "trace-404" })
            // No request line without its id.
            #expect(records.filter { $0["hb.request.id"] != nil }.isEmpty)
        }
    }

    @Test(arguments: ["", String(repeating: "a", count: 129), "two words", "line\u{0A}break", "ünïcode"])
    func anUnusableRequestIdIsReplacedByTheServersOwn(given: String) async throws {
        try await withLoggedServer { client, _ in
            var headers: HTTPFields = [:]
            headers[requestId] = given
            let response = try await client.execute(uri: "/healthz", method: .get, headers: headers)
            let answered = try #require(response.headers[requestId])
            #expect(answered != given && !answered.isEmpty && answered.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
        }
    }

    @Test func aRecordIsOneLineWhateverItsMessageHolds() throws {
        let line = JSONLogHandlerLine.make(
            message: "first\nsecond \"quoted\" \u{1B}[31m", metadata: ["hb.request.id": "r-1", "folder": "Surveys"])
        #expect(line.filter { $0 == UInt8(ascii: "\n") }.count == 1 && line.last == UInt8(ascii: "\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
        #expect(object["message"] == "first\nsecond \"quoted\" \u{1B}[31m")
        #expect(object["request_id"] == "r-1" && object["folder"] == "Surveys" && object["level"] == "warning")
        #expect(object["logger"] == "meeting-eval")
    }
}

/// `X-Request-Id`.
private let requestId = RequestIdMiddleware<AppRequestContext>.headerName

/// One record written through a `JSONLogHandler` into memory.
enum JSONLogHandlerLine {
    static func make(message: Logger.Message, metadata: Logger.Metadata) -> [UInt8] {
        let capture = RequestLogTests.Capture()
        let handler = JSONLogHandler(label: "meeting-eval", output: capture.output)
        Logger(label: "meeting-eval") { _ in handler }.warning(message, metadata: metadata)
        return Array(capture.text.utf8)
    }
}
