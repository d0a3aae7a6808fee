/// Failures of the application's rules, independent of any transport. The server maps each
/// case to a status code in one place (`DomainError+HTTP.swift`); failures of HTTP itself (a
/// body that is not JSON, too large, of the wrong media type, too many requests) are the
/// server's own `RequestError`.
public enum DomainError: Error, Sendable, Equatable {
    /// Something named does not exist.
    case notFound(String)
    /// The action conflicts with what is stored, or with the evaluation's state.
    case conflict(String, code: String)
    /// Well-formed input that breaks the rules, with every problem.
    case invalid(String, [ValidationIssue])
    /// No valid credentials came with an action that needs them.
    case unauthorized(String)
    /// The credentials are valid but their role may not do this, or a cross-site request
    /// forgery check failed.
    case forbidden(String, code: String)

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
