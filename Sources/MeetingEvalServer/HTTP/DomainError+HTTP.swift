import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalStorage

/// The one mapping from domain failures to HTTP statuses and the brief's error shape:
/// `{"error": {"message": …, "code": …, "issues": [{"path", "message", "line"?}]}}`.
extension DomainError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .invalid: return .unprocessableContent
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        }
    }

    /// The machine-readable code of the error body (also the metrics' rejection reason).
    var code: String { body.code }

    var body: ErrorBody {
        switch self {
        case .notFound(let message): return ErrorBody(message: message, code: "not_found")
        case .conflict(let message, let code): return ErrorBody(message: message, code: code)
        case .invalid(let message, let issues): return ErrorBody(message: message, code: "invalid", issues: issues)
        case .unauthorized(let message): return ErrorBody(message: message, code: "unauthorized")
        case .forbidden(let message, let code): return ErrorBody(message: message, code: code)
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(status, ErrorEnvelope(error: body))
        if case .unauthorized = self { response.headers[.wwwAuthenticate] = "Bearer realm=\"meeting-eval\"" }
        return response
    }
}

/// Failures of HTTP itself, before any rule is looked at: a body that is not JSON (400), too
/// large (413), of a media type the route does not read (415), or one request too many (429).
enum RequestError: Error, Sendable, Equatable, HTTPResponseError {
    case malformed(String)
    case tooLarge(limit: Int)
    case unsupportedMediaType(String)
    /// The client may try again after `retryAfter` seconds.
    case tooManyRequests(String, retryAfter: Int)
    /// A feature this server cannot offer as it runs (e.g. no Chromium for PDFs): 503 with `code`.
    case unavailable(String, code: String)
    /// The connection closed before the body ended; nobody reads the answer, but the metrics
    /// count it apart from the server's own failures.
    case clientDisconnected

    var status: HTTPResponse.Status {
        switch self {
        case .malformed: return .badRequest
        case .tooLarge: return .contentTooLarge
        case .unsupportedMediaType: return .unsupportedMediaType
        case .tooManyRequests: return .tooManyRequests
        case .unavailable: return .serviceUnavailable
        case .clientDisconnected: return .badRequest
        }
    }

    var code: String { body.code }

    var body: ErrorBody {
        switch self {
        case .malformed(let message): return ErrorBody(message: message, code: "malformed")
        case .tooLarge(let limit):
            return ErrorBody(message: "The request body is larger than \(limit) bytes.", code: "too_large")
        case .unsupportedMediaType(let message): return ErrorBody(message: message, code: "unsupported_media_type")
        case .tooManyRequests(let message, _): return ErrorBody(message: message, code: "rate_limited")
        case .unavailable(let message, let code): return ErrorBody(message: message, code: code)
        case .clientDisconnected:
            return ErrorBody(message: "The connection closed before the request body ended.", code: "client_disconnected")
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(status, ErrorEnvelope(error: body))
        if case .tooManyRequests(_, let retryAfter) = self { response.headers[.retryAfter] = String(max(1, retryAfter)) }
        return response
    }
}

/// The database is away (restarting, failing over) or a commit's outcome is unknown: 503 with
/// `Retry-After`, never a 500 and never a success. A submission retried with the same id is
/// then answered by the replay rule.
extension StoreUnavailable: HTTPResponseError {
    public var status: HTTPResponse.Status { .serviceUnavailable }

    var body: ErrorBody {
        if storage {
            return ErrorBody(
                message:
                    "The server cannot store anything just now (its storage failed); nothing was stored. Try again shortly. 服务器暂时无法保存，请稍后重试。",
                code: "storage_unavailable")
        }
        return ErrorBody(
            message: "The database is unavailable just now; nothing was stored. Try again shortly.", code: "unavailable"
        )
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(status, ErrorEnvelope(error: body))
        response.headers[.retryAfter] = String(max(1, retryAfter))
        return response
    }
}

extension Error {
    /// The error body's code of a failure the API reports (for the metrics' rejection reasons).
    var apiCode: String? {
        (self as? DomainError)?.code ?? (self as? RequestError)?.code ?? SQLiteFault.storeUnavailable(self)?.body.code
    }
}

struct ErrorEnvelope: Encodable {
    var error: ErrorBody
}

struct ErrorBody: Encodable {
    var message: String
    var code: String
    var issues: [ValidationIssue]?

    init(message: String, code: String, issues: [ValidationIssue]? = nil) {
        self.message = message
        self.code = code
        self.issues = issues
    }
}

/// JSON responses with the project's encoder settings.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ value: JSONOutput) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.serialized()))
        )
    }

    static func make(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let data = try CanonicalJSON.data(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
