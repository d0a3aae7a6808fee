import Hummingbird
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import Synchronization

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
            IntervalLog.unavailable.warning(context.logger, error)
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
            if let unavailable = SQLiteFault.storeUnavailable(error) {
                IntervalLog.unavailable.warning(context.logger, unavailable)
                return try unavailable.response(from: request, context: context)
            }
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

/// Logs a recurring failure at most once per interval, with how many were left unlogged since.
final class IntervalLog: Sendable {
    /// One warning per interval while the database or its storage fails, not one per request.
    static let unavailable = IntervalLog(interval: .seconds(10))

    private let state = Mutex<(last: ContinuousClock.Instant?, suppressed: Int)>((nil, 0))
    let interval: Duration

    init(interval: Duration) {
        self.interval = interval
    }

    func warning(_ logger: Logger, _ error: StoreUnavailable) {
        let now = ContinuousClock.now
        let suppressed: Int? = state.withLock { state in
            if let last = state.last, now - last < interval {
                state.suppressed += 1
                return nil
            }
            defer { state = (now, 0) }
            return state.suppressed
        }
        guard let suppressed else { return }
        logger.warning(
            error.storage ? "storage fault: nothing can be stored" : "database unavailable",
            metadata: ["reason": "\(error.reason)", "sameSinceLastLog": "\(suppressed)"])
    }
}
