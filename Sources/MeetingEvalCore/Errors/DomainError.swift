/// Failures the API reports to callers, independent of HTTP. The server maps each case to a
/// status code in one place (`DomainError+HTTP.swift`).
public enum DomainError: Error, Sendable, Equatable {
    /// The request body is not parseable at all (400).
    case malformed(String)
    /// Something named in the path does not exist (404).
    case notFound(String)
    /// The request conflicts with what is stored, or with the evaluation's state (409).
    case conflict(String, code: String)
    /// The body is larger than allowed (413).
    case tooLarge(limit: Int)
    /// Well-formed input that breaks the rules (422), with every problem.
    case invalid(String, [ValidationIssue])
    /// The media type of the body is not one this route reads (415).
    case unsupportedMediaType(String)
    /// No valid credentials came with a request that needs them (401).
    case unauthorized(String)
    /// The credentials are valid but their role may not do this, or a cross-site request
    /// forgery check failed (403).
    case forbidden(String, code: String)
    /// The client sent too many requests of one kind; it may try again after `retryAfter`
    /// seconds (429).
    case tooManyRequests(String, retryAfter: Int)

    /// A submission to an evaluation that does not accept responses now.
    public static func notAccepting(_ acceptance: Evaluation.Acceptance) -> DomainError {
        switch acceptance {
        case .accepting:
            return .conflict("This evaluation is accepting responses.", code: "conflict")
        case .notOpen:
            return .conflict(
                "This evaluation has not been opened yet. 本评估尚未开放，请稍后再试。", code: acceptance.rawValue)
        case .notYetOpen:
            return .conflict(
                "This evaluation opens later. 本评估尚未到开放时间。", code: acceptance.rawValue)
        case .closed:
            return .conflict(
                "This evaluation is closed and no longer accepts responses. 本评估已结束，不再接收答卷。",
                code: acceptance.rawValue)
        }
    }
}
