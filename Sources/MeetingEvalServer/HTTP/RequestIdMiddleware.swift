import HTTPTypes
import Hummingbird

/// Gives every request one id that follows it: the client's (or the proxy's) `X-Request-Id`
/// when it sends a usable one, otherwise the server's own. The id goes into the request's
/// logger — so every log line of the request names it — and back in the response's
/// `X-Request-Id`, errors included.
struct RequestIdMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let given = request.headers[Self.headerName], Self.isUsable(given) {
            context.logger[metadataKey: JSONLogHandler.requestIdKey] = .string(given)
        }
        let id = context.id
        do {
            var response = try await next(request, context)
            response.headers[Self.headerName] = id
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[Self.headerName] = id
            return response
        }
    }

    /// 1 to 128 visible ASCII characters without spaces: enough for UUIDs and the ids proxies
    /// make, and nothing that could forge a log line or a header.
    static func isUsable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
