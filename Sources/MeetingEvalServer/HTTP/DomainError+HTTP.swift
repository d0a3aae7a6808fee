import Foundation
import Hummingbird
import MeetingEvalCore

/// The one mapping from domain failures to HTTP statuses and the brief's error shape:
/// `{"error": {"message": …, "code": …, "issues": [{"path", "message", "line"?}]}}`.
extension DomainError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .malformed: return .badRequest
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .tooLarge: return .contentTooLarge
        case .invalid: return .unprocessableContent
        case .unsupportedMediaType: return .unsupportedMediaType
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .tooManyRequests: return .tooManyRequests
        }
    }

    /// The machine-readable code of the error body (also the metrics' rejection reason).
    var code: String { body.code }

    var body: ErrorBody {
        switch self {
        case .malformed(let message): return ErrorBody(message: message, code: "malformed")
        case .notFound(let message): return ErrorBody(message: message, code: "not_found")
        case .conflict(let message, let code): return ErrorBody(message: message, code: code)
        case .tooLarge(let limit):
            return ErrorBody(message: "The request body is larger than \(limit) bytes.", code: "too_large")
        case .invalid(let message, let issues): return ErrorBody(message: message, code: "invalid", issues: issues)
        case .unsupportedMediaType(let message): return ErrorBody(message: message, code: "unsupported_media_type")
        case .unauthorized(let message): return ErrorBody(message: message, code: "unauthorized")
        case .forbidden(let message, let code): return ErrorBody(message: message, code: code)
        case .tooManyRequests(let message, _): return ErrorBody(message: message, code: "rate_limited")
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(status, ErrorEnvelope(error: body))
        switch self {
        case .unauthorized: response.headers[.wwwAuthenticate] = "Bearer realm=\"meeting-eval\""
        case .tooManyRequests(_, let retryAfter): response.headers[.retryAfter] = String(max(1, retryAfter))
        default: break
        }
        return response
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
