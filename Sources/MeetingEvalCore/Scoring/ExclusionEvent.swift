import Foundation

/// One step in the history of an evaluator's manual exclusions: a response excluded, or
/// included again (an exclusion taken back), with the reason, who and when. The scorecard's
/// data-quality section lists them all, so that a reader sees every decision, not only the
/// exclusions still in force.
public struct ExclusionEvent: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
        case excluded, included
    }

    public var action: Action
    public var responseId: String
    public var reason: String
    public var actor: String
    public var at: Date

    public init(action: Action, responseId: String, reason: String, actor: String, at: Date) {
        self.action = action
        self.responseId = responseId
        self.reason = reason
        self.actor = actor
        self.at = at
    }
}
