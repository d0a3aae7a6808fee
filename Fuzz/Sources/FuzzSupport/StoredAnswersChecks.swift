import Foundation

@testable import MeetingEvalCore

/// The stored-answers reader of the scoring (`StoredAnswersReader`: a byte-level reader of the
/// canonical form with Foundation's parser as fallback), against two references: the same
/// document with a member only Foundation reads put in front (so the fallback reads it all),
/// and a reading through the strict `DocumentNode.parseJSON`.
public enum StoredAnswersChecks {
    static let plan = ScoringPlan(questionnaire: Fixtures.questionnaire, evaluation: Fixtures.evaluation)

    public static func run(_ data: Data) {
        // Stored answers are a Swift string (an SQLite TEXT column): always valid UTF-8.
        let json = String(decoding: data, as: UTF8.self)
        let questionnaire = Fixtures.questionnaire
        let cells = cells(json, plan: plan)
        invariant(cells.count == questionnaire.questions.count, "\(cells.count) cells")
        for (question, cell) in zip(questionnaire.questions, cells) { checkCell(cell, question) }

        // The fast path and the fallback agree on what the fast path reads.
        if fastPathAccepts(json), let slow = withFallbackMember(json) {
            invariant(fastPathAccepts(slow) == false, "the fallback variant stays on the fast path")
            let slowCells = Self.cells(slow, plan: plan)
            invariant(
                cells == slowCells,
                "fast path and Foundation disagree on \(brief(json)): \(brief(cells)) vs \(brief(slowCells))")
        }

        // Both agree with a reading through the strict JSON parser, where it reads the text.
        switch Result(catching: { try DocumentNode.parseJSON(Data(json.utf8)) }) {
        case .success(let node):
            guard let expected = referenceCells(node, questionnaire: questionnaire) else { return }
            invariant(cells == expected, "\(brief(json)) reads as \(brief(cells)), not \(brief(expected))")
        case .failure(let error):
            // Foundation is more lenient than the strict parser (deeper nesting, keys twice, a
            // trailing comma…): what it reads is the fallback's to read.
            let message = (error as? DocumentError)?.message ?? ""
            if (try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil { return }
            invariant(
                cells.allSatisfy { $0 == .none },
                "\(brief(json)) is not JSON (\(message)) but reads as \(brief(cells))")
        }
    }

    /// What a cell may hold for its question.
    static func checkCell(_ cell: AnswerCell, _ question: Question) {
        switch (question.kind, cell) {
        case (_, .none): break
        case (.rating(let scale, _), .rating(let value)):
            invariant((scale.min...scale.max).contains(value), "\(question.id): rating \(value) off the scale")
        case (.rating, .notApplicable), (.text, .text): break
        case (.single(let options), .option(let index)):
            invariant(options.indices.contains(index), "\(question.id): option \(index)")
        case (.multiple(let options, _), .options(let indices)):
            invariant(indices.allSatisfy(options.indices.contains), "\(question.id): options \(indices)")
        default:
            invariant(false, "\(question.id) (\(question.type)) holds \(cell)")
        }
    }

    /// Reads `json` with the scoring's reader into cells that start out dirty, as they do when
    /// a scorecard reuses them from the previous response.
    static func cells(_ json: String, plan: ScoringPlan) -> [AnswerCell] {
        var cells = Array(repeating: AnswerCell.text("previous response"), count: plan.questions.count)
        StoredAnswersReader.read(json, plan: plan, into: &cells)
        return cells
    }

    static func fastPathAccepts(_ json: String) -> Bool {
        var text = json
        return text.withUTF8 { bytes in
            var parser = FlatJSONParser(bytes: bytes)
            return parser.parseObject { _, _ in }
        }
    }

    /// `json` with `"~fallback":{"nested":[1]}` as its first member: the same answers, in a
    /// document the fast path refuses. Nil when `json` does not start with `{`.
    static func withFallbackMember(_ json: String) -> String? {
        let trimmed = json.drop { " \t\n\r".contains($0) }
        guard trimmed.first == "{" else { return nil }
        let body = trimmed.dropFirst()
        let empty = body.drop { " \t\n\r".contains($0) }.first == "}"
        return #"{"~fallback":{"nested":[1]}"# + (empty ? "" : ",") + body
    }

    /// The cells the documented reading gives (docs/scoring.md, Scoring/StoredAnswers.swift):
    /// a whole number on the scale for a rating, "na" for a rating, an option id for a single
    /// choice, a list of strings for a multiple choice (unknown ids dropped), a string for a
    /// text; anything else is no answer. Nil when `node` is not an object.
    static func referenceCells(_ node: DocumentNode, questionnaire: Questionnaire) -> [AnswerCell]? {
        guard case .object(let pairs) = node.value else {
            return Array(repeating: .none, count: questionnaire.questions.count)
        }
        let questions = questionnaire.questions
        var cells = Array(repeating: AnswerCell.none, count: questions.count)
        for (key, value) in pairs {
            guard let index = questions.firstIndex(where: { $0.id == key }) else { continue }
            let question = questions[index]
            let options = question.options.map(\.id)
            switch (question.kind, value.value) {
            case (.rating(let scale, _), .number(let number)):
                if let integer = Int(exactly: number), (scale.min...scale.max).contains(integer) {
                    cells[index] = .rating(integer)
                }
            case (.rating, .string(let text)) where text == AnswerValue.notApplicableToken:
                cells[index] = .notApplicable
            case (.single, .string(let id)):
                if let option = options.firstIndex(of: id) { cells[index] = .option(option) }
            case (.multiple, .array(let items)):
                var strings: [String] = []
                for item in items {
                    guard case .string(let id) = item.value else { break }
                    strings.append(id)
                }
                if strings.count == items.count { cells[index] = .options(strings.compactMap(options.firstIndex)) }
            case (.text, .string(let text)):
                cells[index] = .text(text)
            default:
                break
            }
        }
        return cells
    }

    /// The cells that `answers`, stored, must read back as.
    static func expectedCells(_ answers: [String: AnswerValue], questionnaire: Questionnaire) -> [AnswerCell] {
        questionnaire.questions.map { question in
            let options = question.options.map(\.id)
            switch answers[question.id] {
            case nil: return .none
            case .rating(let value): return .rating(value)
            case .notApplicable: return .notApplicable
            case .option(let id): return options.firstIndex(of: id).map(AnswerCell.option) ?? .none
            case .options(let ids): return .options(ids.compactMap(options.firstIndex))
            case .text(let text): return .text(text)
            }
        }
    }

    /// The stored form: sorted keys, slashes unescaped, as the store's `CanonicalJSONWriter` and
    /// `JSONEncoder` write it.
    static func canonicalAnswers(_ answers: [String: AnswerValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(answers)) ?? Data(), as: UTF8.self)
    }
}
