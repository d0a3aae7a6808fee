/// One stored answer, resolved against the questionnaire: option ids are option indices.
public enum AnswerCell: Sendable, Equatable {
    case none
    case rating(Int)
    case notApplicable
    case option(Int)
    case options([Int])
    case text(String)
}

/// The text given with a question's `other` option (answer key `<question>.other`).
public struct OtherText: Sendable, Equatable {
    /// Index of the question in the plan.
    public var question: Int
    public var text: String
}

/// Reads the stored answers JSON of a response (the canonical form the store writes:
/// `{"questionId": 4, "other": "optionId", "many": ["a", "b"], "remark": "text"}`) into cells
/// indexed like the plan's questions.
///
/// This is the innermost loop of a scorecard over a million responses, so it takes the
/// members one by one from the JSON reader's tokenizer (`JSONDocumentParser.readMembers`)
/// instead of building a tree or a dictionary per response. Any valid JSON object reads right;
/// a member whose value has no answer's shape is no answer, and a text that is not one JSON
/// object reads as no answers at all.
enum StoredAnswersReader {
    /// The answers' cells alone (the texts of `other` options left aside).
    static func read(_ json: String, plan: ScoringPlan, into cells: inout [AnswerCell]) {
        var otherTexts: [OtherText] = []
        read(json, plan: plan, into: &cells, otherTexts: &otherTexts)
    }

    static func read(
        _ json: String, plan: ScoringPlan, into cells: inout [AnswerCell], otherTexts: inout [OtherText]
    ) {
        for index in cells.indices { cells[index] = .none }
        otherTexts.removeAll(keepingCapacity: true)
        do throws(DocumentError) {
            try JSONDocumentParser.readMembers(of: json) { key, value in
                // A key twice: the last one wins.
                guard let index = plan.questionIndex[key] else {
                    if !plan.otherTextIndex.isEmpty, let question = plan.otherTextIndex[key],
                        case .string(let text) = value
                    {
                        otherTexts.removeAll { $0.question == question }
                        otherTexts.append(OtherText(question: question, text: text))
                    }
                    return
                }
                cells[index] = cell(value, question: plan.questions[index])
            }
        } catch {
            // Members read before the fault are not kept either.
            for index in cells.indices { cells[index] = .none }
            otherTexts.removeAll(keepingCapacity: true)
        }
    }

    private static func cell(_ value: JSONMemberValue, question: PlannedQuestion) -> AnswerCell {
        switch (question.type, value) {
        // A value off the scale is no answer (the validator never stores one), which also keeps
        // every later `value − min` within range. A whole number written as 4.0 or 4e0 is 4.
        case (.rating, .number(let number)):
            guard let integer = Int(exactly: number), (question.ratingMin...question.ratingMax).contains(integer)
            else { return .none }
            return .rating(integer)
        case (.rating, .string(let text)) where text == AnswerValue.notApplicableToken: return .notApplicable
        case (.single, .string(let id)): return question.optionIndex[id].map(AnswerCell.option) ?? .none
        case (.multiple, .strings(let ids)): return .options(ids.compactMap { question.optionIndex[$0] })
        case (.text, .string(let text)): return .text(text)
        default: return .none
        }
    }
}
