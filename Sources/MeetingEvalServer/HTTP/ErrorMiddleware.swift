import Hummingbird
import Logging
import MeetingEvalCore

/// Gives every failure the brief's JSON error shape, including the framework's own (unknown
/// route, wrong method) and unexpected ones, which become a plain 500 without internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as DomainError {
            return try error.response(from: request, context: context)
        } catch let error as RequestError {
            return try error.response(from: request, context: context)
        } catch let error as StoreUnavailable {
            context.logger.warning("database unavailable", metadata: ["reason": "\(error.reason)"])
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let message: String
            switch error.status {
            case .notFound: message = "Nothing is here."
            case .methodNotAllowed: message = "This method is not allowed here."
            case .contentTooLarge: message = "The request body is too large."
            default: message = error.status.reasonPhrase
            }
            var response = try JSONResponse.make(
                error.status, ErrorEnvelope(error: ErrorBody(message: message, code: Self.code(error.status))))
            if let httpError = error as? HTTPError { response.headers.append(contentsOf: httpError.headers) }
            return response
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return try JSONResponse.make(
                .internalServerError,
                ErrorEnvelope(error: ErrorBody(message: "Something went wrong on the server.", code: "internal")))
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: return "not_found"
        case .methodNotAllowed: return "method_not_allowed"
        case .contentTooLarge: return "too_large"
        case .badRequest: return "malformed"
        default: return "http_\(status.code)"
        }
    }
}
