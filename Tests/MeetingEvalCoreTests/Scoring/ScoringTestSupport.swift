import Foundation
import Testing

@testable import MeetingEvalCore

/// Small builders for scoring tests: questionnaires, evaluations and stored responses written
/// compactly, so that each golden case reads like the hand calculation next to it.
enum Build {
    // MARK: Questions

    static func rating(
        _ id: String, min: Int = 1, max: Int = 5, weight: Double = 1, notApplicable: Bool = false,
        required: Bool? = nil, showIf: ShowIf? = nil
    ) -> Question {
        Question(
            id: id, text: .plain(id), kind: .rating(RatingScale(min: min, max: max), allowNotApplicable: notApplicable),
            weight: weight, required: required, showIf: showIf)
    }

    /// A single-choice question; an option with a nil score is the not-applicable option.
    static func single(
        _ id: String, _ options: [(id: String, score: Double?)], weight: Double = 1, showIf: ShowIf? = nil
    ) -> Question {
        Question(
            id: id, text: .plain(id),
            kind: .single(
                options.map {
                    Option(id: $0.id, text: .plain($0.id), score: $0.score, notApplicable: $0.score == nil)
                }),
            weight: weight, showIf: showIf)
    }

    static func multiple(_ id: String, _ options: [String], showIf: ShowIf? = nil) -> Question {
        Question(
            id: id, text: .plain(id),
            kind: .multiple(options.map { Option(id: $0, text: .plain($0)) }, maxSelections: nil),
            showIf: showIf)
    }

    static func text(_ id: String, showIf: ShowIf? = nil) -> Question {
        Question(id: id, text: .plain(id), kind: .text(maxLength: 2000), showIf: showIf)
    }

    static func dimension(_ id: String, weight: Double?, _ questions: [Question]) -> MeetingEvalCore.Dimension {
        MeetingEvalCore.Dimension(id: id, title: .plain(id), weight: weight, questions: questions)
    }

    static func questionnaire(
        _ dimensions: [MeetingEvalCore.Dimension], grades: [GradeBand] = GradeBand.defaults(for: ["zh", "en"])
    ) -> Questionnaire {
        Questionnaire(
            id: "test", version: 1, meetingType: .teleconference, locales: ["zh", "en"], title: .plain("Test"),
            grades: grades, dimensions: dimensions)
    }

    // MARK: Evaluations

    static func evaluation(
        for questionnaire: Questionnaire, venues: [String] = [], groups: [(id: String, weight: Double)] = [],
        expected: Int? = nil, minSeconds: Double = 0, excludeFlagged: Bool = false
    ) -> Evaluation {
        Evaluation(
            id: "ev-1", slug: "abcdefghijklmnopqrstuv", questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: "全省电视电话会议", meetingType: .teleconference,
            meetingDate: "2026-11-20", venues: venues.map { Venue(id: $0, name: .plain("\($0) venue")) },
            raterGroups: groups.map { RaterGroup(id: $0.id, name: .plain("\($0.id) group"), weight: $0.weight) },
            expectedRespondents: expected,
            screening: ScreeningSettings(minSeconds: minSeconds, excludeFlagged: excludeFlagged),
            status: .closed, createdAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    // MARK: Responses

    /// 2026-11-20T01:30:00.000Z in milliseconds since 1970.
    static let baseMilliseconds: Int64 = 1_795_138_200_000

    /// The stored form of a time given in milliseconds since 1970 (UTC, three decimals).
    static func time(milliseconds: Int64) -> String {
        Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// A stored response, received `index` minutes after the base time; it took `seconds`
    /// (nil: the client sent no start time).
    static func response(
        _ id: String, venue: String? = nil, group: String? = nil, _ answers: String, seconds: Double? = 300,
        index: Int = 0
    ) -> RecordedResponse {
        let received = baseMilliseconds + Int64(index) * 60_000
        return RecordedResponse(
            id: id, venue: venue, raterGroup: group, answersJSON: answers,
            startedAt: seconds.map { time(milliseconds: received - Int64(($0 * 1000).rounded())) },
            receivedAt: time(milliseconds: received), contentDigest: "digest-\(id)")
    }

    // MARK: Scoring

    static let generatedAt = Date(timeIntervalSince1970: 1_795_200_000)

    static func scorecard(
        _ questionnaire: Questionnaire, _ evaluation: Evaluation, _ responses: [RecordedResponse],
        exclusions: [ManualExclusion] = [], locale: String? = nil
    ) -> Scorecard {
        let plan = ScoringPlan(questionnaire: questionnaire, evaluation: evaluation, locale: locale)
        var builder = ScorecardBuilder(
            plan: plan,
            exclusions: Dictionary(exclusions.map { ($0.responseId, $0) }, uniquingKeysWith: { _, last in last }))
        for response in responses { builder.add(response) }
        return builder.finish(manualExclusions: exclusions, generatedAt: generatedAt)
    }

    static func exclusion(_ responseId: String, reason: String = "duplicate device") -> ManualExclusion {
        ManualExclusion(
            responseId: responseId, reason: reason, actor: "evaluator@example.org",
            at: Date(timeIntervalSince1970: 1_795_150_000))
    }
}

extension Scorecard {
    func question(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> QuestionScore {
        try #require(questions.first { $0.id == id }, "no question \(id)", sourceLocation: sourceLocation)
    }

    func dimension(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DimensionScore {
        try #require(dimensions.first { $0.id == id }, "no dimension \(id)", sourceLocation: sourceLocation)
    }

    func group(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> GroupScore {
        try #require(raterGroups.first { $0.id == id }, "no rater group \(id)", sourceLocation: sourceLocation)
    }

    func venue(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> VenueScore {
        try #require(venues.first { $0.id == id }, "no venue \(id)", sourceLocation: sourceLocation)
    }
}

extension Scorecard.QuestionScore {
    /// The distribution as `key:count` pairs in reported order, e.g. `["3:1", "5:2"]`.
    var distributionPairs: [String] { distribution.map { "\($0.key):\($0.count)" } }
}

/// Compares two doubles to a tolerance (for unrounded intermediate figures).
func isClose(_ a: Double?, _ b: Double?, tolerance: Double = 1e-9) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return abs(a - b) <= tolerance
    default: return false
    }
}

/// SplitMix64: a small seeded generator, so that the property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}
