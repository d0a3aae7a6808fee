import Foundation

/// The observation section of a scorecard: each venue's observed discipline, ranked, beside
/// the attendees' perception of the same venue (docs/scoring.md, "Observers at the venues").
public struct ObservationSection: Sendable, Equatable {
    public var checklist: Scorecard.QuestionnaireRef
    /// Observations received and counted (a manually excluded one is received, not counted).
    public var received: Int
    public var included: Int
    /// Every venue of the evaluation, observed ones first by rank, then the unobserved ones in
    /// the evaluation's order.
    public var venues: [VenueObservation]

    public struct VenueObservation: Sendable, Equatable {
        public var id: String
        public var name: String
        /// Counted observations of the venue (0 or 1: a venue is observed once).
        public var n: Int
        /// The observed discipline score, 0–100: the checklist scored as a questionnaire.
        public var score: Double?
        /// Its grade by the checklist's grade bands.
        public var grade: String?
        /// 1 for the best observed venue; venues with the same score share a rank (1, 2, 2, 4);
        /// nil for an unobserved venue.
        public var rank: Int?
        /// The checklist's dimensions' scores at the venue.
        public var dimensions: [Scorecard.PartScore]
        /// The attendees' score of the venue in the survey (the scorecard's venue breakdown).
        public var perception: Double?
        /// `perception − score`: positive when the attendees judged the venue better than the
        /// observer found it.
        public var gap: Double?
        /// The observer's written answers (times, remarks), by question.
        public var notes: [Note]

        public init(
            id: String, name: String, n: Int, score: Double?, grade: String?, rank: Int?,
            dimensions: [Scorecard.PartScore], perception: Double?, gap: Double?, notes: [Note]
        ) {
            self.id = id
            self.name = name
            self.n = n
            self.score = score
            self.grade = grade
            self.rank = rank
            self.dimensions = dimensions
            self.perception = perception
            self.gap = gap
            self.notes = notes
        }
    }

    public struct Note: Sendable, Equatable {
        public var question: String
        /// The question's text in the scorecard's locale.
        public var label: String
        public var text: String

        public init(question: String, label: String, text: String) {
            self.question = question
            self.label = label
            self.text = text
        }
    }

    /// The observed venues, best first (what a yearly picture counts as "below the rest").
    public var ranked: [VenueObservation] { venues.filter { $0.rank != nil } }
}

/// Scores the observations of an evaluation: the checklist is scored exactly as a
/// questionnaire (`ScorecardBuilder` with the checklist's plan, the observer groups as its
/// rater groups, no screening), so each venue's score is its weighted checklist score; then
/// the venues are ranked and set beside the attendees' scores.
public struct ObservationScoring {
    private var builder: ScorecardBuilder
    private let plan: ScoringPlan

    public init(
        checklist: Questionnaire, evaluation: Evaluation, exclusions: [String: ManualExclusion], locale: String?
    ) {
        plan = ScoringPlan(questionnaire: checklist, evaluation: evaluation.observationView, locale: locale)
        builder = ScorecardBuilder(plan: plan, exclusions: exclusions)
    }

    /// Adds one observation (a response of an observer group).
    public mutating func add(_ response: RecordedResponse) {
        builder.add(response)
    }

    /// The section, with each venue's perception taken from the attendee scorecard's venues.
    public func finish(perception: [Scorecard.VenueScore]) -> ObservationSection {
        let scored = builder.finish()
        let attendees = Dictionary(perception.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
        var notes: [String: [ObservationSection.Note]] = [:]
        for comment in scored.comments where comment.option == nil {
            guard let venue = comment.venue else { continue }
            let label = plan.questionnaire.question(comment.question).map {
                $0.text.resolved(plan.locale, defaultLocale: plan.questionnaire.defaultLocale)
            }
            notes[venue, default: []].append(
                ObservationSection.Note(
                    question: comment.question, label: label ?? comment.question, text: comment.text))
        }
        let ranks = Self.ranks(scored.venues.map(\.score))
        var venues = scored.venues.enumerated().map { index, venue in
            let seen = attendees[venue.id] ?? nil
            return ObservationSection.VenueObservation(
                id: venue.id, name: venue.name, n: venue.n, score: venue.score, grade: venue.grade,
                rank: ranks[index], dimensions: venue.dimensions, perception: seen,
                gap: Self.gap(perception: seen, observed: venue.score),
                notes: notes[venue.id] ?? [])
        }
        let order = Dictionary(uniqueKeysWithValues: scored.venues.enumerated().map { ($0.element.id, $0.offset) })
        venues.sort { a, b in
            switch (a.rank, b.rank) {
            case (let x?, let y?): return x != y ? x < y : order[a.id]! < order[b.id]!
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return order[a.id]! < order[b.id]!
            }
        }
        return ObservationSection(
            checklist: scored.questionnaire, received: scored.responses.received, included: scored.responses.included,
            venues: venues)
    }

    /// Competition ranks of scores, highest first (1, 2, 2, 4); nil for a missing score.
    public static func ranks(_ scores: [Double?]) -> [Int?] {
        scores.map { score in
            guard let score else { return nil }
            return 1 + scores.filter { ($0 ?? -.infinity) > score }.count
        }
    }

    /// Perception minus observation, from the two reported (rounded) scores, two decimals.
    public static func gap(perception: Double?, observed: Double?) -> Double? {
        guard let perception, let observed else { return nil }
        return ScoreRounding.round(perception - observed)
    }
}

extension ObservationSection {
    public var json: JSONOutput {
        .object([
            (
                "checklist",
                .object([
                    ("id", .string(checklist.id)), ("version", .integer(checklist.version)),
                    ("title", .string(checklist.title)),
                ])
            ),
            ("received", .integer(received)), ("included", .integer(included)),
            ("venues", .array(venues.map(\.json))),
        ])
    }
}

extension ObservationSection.VenueObservation {
    var json: JSONOutput {
        .object([
            ("id", .string(id)), ("name", .string(name)), ("n", .integer(n)), ("score", .optional(score)),
            ("grade", .optional(grade)), ("rank", .optional(rank)),
            (
                "dimensions",
                .array(dimensions.map { .object([("id", .string($0.id)), ("score", .optional($0.score))]) })
            ),
            ("perception", .optional(perception)), ("gap", .optional(gap)),
            (
                "notes",
                .array(
                    notes.map {
                        .object([
                            ("question", .string($0.question)), ("label", .string($0.label)),
                            ("text", .string($0.text)),
                        ])
                    })
            ),
        ])
    }
}
