import Foundation

/// Builds a scorecard in one pass over the responses of an evaluation.
///
/// Memory is fixed by the questionnaire and the evaluation (questions × rater groups × venues
/// accumulators), not by the number of responses. Comments are kept up to `commentLimit`;
/// every comment, beyond the limit too, goes to `onComment`, so a caller can spool them to
/// disk and stream them out (see `ScorecardService`). The order of the responses changes
/// nothing but the order of the comments. A value type, so that the per-response loop runs without
/// dynamic exclusivity checks.
public struct ScorecardBuilder {
    public let assessor: ResponseAssessor
    private let plan: ScoringPlan
    private let plannedQuestions: [PlannedQuestion]
    private var assessment: ResponseAssessor.Assessment

    private let questionCount: Int
    private let groupCount: Int
    private let venueCount: Int

    private var received = 0
    private var included = 0
    private var excludedByReason: [ExclusionReason: Int] = [:]
    private var flagged: [ExclusionReason: Int] = [:]

    /// s(g,q) sums, indexed [group * Q + question].
    private var groupQuestion: [MeanAccumulator]
    /// Venue-restricted s(v,g,q) sums, indexed [(venue * G + group) * Q + question].
    private var venueGroupQuestion: [MeanAccumulator]
    private var groupIncluded: [Int]
    private var venueIncluded: [Int]
    /// Every response received per venue, included or not (the venue's response rate).
    private var venueReceived: [Int]
    /// Per-response composite scores per group (for the confidence interval).
    private var groupComposites: [RunningStatistics]
    /// The same per venue and group, indexed [venue * G + group] (for the venue comparisons).
    private var venueGroupComposites: [RunningStatistics]

    private var questionScores: [RunningStatistics]
    private var questionAnswered: [Int]
    private var questionNotApplicable: [Int]
    /// Raw answer counts per scale point (rating: value − min) or option index.
    private var distribution: [[Int]]

    private var dimensionResponses: [Int]
    /// Per dimension: one accumulator per rating question, then one for the total (α).
    private var alphaItems: [[RunningStatistics]]

    private var comments: [Scorecard.Comment] = []
    private var commentCount = 0
    /// How many comments the scorecard keeps in memory.
    public var commentLimit = Int.max
    /// Receives every comment of an included response, in order.
    public var onComment: ((Scorecard.Comment) -> Void)?

    // Per-response scratch space.
    private var dimensionNumerator: [Double]
    private var dimensionDenominator: [Double]
    private var itemScores: [Double]

    public init(plan: ScoringPlan, exclusions: [String: ManualExclusion] = [:]) {
        assessor = ResponseAssessor(plan: plan, exclusions: exclusions)
        self.plan = plan
        plannedQuestions = plan.questions
        assessment = assessor.makeAssessment()
        questionCount = plan.questions.count
        groupCount = plan.groupIds.count
        venueCount = plan.evaluation.venues.count
        groupQuestion = Array(repeating: MeanAccumulator(), count: groupCount * questionCount)
        venueGroupQuestion = Array(repeating: MeanAccumulator(), count: venueCount * groupCount * questionCount)
        groupIncluded = Array(repeating: 0, count: groupCount)
        venueIncluded = Array(repeating: 0, count: venueCount)
        venueReceived = Array(repeating: 0, count: venueCount)
        groupComposites = Array(repeating: RunningStatistics(), count: groupCount)
        venueGroupComposites = Array(repeating: RunningStatistics(), count: venueCount * groupCount)
        questionScores = Array(repeating: RunningStatistics(), count: questionCount)
        questionAnswered = Array(repeating: 0, count: questionCount)
        questionNotApplicable = Array(repeating: 0, count: questionCount)
        distribution = plan.questions.map { question in
            switch question.type {
            case .rating: return Array(repeating: 0, count: max(0, question.ratingMax - question.ratingMin + 1))
            case .single, .multiple: return Array(repeating: 0, count: question.optionScores.count)
            case .text: return []
            }
        }
        dimensionResponses = Array(repeating: 0, count: plan.dimensions.count)
        alphaItems = plan.dimensions.map { Array(repeating: RunningStatistics(), count: $0.ratingQuestions.count + 1) }
        dimensionNumerator = Array(repeating: 0, count: plan.dimensions.count)
        dimensionDenominator = Array(repeating: 0, count: plan.dimensions.count)
        itemScores = []
    }

