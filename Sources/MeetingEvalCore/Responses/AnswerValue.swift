/// One validated answer, in the shape the brief fixes for submissions:
/// `rating` → integer or `"na"`, `single` → option id, `multiple` → option ids, `text` → string.
public enum AnswerValue: Sendable, Equatable, Hashable {
    case rating(Int)
    case notApplicable
    case option(String)
    case options([String])
    case text(String)

    public static let notApplicableToken = "na"

    /// Option ids chosen by this answer (for `showIf`).
    var chosenOptions: [String] {
        switch self {
        case .option(let id): return [id]
        case .options(let ids): return ids
        default: return []
        }
    }
}

extension AnswerValue: Codable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .rating(let value): try container.encode(value)
        case .notApplicable: try container.encode(Self.notApplicableToken)
        case .option(let id): try container.encode(id)
        case .options(let ids): try container.encode(ids)
        case .text(let text): try container.encode(text)
        }
    }

    /// Decodes stored answers. The stored form loses the question type (`"na"` and an option
    /// id are both strings), so readers that need it go through the questionnaire instead.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .rating(value)
        } else if let ids = try? container.decode([String].self) {
            self = .options(ids)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

extension Questionnaire {
    /// Ids of the questions shown for these answers: a question with `showIf` is shown only
    /// while its target is shown and the target's answer includes one of the listed options.
    public func visibleQuestionIds(answers: [String: AnswerValue]) -> Set<String> {
        Set(questions.map(\.id)).subtracting(hiddenQuestionIds(answers: answers))
    }

    /// Ids of the questions that `showIf` hides for these answers (a `showIf` names an earlier
    /// question, which the validator ensures). Usually empty, which is why the submission path
    /// asks this way round.
    public func hiddenQuestionIds(answers: [String: AnswerValue]) -> Set<String> {
        var hidden: Set<String> = []
        for dimension in dimensions {
            for question in dimension.questions {
                guard let showIf = question.showIf else { continue }
                let shown =
                    !hidden.contains(showIf.question)
                    && (answers[showIf.question]?.chosenOptions.contains(where: showIf.options.contains) ?? false)
                if !shown { hidden.insert(question.id) }
            }
        }
        return hidden
    }
}
