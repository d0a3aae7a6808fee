import Foundation
import Testing

@testable import MeetingEvalCore

/// Properties of the scorecard over random questionnaires, evaluations and responses (seeded,
/// so that a failure can be replayed).
@Suite("Scoring properties")
struct ScoringPropertyTests {
    /// A random case: questionnaire, evaluation, responses.
    struct Case {
        var questionnaire: Questionnaire
        var evaluation: Evaluation
        var responses: [RecordedResponse]
        var exclusions: [ManualExclusion]
    }

    struct Shape {
        var equalWeights = false
        var complete = false
        var oneGroup = false
        var questionsPerDimension: Int? = nil
    }

    static func randomCase(_ random: inout SeededGenerator, shape: Shape = Shape()) -> Case {
        var dimensions: [MeetingEvalCore.Dimension] = []
        var serial = 0
        for d in 0..<Int.random(in: 1...4, using: &random) {
            var questions: [Question] = []
            for _ in 0..<(shape.questionsPerDimension ?? Int.random(in: 1...4, using: &random)) {
                serial += 1
                let weight = shape.equalWeights ? 1 : Double(Int.random(in: 1...5, using: &random))
                if random.chance(0.65) {
                    let low = random.pick([0, 1])
                    questions.append(
                        Build.rating(
                            "q\(serial)", min: low, max: low + Int.random(in: 1...10, using: &random), weight: weight,
                            notApplicable: !shape.complete && random.chance(0.4)))
                } else {
                    var options: [(id: String, score: Double?)] = (0..<Int.random(in: 2...4, using: &random)).map {
                        ("o\($0)", Double(Int.random(in: 0...10_000, using: &random)) / 100)
                    }
                    if !shape.complete && random.chance(0.4) { options.append(("na", nil)) }
                    questions.append(Build.single("q\(serial)", options, weight: weight))
                }
            }
            let weight = shape.equalWeights ? 1 : Double(Int.random(in: 1...9, using: &random))
            dimensions.append(Build.dimension("d\(d)", weight: weight, questions))
        }
        dimensions.append(Build.dimension("remarks", weight: nil, [Build.text("remark")]))
        let questionnaire = Build.questionnaire(dimensions)

        let groups: [(id: String, weight: Double)] =
            shape.oneGroup
            ? (random.chance(0.5) ? [] : [("all", 3)])
            : (0..<Int.random(in: 0...3, using: &random)).map {
                ("g\($0)", Double(Int.random(in: 1...6, using: &random)))
            }
        let venues = (0..<Int.random(in: 0...3, using: &random)).map { "v\($0)" }
        let evaluation = Build.evaluation(
            for: questionnaire, venues: venues, groups: groups,
            expected: random.chance(0.5) ? Int.random(in: 1...60, using: &random) : nil,
            minSeconds: shape.complete ? 0 : 30, excludeFlagged: !shape.complete && random.chance(0.5))

        var responses: [RecordedResponse] = []
        for index in 0..<Int.random(in: 0...30, using: &random) {
            var members: [String] = []
            for question in questionnaire.questions {
                if !shape.complete && random.chance(0.15) { continue }
                switch question.kind {
                case .rating(let scale, let allowNotApplicable):
                    if allowNotApplicable && random.chance(0.2) {
                        members.append(#""\#(question.id)":"na""#)
                    } else {
                        members.append(#""\#(question.id)":\#(Int.random(in: scale.min...scale.max, using: &random))"#)
                    }
                case .single(let options):
                    members.append(#""\#(question.id)":"\#(random.pick(options).id)""#)
                case .text:
                    if random.chance(0.4) { members.append(#""\#(question.id)":"remark \#(index) 意见""#) }
                case .multiple:
                    break
                }
            }
            responses.append(
                Build.response(
                    "resp-\(index)", venue: venues.isEmpty || random.chance(0.1) ? nil : random.pick(venues),
                    group: groups.isEmpty ? nil : random.pick(groups).id, "{" + members.joined(separator: ",") + "}",
                    seconds: Double(Int.random(in: 5...600, using: &random)), index: index))
        }
        let exclusions =
            shape.complete
            ? [] : responses.filter { _ in random.chance(0.1) }.map { Build.exclusion($0.id) }
        return Case(questionnaire: questionnaire, evaluation: evaluation, responses: responses, exclusions: exclusions)
    }

    static func score(_ example: Case, responses: [RecordedResponse]? = nil) -> Scorecard {
        Build.scorecard(
            example.questionnaire, example.evaluation, responses ?? example.responses, exclusions: example.exclusions)
    }

    @Test("every reported score is in 0…100, every sd ≥ 0, every α ≤ 1, and the CI holds the score")
    func scoresInRange() {
        var random = SeededGenerator(seed: 0xC0FF_EE01)
        func inRange(_ value: Double?, _ what: String, round: Int) {
            if let value { #expect((0...100).contains(value), "round \(round): \(what) = \(value)") }
        }
        for round in 0..<300 {
            let card = Self.score(Self.randomCase(&random))
            inRange(card.overall.score, "overall", round: round)
            for dimension in card.dimensions {
                inRange(dimension.score, "dimension \(dimension.id)", round: round)
                if let alpha = dimension.alpha { #expect(alpha <= 1, "round \(round)") }
                #expect(dimension.alphaN <= dimension.n)
            }
            for question in card.questions {
                inRange(question.score, "question \(question.id)", round: round)
                inRange(question.mean, "question \(question.id) mean", round: round)
                if let sd = question.sd { #expect(sd >= 0 && sd <= 100, "round \(round)") }
                #expect(question.distribution.allSatisfy { $0.count > 0 })
            }
            for group in card.raterGroups {
                inRange(group.score, "group \(group.id)", round: round)
                group.dimensions.forEach { inRange($0.score, "group \(group.id) \($0.id)", round: round) }
            }
            for venue in card.venues {
                inRange(venue.score, "venue \(venue.id)", round: round)
                venue.dimensions.forEach { inRange($0.score, "venue \(venue.id) \($0.id)", round: round) }
                #expect((venue.score == nil) == (venue.grade == nil))
            }
            if let ci = card.overall.ci95, let score = card.overall.score {
                #expect(ci.count == 2 && ci[0] <= score && score <= ci[1], "round \(round): \(ci) \(score)")
            }
            #expect(card.responses.included + card.responses.excludedTotal == card.responses.received)
            #expect(card.overall.n == card.responses.included)
            #expect(card.venues.reduce(0) { $0 + $1.n } <= card.responses.included)
            #expect(card.raterGroups.isEmpty || card.raterGroups.reduce(0) { $0 + $1.n } == card.responses.included)
            let weights = card.dimensions.reduce(0) { $0 + $1.weight }
            #expect(abs(weights - 1) < 1e-12)
        }
    }

    /// The scorecard JSON with the comments left out.
    static func jsonWithoutComments(_ card: Scorecard) -> String {
        card.jsonWithoutComments.serialized()
    }

    @Test("shuffling the responses changes nothing but the order of the comments")
    func orderDoesNotMatter() {
        var random = SeededGenerator(seed: 0xC0FF_EE02)
        for round in 0..<300 {
            let example = Self.randomCase(&random)
            let card = Self.score(example)
            let shuffled = Self.score(example, responses: example.responses.shuffled(using: &random))
            #expect(Self.jsonWithoutComments(card) == Self.jsonWithoutComments(shuffled), "round \(round)")
            let key: (Scorecard.Comment) -> String = {
                "\($0.question)|\($0.venue ?? "")|\($0.raterGroup ?? "")|\($0.text)"
            }
            #expect(card.comments.map(key).sorted() == shuffled.comments.map(key).sorted(), "round \(round)")
            #expect(card.commentCount == shuffled.commentCount)
        }
    }

    @Test("a venue's figures are those of a scorecard over that venue's responses alone")
    func venueIsRestriction() throws {
        var random = SeededGenerator(seed: 0xC0FF_EE03)
        for round in 0..<200 {
            let example = Self.randomCase(&random)
            let card = Self.score(example)
            for venue in card.venues {
                let alone = Self.score(example, responses: example.responses.filter { $0.venue == venue.id })
                #expect(alone.overall.score == venue.score, "round \(round) venue \(venue.id)")
                #expect(alone.overall.n == venue.n, "round \(round) venue \(venue.id)")
                #expect(alone.dimensions.map(\.score) == venue.dimensions.map(\.score), "round \(round)")
            }
        }
    }

    /// Per response, the composite with equal weights: the mean over dimensions of the mean
    /// answer score of the dimension. Computed here from the answers, independently.
    static func answerScores(_ response: RecordedResponse, _ questionnaire: Questionnaire) throws -> [[Double]] {
        let answers = try #require(
            try JSONSerialization.jsonObject(with: Data(response.answersJSON.utf8)) as? [String: Any])
        return questionnaire.dimensions.filter { $0.weight != nil }.map { dimension in
            dimension.questions.compactMap { question -> Double? in
                switch question.kind {
                case .rating(let scale, _):
                    guard let value = answers[question.id] as? Int else { return nil }
                    return 100 * Double(value - scale.min) / Double(scale.max - scale.min)
                case .single(let options):
                    guard let id = answers[question.id] as? String else { return nil }
                    return options.first { $0.id == id }?.score
                default: return nil
                }
            }
        }
    }

    @Test("equal weights, one group, complete answers: O is the plain mean of the composites")
    func plainMeanOfComposites() throws {
        var random = SeededGenerator(seed: 0xC0FF_EE04)
        var checked = 0
        for round in 0..<300 {
            let example = Self.randomCase(&random, shape: Shape(equalWeights: true, complete: true, oneGroup: true))
            let card = Self.score(example)
            let scores = try example.responses.map { try Self.answerScores($0, example.questionnaire) }
            guard !scores.isEmpty else {
                #expect(card.overall.score == nil)
                continue
            }
            let composites = scores.map { dimensions in
                dimensions.map { $0.reduce(0, +) / Double($0.count) }.reduce(0, +) / Double(dimensions.count)
            }
            let mean = composites.reduce(0, +) / Double(composites.count)
            #expect(card.overall.score == ScoreRounding.round(mean), "round \(round): \(composites)")
            checked += 1
        }
        #expect(checked > 250)
    }

    @Test("…and with the same number of questions in every dimension, the plain mean of all answer scores")
    func plainMeanOfAnswers() throws {
        var random = SeededGenerator(seed: 0xC0FF_EE05)
        for round in 0..<300 {
            let perDimension = Int.random(in: 1...4, using: &random)
            let example = Self.randomCase(
                &random,
                shape: Shape(equalWeights: true, complete: true, oneGroup: true, questionsPerDimension: perDimension))
            let card = Self.score(example)
            let all = try example.responses.flatMap { try Self.answerScores($0, example.questionnaire).flatMap { $0 } }
            guard !all.isEmpty else { continue }
            let mean = all.reduce(0, +) / Double(all.count)
            #expect(card.overall.score == ScoreRounding.round(mean), "round \(round)")
            // Every dimension and question score is a plain mean too.
            for question in card.questions where question.weight != nil {
                #expect(question.score == question.mean, "round \(round) \(question.id)")
            }
        }
    }

    @Test("W-weighted mean of the group overalls, not the pooled mean")
    func groupWeighting() {
        var random = SeededGenerator(seed: 0xC0FF_EE06)
        for round in 0..<200 {
            let example = Self.randomCase(&random)
            let card = Self.score(example)
            let present = card.raterGroups.filter { $0.appliedWeight != nil }
            guard !present.isEmpty, let overall = card.overall.score else { continue }
            // From the rounded group scores: within the rounding of the parts.
            let combined = present.reduce(0) { $0 + $1.appliedWeight! * $1.score! }
            #expect(abs(combined - overall) <= 0.0101, "round \(round): \(combined) vs \(overall)")
            #expect(abs(present.reduce(0) { $0 + $1.appliedWeight! } - 1) < 1e-12)
            #expect(card.raterGroups.allSatisfy { ($0.appliedWeight == nil) == ($0.score == nil) })
        }
    }
}
