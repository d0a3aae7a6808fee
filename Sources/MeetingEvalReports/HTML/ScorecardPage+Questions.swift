import MeetingEvalCore

extension ScorecardPage {
    /// One section per dimension, in questionnaire order, with a block per rating or choice
    /// question. The scorecard lists only the answers given; the questionnaire supplies every
    /// scale point and option, so that the charts show the zeros too.
    static func questionSections(
        _ scorecard: Scorecard, questionnaire: Questionnaire, labels: ScorecardLabels
    ) -> [QuestionSection] {
        let locale = scorecard.locale
        func text(_ localized: LocalizedText) -> String {
            localized.resolved(locale, defaultLocale: questionnaire.defaultLocale)
        }
        let scoredTitles = Dictionary(
            scorecard.dimensions.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let sourceDimensions = Dictionary(
            questionnaire.dimensions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var order: [String] = []
        var byDimension: [String: [Scorecard.QuestionScore]] = [:]
        for question in scorecard.questions where question.type != .text {
            if byDimension[question.dimension] == nil { order.append(question.dimension) }
            byDimension[question.dimension, default: []].append(question)
        }
        return order.map { dimensionId in
            let source = sourceDimensions[dimensionId]
            return QuestionSection(
                title: scoredTitles[dimensionId] ?? source.map { text($0.title) } ?? dimensionId,
                isUnscored: scoredTitles[dimensionId] == nil,
                questions: (byDimension[dimensionId] ?? []).map { question in
                    block(question, source: questionnaire.question(question.id), labels: labels, text: text)
                })
        }
    }

    private static func block(
        _ question: Scorecard.QuestionScore, source: Question?, labels: ScorecardLabels, text: (LocalizedText) -> String
    ) -> QuestionBlock {
        let counts = Dictionary(question.distribution.map { ($0.key, $0.count) }, uniquingKeysWith: +)
        var slots: [(label: String, count: Int)] = []
        var known: Set<String> = []
        var kind = labels["type.\(question.type.rawValue)"]
        switch source?.kind {
        case .rating(let scale, let allowNotApplicable)?:
            kind += " \(scale.min)–\(scale.max)"
            for point in scale.min...max(scale.min, scale.max) {
                let key = String(point)
                known.insert(key)
                slots.append((scale.labels[point].map { "\(key) · \(text($0))" } ?? key, counts[key] ?? 0))
            }
            if allowNotApplicable { slots.append((labels["notApplicable"], question.notApplicable)) }
        case .single(let options)?, .multiple(let options, _)?:
            for option in options {
                known.insert(option.id)
                slots.append((text(option.text), counts[option.id] ?? 0))
            }
        default:
            break
        }
        // Answers the questionnaire no longer describes still show, under their raw key.
        for entry in question.distribution where !known.contains(entry.key) { slots.append((entry.key, entry.count)) }

        let isMultiple = question.type == .multiple
        let base = isMultiple ? question.n : slots.reduce(0) { $0 + $1.count }
        let items = slots.map { slot in
            let share = base > 0 ? " · " + ScorecardFormat.percent(Double(slot.count) / Double(base)) : ""
            return BarChart.Item(
                name: slot.label, value: Double(slot.count), text: ScorecardFormat.count(slot.count) + share)
        }
        let isScored = question.weight != nil
        return QuestionBlock(
            id: question.id, text: question.text, kind: kind,
            score: isScored ? ScorecardFormat.score(question.score) : labels["notScored"],
            mean: ScorecardFormat.score(question.mean), n: ScorecardFormat.count(question.n),
            sd: ScorecardFormat.score(question.sd), notApplicable: ScorecardFormat.count(question.notApplicable),
            weight: ScorecardFormat.percent(question.weight),
            chart: BarChart(
                id: "chart-question-\(question.id)", title: labels.format("distribution", ["question": question.text]),
                style: "dist", items: items, maximum: Double(max(1, slots.map(\.count).max() ?? 0)), layout: .counts),
            notes: isMultiple ? [labels["multipleNote"]] : [])
    }
}
