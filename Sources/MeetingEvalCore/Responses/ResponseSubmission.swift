import Foundation

/// An attendee's submitted answers after validation, ready to be stored.
public struct ResponseSubmission: Sendable, Equatable {
    /// Lowercase UUID made by the browser once per filled form: the idempotency key.
    public var id: String
    public var venue: String?
    public var raterGroup: String?
    public var answers: [String: AnswerValue]
    public var startedAt: Date?
    public var locale: String?
    /// Invitation code, for evaluations that require one.
    public var token: String?
    /// A `startedAt` that was sent but left out as implausible (`ResponseValidator.plausibleStart`).
    public var discardedStartedAt: String?

    public init(
        id: String, venue: String? = nil, raterGroup: String? = nil, answers: [String: AnswerValue],
        startedAt: Date? = nil, locale: String? = nil, token: String? = nil
    ) {
        self.id = id
        self.venue = venue
        self.raterGroup = raterGroup
        self.answers = answers
        self.startedAt = startedAt
        self.locale = locale
        self.token = token
    }
}
