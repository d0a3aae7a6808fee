import MeetingEvalCore

/// The raw answers export: a header row of fixed columns and question ids, then one row per
/// response with its venue, rater group, times, screening flags and exclusion.
///
/// Fixed column names are camelCase, so they can never equal a question id (`[a-z0-9-]+`).
/// A question with an `other` option is followed by a `<question>.other` column: the text
/// given with that option.
/// Answers are written as submitted: a rating's number or `na`, an option id, option ids
/// joined by `;`, or the text. `CodebookCSV` maps the ids to question and option texts.
struct RawResponsesCSV {
    let assessor: ResponseAssessor
    private let questions: [Question]

    init(assessor: ResponseAssessor) {
        self.assessor = assessor
        questions = assessor.plan.questionnaire.questions
    }

    static let fixedColumns = [
        "responseId", "receivedAt", "startedAt", "durationSeconds", "venueId", "raterGroupId", "answerLocale",
        "screeningFlags", "isExcluded", "exclusionReasons", "exclusionNote",
    ]

    func header() -> String {
        var columns = Self.fixedColumns
        for question in questions {
            columns.append(question.id)
            if question.options.contains(where: \.other) { columns.append(Option.otherAnswerKey(question.id)) }
        }
        return CSVFormat.byteOrderMark + CSVFormat.row(columns)
    }

    func rows(_ responses: [RecordedResponse]) -> String {
        var output = ""
        var assessment = assessor.makeAssessment()
        for response in responses {
            assessor.assess(response, into: &assessment)
            var cells = [
                response.id, response.receivedAt, response.startedAt ?? "",
                CSVFormat.number(assessment.seconds), response.venue ?? "", response.raterGroup ?? "",
                response.locale ?? "", assessment.flags.reasons.map(\.rawValue).joined(separator: ";"),
                assessment.isIncluded ? "no" : "yes",
                assessment.exclusionReasons.map(\.rawValue).joined(separator: ";"),
                assessment.manualExclusion?.reason ?? "",
            ]
            for (index, question) in questions.enumerated() {
                cells.append(Self.answerText(assessment.cells[index], question: question))
                if question.options.contains(where: \.other) {
                    cells.append(assessment.otherTexts.first { $0.question == index }?.text ?? "")
                }
            }
            output += CSVFormat.row(cells)
        }
        return output
    }

    static func answerText(_ cell: AnswerCell, question: Question) -> String {
        switch cell {
        case .none: return ""
        case .rating(let value): return String(value)
        case .notApplicable: return AnswerValue.notApplicableToken
        case .option(let index): return index < question.options.count ? question.options[index].id : ""
        case .options(let indices):
            return indices.filter { $0 < question.options.count }.map { question.options[$0].id }.joined(separator: ";")
        case .text(let text): return text
        }
    }
}

/// The codebook that goes with the raw export: one row per question and per option, with
/// the texts in every locale of the questionnaire.
public enum CodebookCSV {
    public static func render(_ questionnaire: Questionnaire) -> String {
        let locales = questionnaire.locales
        var output = CSVFormat.byteOrderMark
        output += CSVFormat.row(
            ["questionId", "optionId", "dimensionId", "type", "scale", "weight", "score", "notApplicable", "other"]
                + locales.map { "text.\($0)" })
        let locale = questionnaire.defaultLocale
        for dimension in questionnaire.dimensions {
            for question in dimension.questions {
                var scale = ""
                if case .rating(let range, let allowNotApplicable) = question.kind {
                    scale = "\(range.min)–\(range.max)" + (allowNotApplicable ? ", na" : "")
                }
                output += CSVFormat.row(
                    [
                        question.id, "", dimension.id, question.type.rawValue, scale,
                        question.isScored && dimension.weight != nil ? CSVFormat.number(question.weight) : "", "", "",
                        "",
                    ] + locales.map { question.text.resolved($0, defaultLocale: locale) })
                for option in question.options {
                    output += CSVFormat.row(
                        [
                            question.id, option.id, dimension.id, "option", "", "", CSVFormat.number(option.score),
                            option.notApplicable ? "yes" : "", option.other ? "yes" : "",
                        ] + locales.map { option.text.resolved($0, defaultLocale: locale) })
                }
            }
        }
        return output
    }
}
