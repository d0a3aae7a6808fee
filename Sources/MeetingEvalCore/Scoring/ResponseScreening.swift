/// Data-quality flags of one response, as the brief defines them.
public struct ScreeningFlags: Sendable, Equatable, OptionSet {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Completed in fewer seconds than the evaluation's `screening.minSeconds`.
    public static let speeder = ScreeningFlags(rawValue: 1)
    /// At least `straightLiningMinimum` rating questions answered, all with the same value.
    public static let straightLining = ScreeningFlags(rawValue: 2)

    public static let straightLiningMinimum = 5

    public var reasons: [ExclusionReason] {
        var reasons: [ExclusionReason] = []
        if contains(.speeder) { reasons.append(.speeder) }
        if contains(.straightLining) { reasons.append(.straightLining) }
        return reasons
    }
}

extension ScoringPlan {
    /// The flags of a response. `seconds` is the time from the client's `startedAt` to the
    /// server's receipt, nil when the client sent no start time (never a speeder then).
    /// Only numeric rating answers count for straight-lining; "not applicable" is no value.
    func flags(cells: [AnswerCell], seconds: Double?) -> ScreeningFlags {
        var flags: ScreeningFlags = []
        let minimum = evaluation.screening.minSeconds
        if minimum > 0, let seconds, seconds < minimum { flags.insert(.speeder) }
        var answered = 0
        var first: Int?
        var same = true
        for index in ratingQuestions {
            guard case .rating(let value) = cells[index] else { continue }
            answered += 1
            if let first, first != value { same = false }
            if first == nil { first = value }
        }
        if answered >= ScreeningFlags.straightLiningMinimum && same { flags.insert(.straightLining) }
        return flags
    }

    /// Seconds from `startedAt` to `receivedAt`, from the stored texts.
    static func seconds(startedAt: String?, receivedAt: String) -> Double? {
        guard let startedAt, let start = Timestamp.milliseconds(startedAt),
            let end = Timestamp.milliseconds(receivedAt)
        else { return nil }
        return Double(end - start) / 1000
    }
}
