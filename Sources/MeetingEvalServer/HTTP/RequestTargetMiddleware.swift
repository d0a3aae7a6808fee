import Foundation
import Hummingbird
import Synchronization

/// Refuses, with 400, a request whose path holds a control character, sent as it is or
/// percent-encoded (`/assets/js/attendee.js%00.html`): no file, page or parameter of this
/// server has one, and a NUL read further on as the end of a string could turn one name into
/// another.
struct RequestTargetMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path.unicodeScalars.contains(where: \.isControlCharacter)
            || (path.utf8.contains(UInt8(ascii: "%")) && (path.removingPercentEncoding ?? "").unicodeScalars.contains(where: \.isControlCharacter))
        {
            throw RequestError.malformed("The address holds a control character.")
        }
        return try await next(request, context)
    }
}

/// Answers 405 with `Allow` for a method a path does not take (TRACE, PUT …), instead of the
/// router's 404: the path exists, the method does not. The router tells only "no route"; a
/// second router of the same paths (`MethodTable`), whose every route answers the path's
/// methods, tells which of the two it was.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let table: MethodTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = await table.allowedMethods(request, context: context),
                !allowed.contains(request.method)
            else { throw error }
            let allow = MethodTable.methods.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
            throw HTTPError(.methodNotAllowed, headers: [.allow: allow])
        }
    }
}

/// Every route's path with the methods it takes, as a router of its own.
final class MethodTable: Sendable {
    /// Every method an HTTP client may send that a route could take.
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options, .trace, .connect]
    private let responder = Mutex<RouterResponder<AppRequestContext>?>(nil)

    /// Reads the routes of `router`; call once every route is registered.
    func fill(from router: Router<AppRequestContext>) {
        var byPath: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in router.routes {
            byPath[route.path.description, default: (route.path, [])].methods.insert(route.method)
        }
        let shapes = Router(context: AppRequestContext.self)
        for (_, entry) in byPath {
            var allowed = entry.methods
            // HEAD is answered for every GET route (`autoGenerateHeadEndpoints`).
            if allowed.contains(.get) { allowed.insert(.head) }
            let allow = Self.methods.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
            for method in Self.methods {
                shapes.on(entry.path, method: method) { _, _ -> Response in
                    Response(status: .noContent, headers: [.allow: allow])
                }
            }
        }
        let built = shapes.buildResponder()
        responder.withLock { $0 = built }
    }

    /// The methods the request's path takes; nil when no route has its path.
    func allowedMethods(_ request: Request, context: AppRequestContext) async -> Set<HTTPRequest.Method>? {
        guard let responder = responder.withLock({ $0 }),
            let answer = try? await responder.respond(to: request, context: context),
            answer.status == .noContent, let allow = answer.headers[.allow]
        else { return nil }
        return Set(allow.split(separator: ",").compactMap { HTTPRequest.Method(String($0.trimmingCharacters(in: .whitespaces))) })
    }
}