    /// Adds one response and returns how it was assessed (flags, exclusion).
    @discardableResult
    public mutating func add(_ response: RecordedResponse) -> ResponseAssessor.Assessment {
        assessor.assess(response, into: &assessment)
        received += 1
        if let venue = response.venue.flatMap({ plan.venueIndex[$0] }) { venueReceived[venue] += 1 }
        for reason in assessment.flags.reasons { flagged[reason, default: 0] += 1 }
        guard assessment.isIncluded else {
            for reason in assessment.exclusionReasons { excludedByReason[reason, default: 0] += 1 }
            return assessment
        }
        included += 1
        let group = response.raterGroup.flatMap { plan.groupIndex[$0] } ?? 0
        let venue = response.venue.flatMap { plan.venueIndex[$0] }
        groupIncluded[group] += 1
        if let venue { venueIncluded[venue] += 1 }
        accumulate(group: group, venue: venue, response: response)
        return assessment
    }

    private mutating func accumulate(group: Int, venue: Int?, response: RecordedResponse) {
        let cells = assessment.cells
        for index in dimensionNumerator.indices {
            dimensionNumerator[index] = 0
            dimensionDenominator[index] = 0
        }
        let groupBase = group * questionCount
        let venueBase = venue.map { ($0 * groupCount + group) * questionCount }
        let table = plan.table
        for index in 0..<questionCount {
            let cell = cells[index]
            let slot: Int
            switch cell {
            case .none: continue
            case .notApplicable:
                questionAnswered[index] += 1
                questionNotApplicable[index] += 1
                continue
            case .rating(let value): slot = value - table.ratingMin[index]
            case .option(let option): slot = option
            case .options(let options):
                // An empty selection (or one of unknown ids only) answers nothing.
                guard !options.isEmpty else { continue }
                questionAnswered[index] += 1
                for option in options where option < distribution[index].count { distribution[index][option] += 1 }
                continue
            case .text(let text):
                questionAnswered[index] += 1
                if text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) {
                    addComment(
                        Scorecard.Comment(
                            question: plannedQuestions[index].id, venue: response.venue,
                            raterGroup: response.raterGroup, text: text))
                }
                continue
            }
            questionAnswered[index] += 1
            guard slot >= 0, slot < table.slotCount[index] else { continue }
            distribution[index][slot] += 1
            let position = table.slotOffset[index] + slot
            if table.slotNotApplicable[position] { questionNotApplicable[index] += 1 }
            let dimension = table.dimension[index]
            let score = table.slotScore[position]
            guard dimension >= 0, !score.isNaN else { continue }
            groupQuestion[groupBase + index].add(score)
            if let venueBase { venueGroupQuestion[venueBase + index].add(score) }
            questionScores[index].add(score)
            dimensionNumerator[dimension] += table.weight[index] * score
            dimensionDenominator[dimension] += table.weight[index]
        }
        for other in assessment.otherTexts
        where other.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) {
            let question = plannedQuestions[other.question]
            addComment(
                Scorecard.Comment(
                    question: question.id, venue: response.venue, raterGroup: response.raterGroup, text: other.text,
                    option: question.otherOption.map { question.source.options[$0].id }))
        }
        // The response's composite (steps 3–4 on this response alone) and α items.
        var numerator = 0.0
        var denominator = 0.0
        for (index, dimension) in plan.dimensions.enumerated() where dimensionDenominator[index] > 0 {
            dimensionResponses[index] += 1
            numerator += dimension.weight * dimensionNumerator[index] / dimensionDenominator[index]
            denominator += dimension.weight
            addAlphaItems(dimension: index, cells: cells)
        }
        if denominator > 0 {
            groupComposites[group].add(numerator / denominator)
            if let venue { venueGroupComposites[venue * groupCount + group].add(numerator / denominator) }
        }
    }

    private mutating func addComment(_ comment: Scorecard.Comment) {
        commentCount += 1
        if comments.count < commentLimit { comments.append(comment) }
        onComment?(comment)
    }

    /// α uses only responses that scored every rating question of the dimension.
    private mutating func addAlphaItems(dimension index: Int, cells: [AnswerCell]) {
        let items = plan.dimensions[index].ratingQuestions
        guard items.count >= 2 else { return }
        itemScores.removeAll(keepingCapacity: true)
        let table = plan.table
        for item in items {
            guard case .rating(let value) = cells[item] else { return }
            let slot = value - table.ratingMin[item]
            guard slot >= 0, slot < table.slotCount[item] else { return }
            itemScores.append(table.slotScore[table.slotOffset[item] + slot])
        }
        var total = 0.0
        for (position, score) in itemScores.enumerated() {
            alphaItems[index][position].add(score)
            total += score
        }
        alphaItems[index][items.count].add(total)
    }

    // MARK: Result

    public func finish(manualExclusions: [ManualExclusion] = [], generatedAt: Date = Date()) -> Scorecard {
        let locale = plan.locale
        let evaluation = plan.evaluation
        let questionnaire = plan.questionnaire
        func text(_ localized: LocalizedText) -> String {
            localized.resolved(locale, defaultLocale: questionnaire.defaultLocale)
        }

        // s(g,q), D(g,d), O(g) for every group.
        let perGroup = (0..<groupCount).map { group in
            GroupFigures(plan: plan, means: { groupQuestion[group * questionCount + $0].mean })
        }
        let presentGroups = (0..<groupCount).filter { groupIncluded[$0] > 0 && perGroup[$0].overall != nil }
        func acrossGroups(_ figures: [GroupFigures], present: [Int], _ value: (GroupFigures) -> Double?) -> Double? {
            weightedMean(present.map { (plan.groupWeights[$0], value(figures[$0])) })
        }
        let overall = acrossGroups(perGroup, present: presentGroups) { $0.overall }
        let roundedOverall = ScoreRounding.reported(overall)

        let reportedBand = plan.band(for: roundedOverall)
        let weightTotal = plan.dimensions.reduce(0) { $0 + $1.weight }
        let normalizedWeights = plan.dimensions.map { $0.weight / weightTotal }
        /// Each present group's part of O as a function of dimension `d`'s weight (§9).
        func parts(varying d: Int) -> [ScoreInference.GroupPart] {
            presentGroups.map { group in
                var numerator = 0.0
                var denominator = 0.0
                for (e, score) in perGroup[group].dimensions.enumerated() where e != d {
                    guard let score else { continue }
                    numerator += normalizedWeights[e] * score
                    denominator += normalizedWeights[e]
                }
                return ScoreInference.GroupPart(
                    groupWeight: plan.groupWeights[group], own: perGroup[group].dimensions[d],
                    othersNumerator: numerator, othersDenominator: denominator)
            }
        }
        let dimensions = plan.dimensions.enumerated().map { index, dimension in
            Scorecard.DimensionScore(
                id: dimension.id, title: text(dimension.title),
                weight: dimension.weight / weightTotal,
                score: ScoreRounding.reported(acrossGroups(perGroup, present: presentGroups) { $0.dimensions[index] }),
                n: dimensionResponses[index], alpha: ScoreRounding.reported(cronbachAlpha(dimension: index)),
                alphaN: alphaItems[index].last?.count ?? 0,
                gradeStableWeight: plan.dimensions.count > 1
                    ? ScoreInference.stableWeight(
                        configured: normalizedWeights[index], parts: parts(varying: index), band: reportedBand,
                        band: { plan.band(for: ScoreRounding.round($0)) }
                    ).map { Scorecard.WeightRange(low: $0.low, high: $0.high) } : nil)
        }

        let questions = plan.questions.enumerated().map { index, question in
            let dimensionWeightTotal = question.dimensionIndex.map { dimension in
                plan.dimensions[dimension].questions.reduce(0) { $0 + plan.questions[$1].weight }
            }
            let scored = question.isScored
            return Scorecard.QuestionScore(
                id: question.id, dimension: question.dimensionId, type: question.type, text: text(question.source.text),
                weight: dimensionWeightTotal.map { question.weight / $0 },
                score: scored ? ScoreRounding.reported(acrossGroups(perGroup, present: presentGroups) { $0.questions[index] }) : nil,
                mean: scored ? ScoreRounding.reported(questionScores[index].count > 0 ? questionScores[index].mean : nil) : nil,
                n: scored ? questionScores[index].count : questionAnswered[index],
                sd: scored ? ScoreRounding.reported(questionScores[index].standardDeviation) : nil,
                notApplicable: questionNotApplicable[index], distribution: distributionEntries(index))
        }

        let configuredWeightTotal = plan.groupWeights.reduce(0, +)
        let appliedWeightTotal = presentGroups.reduce(0) { $0 + plan.groupWeights[$1] }
        // Each rater group against the other groups present (§9).
        let groupComparisons = Self.comparisons(
            evaluation.raterGroups.indices.map { index in
                let own =
                    presentGroups.contains(index)
                    ? estimate(perGroup, present: [index], composites: { groupComposites[$0] }) : nil
                let rest = estimate(
                    perGroup, present: presentGroups.filter { $0 != index }, composites: { groupComposites[$0] })
                return ScoreInference.Difference(own, rest)
            })
        var raterGroups = evaluation.raterGroups.enumerated().map { index, group in
            Scorecard.GroupScore(
                id: group.id, name: text(group.name), weight: group.weight / configuredWeightTotal,
                appliedWeight: presentGroups.contains(index) ? group.weight / appliedWeightTotal : nil,
                n: groupIncluded[index], score: ScoreRounding.reported(perGroup[index].overall),
                dimensions: plan.dimensions.enumerated().map { position, dimension in
                    Scorecard.PartScore(id: dimension.id, score: ScoreRounding.reported(perGroup[index].dimensions[position]))
                })
        }

        for index in raterGroups.indices { raterGroups[index].comparison = groupComparisons[index] }

        let venueFigures = evaluation.venues.indices.map { venue in
            (0..<groupCount).map { group in
                GroupFigures(
                    plan: plan,
                    means: {
                        venueGroupQuestion[(venue * groupCount + group) * questionCount + $0].mean
                    })
            }
        }
        // Each venue against every included response not from it (§9).
        let venueComparisons = Self.comparisons(
            evaluation.venues.indices.map { venue in
                let figures = venueFigures[venue]
                let own = estimate(
                    figures, present: (0..<groupCount).filter { figures[$0].overall != nil },
                    composites: { venueGroupComposites[venue * groupCount + $0] })
                let restFigures = (0..<groupCount).map { group in
                    GroupFigures(
                        plan: plan,
                        means: {
                            groupQuestion[group * questionCount + $0]
                                .removing(venueGroupQuestion[(venue * groupCount + group) * questionCount + $0]).mean
                        })
                }
                let rest = estimate(
                    restFigures, present: (0..<groupCount).filter { restFigures[$0].overall != nil },
                    composites: { groupComposites[$0].removing(venueGroupComposites[venue * groupCount + $0]) })
                return ScoreInference.Difference(own, rest)
            })
        let venues = evaluation.venues.enumerated().map { venue, info in
            let figures = venueFigures[venue]
            let present = (0..<groupCount).filter { figures[$0].overall != nil }
            let score = ScoreRounding.reported(acrossGroups(figures, present: present) { $0.overall })
            return Scorecard.VenueScore(
                id: info.id, name: text(info.name), n: venueIncluded[venue], score: score,
                grade: plan.grade(for: score),
                dimensions: plan.dimensions.enumerated().map { position, dimension in
                    Scorecard.PartScore(
                        id: dimension.id,
                        score: ScoreRounding.reported(acrossGroups(figures, present: present) { $0.dimensions[position] }))
                }, comparison: venueComparisons[venue],
                response: Scorecard.VenueResponse(received: venueReceived[venue], expected: info.expected))
        }

        var excluded: [ExclusionReason: Int] = [:]
        var flags: [ExclusionReason: Int] = [:]
        for reason in ExclusionReason.allCases {
            excluded[reason] = excludedByReason[reason, default: 0]
            if reason != .manual { flags[reason] = flagged[reason, default: 0] }
        }
        let expected = evaluation.expectedRespondents
        let ci95 = confidenceInterval(overall: overall, present: presentGroups)
        return Scorecard(
            evaluation: .init(
                id: evaluation.id, title: evaluation.title, meetingType: evaluation.meetingType,
                meetingDate: evaluation.meetingDate, status: evaluation.status, report: evaluation.report,
                opinion: evaluation.opinion),
            questionnaire: .init(id: questionnaire.id, version: questionnaire.version, title: text(questionnaire.title)),
            locale: locale, generatedAt: generatedAt, screening: evaluation.screening,
            responses: .init(
                received: received, included: included, excluded: excluded, excludedTotal: received - included,
                flagged: flags, expected: expected,
                responseRate: expected.flatMap { $0 > 0 ? ScoreRounding.round(Double(received) / Double($0), decimals: 4) : nil }),
            overall: .init(
                score: roundedOverall, grade: plan.grade(for: roundedOverall), ci95: ci95,
                gradeConfidence: ScoreInference.gradeConfidence(
                    score: roundedOverall, ci95: ci95, band: reportedBand, bands: plan.gradeBands),
                n: included),
            dimensions: dimensions, questions: questions, raterGroups: raterGroups, venues: venues,
            comments: comments, commentCount: commentCount, exclusions: manualExclusions, includedResponsesDigest: nil)
    }

    /// `O ± 1.96·√(Σ_g W'_g²·sd_g²/n_g)` over the groups present; nil when one has n_g < 2.
    private func confidenceInterval(overall: Double?, present: [Int]) -> [Double]? {
        guard let overall, let standardError = standardError(present: present, composites: { groupComposites[$0] })
        else { return nil }
        let margin = 1.96 * standardError
        let low: Double = ScoreRounding.round(overall - margin)
        let high: Double = ScoreRounding.round(overall + margin)
        return [low, high]
    }

    /// `√(Σ_g W'_g²·sd_g²/n_g)` over `present` (weights renormalized over them), from each
    /// group's per-response composites; nil without groups or when one has fewer than 2.
    private func standardError(present: [Int], composites: (Int) -> RunningStatistics) -> Double? {
        guard !present.isEmpty else { return nil }
        let total = present.reduce(0) { $0 + plan.groupWeights[$1] }
        var variance = 0.0
        for group in present {
            let statistics = composites(group)
            guard let sampleVariance = statistics.variance else { return nil }
            let weight = plan.groupWeights[group] / total
            variance += weight * weight * sampleVariance / Double(statistics.count)
        }
        return variance.squareRoot()
    }

    /// The overall of some responses (their groups' `figures`) with its standard error.
    private func estimate(
        _ figures: [GroupFigures], present: [Int], composites: (Int) -> RunningStatistics
    ) -> ScoreInference.Estimate? {
        guard
            let score = weightedMean(present.map { (plan.groupWeights[$0], figures[$0].overall) }),
            let standardError = standardError(present: present, composites: composites)
        else { return nil }
        return ScoreInference.Estimate(score: score, se: standardError)
    }

    /// The reported comparisons: Holm across the parts with a p, rounded, flagged.
    private static func comparisons(_ differences: [ScoreInference.Difference]) -> [Scorecard.Comparison] {
        let adjusted = ScoreInference.holm(differences.map(\.p))
        return differences.indices.map { index in
            let difference = differences[index]
            guard let value = difference.difference else { return .undefined }
            let pAdjusted = adjusted[index].map { ScoreRounding.round($0, decimals: 4) }
            var flag: Scorecard.Comparison.Flag? = nil
            if let pAdjusted { flag = pAdjusted < 0.05 ? (value < 0 ? .below : .above) : Scorecard.Comparison.Flag.none }
            return Scorecard.Comparison(
                difference: ScoreRounding.round(value), ci95: difference.ci95?.map { ScoreRounding.round($0) },
                p: difference.p.map { ScoreRounding.round($0, decimals: 4) }, pAdjusted: pAdjusted, flag: flag)
        }
    }

    /// α = k/(k−1) · (1 − Σ var(item) / var(total)); nil with fewer than 2 items or responses,
    /// or when the totals do not vary.
    private func cronbachAlpha(dimension index: Int) -> Double? {
        let accumulators = alphaItems[index]
        let k = accumulators.count - 1
        guard k >= 2, let totalVariance = accumulators[k].variance, totalVariance > 0 else { return nil }
        var itemVariance = 0.0
        for item in 0..<k {
            guard let variance = accumulators[item].variance else { return nil }
            itemVariance += variance
        }
        return Double(k) / Double(k - 1) * (1 - itemVariance / totalVariance)
    }

    private func distributionEntries(_ index: Int) -> [(key: String, count: Int)] {
        let question = plan.questions[index]
        var entries: [(key: String, count: Int)] = []
        for (slot, count) in distribution[index].enumerated() where count > 0 {
            switch question.type {
            case .rating: entries.append((String(question.ratingMin + slot), count))
            case .single, .multiple: entries.append((question.source.options[slot].id, count))
            case .text: break
            }
        }
        return entries
    }
}

/// s(q), D(d) and O of one rater group (or one venue's part of it), from per-question means.
private struct GroupFigures {
    var questions: [Double?]
    var dimensions: [Double?]
    var overall: Double?

    init(plan: ScoringPlan, means: (Int) -> Double?) {
        questions = plan.questions.indices.map { plan.questions[$0].isScored ? means($0) : nil }
        let questions = self.questions
        dimensions = plan.dimensions.map { dimension in
            weightedMean(dimension.questions.map { (plan.questions[$0].weight, questions[$0]) })
        }
        let dimensions = self.dimensions
        overall = weightedMean(plan.dimensions.indices.map { (plan.dimensions[$0].weight, dimensions[$0]) })
    }
}
