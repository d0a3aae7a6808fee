import Foundation

/// A questionnaire and an evaluation compiled for scoring: questions, venues and rater groups
/// become array indices, option ids become option indices, and every weight is looked up once.
public struct ScoringPlan: Sendable {
    public let questionnaire: Questionnaire
    public let evaluation: Evaluation
    let questions: [PlannedQuestion]
    let questionIndex: [String: Int]
    /// `<question>.other` → the index of a question with an `other` option: the answer key of
    /// the text given with that option (never scored).
    let otherTextIndex: [String: Int]
    /// The weighted (scored) dimensions, in questionnaire order.
    let dimensions: [PlannedDimension]
    /// Rater group ids; an evaluation without rater groups has one implicit group (`nil` id).
    let groupIds: [String?]
    let groupWeights: [Double]
    let groupIndex: [String: Int]
    let venueIndex: [String: Int]
    /// Indices of the `rating` questions, for the straight-lining check.
    let ratingQuestions: [Int]
    /// Indices of the questions with a `showIf`, in document order.
    let conditionalQuestions: [Int]
    /// Flat lookup tables for the per-response loop.
    let table: ScoreTable

    /// The locale of the scorecard's titles, labels and grade: one of the questionnaire's, by
    /// default its first.
    public let locale: String

    public init(questionnaire: Questionnaire, evaluation: Evaluation, locale: String? = nil) {
        self.questionnaire = questionnaire
        self.evaluation = evaluation
        self.locale = locale.flatMap { questionnaire.locales.contains($0) ? $0 : nil } ?? questionnaire.defaultLocale
        // Question and option indices first, so that showIf targets resolve while planning.
        var index: [String: Int] = [:]
        for (position, question) in questionnaire.questions.enumerated() { index[question.id] = position }
        let all = questionnaire.questions
        var questions: [PlannedQuestion] = []
        var dimensions: [PlannedDimension] = []
        for dimension in questionnaire.dimensions {
            let scoredDimension = dimension.weight != nil
            let dimensionIndex = scoredDimension ? dimensions.count : nil
            var members: [Int] = []
            for question in dimension.questions {
                let position = questions.count
                let scored = scoredDimension && question.isScored
                if scored { members.append(position) }
                var showIf: (Int, Set<Int>)?
                if let condition = question.showIf, let target = index[condition.question] {
                    let options = all[target].options.map(\.id)
                    showIf = (target, Set(condition.options.compactMap { options.firstIndex(of: $0) }))
                }
                questions.append(
                    PlannedQuestion(
                        question, dimensionIndex: scored ? dimensionIndex : nil, dimensionId: dimension.id,
                        showIf: showIf))
            }
            if let weight = dimension.weight {
                let ratingMembers = members.filter { questions[$0].isRating }
                dimensions.append(
                    PlannedDimension(
                        id: dimension.id, title: dimension.title, weight: weight, questions: members,
                        ratingQuestions: ratingMembers))
            }
        }
        self.questions = questions
        self.questionIndex = index
        self.otherTextIndex = Dictionary(
            questions.indices.filter { questions[$0].otherOption != nil }.map {
                (Option.otherAnswerKey(questions[$0].id), $0)
            }, uniquingKeysWith: { a, _ in a })
        self.dimensions = dimensions
        self.ratingQuestions = questions.indices.filter { questions[$0].isRating }
        self.conditionalQuestions = questions.indices.filter { questions[$0].showIf != nil }
        self.table = ScoreTable(questions)
        if evaluation.raterGroups.isEmpty {
            groupIds = [nil]
            groupWeights = [1]
            groupIndex = [:]
        } else {
            groupIds = evaluation.raterGroups.map(\.id)
            groupWeights = evaluation.raterGroups.map(\.weight)
            groupIndex = Dictionary(
                evaluation.raterGroups.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        }
        venueIndex = Dictionary(
            evaluation.venues.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// The grade bands, highest first.
    public var gradeBands: [GradeBand] {
        questionnaire.grades.isEmpty ? GradeBand.defaults(for: questionnaire.locales) : questionnaire.grades
    }

    /// The index in `gradeBands` of the band of a rounded overall score.
    public func band(for roundedScore: Double?) -> Int? {
        guard let roundedScore else { return nil }
        return gradeBands.firstIndex(where: { $0.min <= roundedScore })
    }

    /// The grade label (in `locale`) of a rounded overall score.
    public func grade(for roundedScore: Double?) -> String? {
        guard let band = band(for: roundedScore) else { return nil }
        return gradeBands[band].label.resolved(locale, defaultLocale: questionnaire.defaultLocale)
    }
}

struct PlannedDimension: Sendable {
    let id: String
    let title: LocalizedText
    let weight: Double
    /// Indices of the scored questions of the dimension.
    let questions: [Int]
    /// Indices of its `rating` questions (for Cronbach's α).
    let ratingQuestions: [Int]
}

/// One question, compiled. A class, so that the per-response loops pass a reference around
/// instead of copying its arrays and dictionaries.
final class PlannedQuestion: Sendable {
    let source: Question
    let id: String
    let dimensionId: String
    /// Index in `ScoringPlan.dimensions` when the question is scored, else nil.
    let dimensionIndex: Int?
    let weight: Double
    let optionIndex: [String: Int]
    /// Per option: its score, nil for an unscored or not-applicable option.
    let optionScores: [Double?]
    let optionNotApplicable: [Bool]
    /// The index of the option marked `other`, if any.
    let otherOption: Int?
    let ratingMin: Int
    let ratingMax: Int
    let isScored: Bool
    let isRating: Bool
    let type: QuestionType
    /// Target question index and the option indices that show this question.
    let showIf: (question: Int, options: Set<Int>)?

    init(_ question: Question, dimensionIndex: Int?, dimensionId: String, showIf: (Int, Set<Int>)?) {
        self.showIf = showIf
        isScored = dimensionIndex != nil
        type = question.type
        if case .rating = question.kind { isRating = true } else { isRating = false }
        source = question
        id = question.id
        self.dimensionId = dimensionId
        self.dimensionIndex = dimensionIndex
        weight = question.weight
        let options = question.options
        optionIndex = Dictionary(options.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        optionScores = options.map { $0.notApplicable ? nil : $0.score }
        optionNotApplicable = options.map(\.notApplicable)
        otherOption = options.firstIndex(where: \.other)
        if case .rating(let scale, _) = question.kind {
            ratingMin = scale.min
            ratingMax = scale.max
        } else {
            ratingMin = 0
            ratingMax = 0
        }
    }

    /// The 0…100 score of an answer, nil when it has none (not applicable, unscored).
    func score(_ cell: AnswerCell) -> Double? {
        switch cell {
        case .rating(let value):
            guard ratingMax > ratingMin else { return nil }
            return 100 * Double(value - ratingMin) / Double(ratingMax - ratingMin)
        case .option(let index):
            return index < optionScores.count ? optionScores[index] : nil
        default:
            return nil
        }
    }
}

/// Every question's answer slots (scale points from `min`, or options) laid out in flat arrays
/// of plain numbers: the answer → score step of the per-response loop is two array reads.
struct ScoreTable: Sendable {
    /// Per question: index of its first slot, number of slots, lowest scale point (rating),
    /// scored dimension (−1 when unscored), weight.
    let slotOffset: [Int]
    let slotCount: [Int]
    let ratingMin: [Int]
    let dimension: [Int]
    let weight: [Double]
    /// Per slot: the 0…100 score (NaN when the slot has none) and whether it is not applicable.
    let slotScore: [Double]
    let slotNotApplicable: [Bool]

    init(_ questions: [PlannedQuestion]) {
        var offsets: [Int] = []
        var counts: [Int] = []
        var scores: [Double] = []
        var notApplicable: [Bool] = []
        for question in questions {
            offsets.append(scores.count)
            switch question.type {
            case .rating:
                let count = max(0, question.ratingMax - question.ratingMin + 1)
                counts.append(count)
                for value in 0..<count { scores.append(question.score(.rating(question.ratingMin + value)) ?? .nan) }
                notApplicable += Array(repeating: false, count: count)
            case .single, .multiple:
                counts.append(question.optionScores.count)
                for option in question.optionScores.indices {
                    scores.append(question.isScored ? question.optionScores[option] ?? .nan : .nan)
                    notApplicable.append(question.optionNotApplicable[option])
                }
            case .text:
                counts.append(0)
            }
        }
        slotOffset = offsets
        slotCount = counts
        ratingMin = questions.map(\.ratingMin)
        dimension = questions.map { $0.dimensionIndex ?? -1 }
        weight = questions.map(\.weight)
        slotScore = scores
        slotNotApplicable = notApplicable
    }
}
