import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalServer
import Testing

/// What the router answers for a request it has no route for: a method the path does not take
/// is 405 with `Allow`, and a path with a control character (NUL) is refused.
@Suite struct RequestTargetTests {
    @Test(arguments: [
        (HTTPRequest.Method.trace, "/healthz", "GET, HEAD"),
        (.put, "/api/evaluations", "GET, HEAD, POST"),
        (.delete, "/healthz", "GET, HEAD"),
        (.get, "/api/evaluations/0d6c1b3e-4a0e-4f59-9c1c-2f6f1b7d9e01/open", "POST"),
        (.trace, "/assets/js/attendee/main.js", "GET, HEAD"),
        (.patch, "/api/public/evaluations/abcdefghijkl/responses", "POST"),
    ])
    func unsupportedMethodsOnExistingPathsAre405WithAllow(_ method: HTTPRequest.Method, _ path: String, _ allow: String)
        async throws
    {
        try await withServer { api, _ in
            let answer = try await api.send(method, path)
            #expect(answer.status == .methodNotAllowed, "\(method) \(path): \(answer.status)")
            #expect(answer.headers[.allow] == allow)
            #expect(answer.errorCode == "method_not_allowed")
        }
    }

    @Test func unknownPathsStay404AndKnownMethodsWork() async throws {
        try await withServer { api, _ in
            let unknown = try await api.send(.trace, "/nowhere/at/all")
            #expect(unknown.status == .notFound)
            let get = try await api.send(.get, "/healthz")
            #expect(get.status == .ok)
            let head = try await api.send(.head, "/healthz")
            #expect(head.status == .ok)
        }
    }

    @Test(arguments: [
        "/assets/js/attendee.js%00.html", "/assets/%00", "/assets/js/%00/x.js", "/e/abc%00def", "/healthz%00",
        "/api/evaluations/%01", "/assets/%1b%5b2J",
    ])
    func controlCharactersInPathsAreRefused(_ path: String) async throws {
        try await withServer { api, _ in
            let answer = try await api.anonymous.send(.get, path)
            #expect(answer.status == .badRequest || answer.status == .notFound, "\(path): \(answer.status)")
            #expect(answer.headers[.location] == nil)
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true, "\(path)")
        }
    }
}
