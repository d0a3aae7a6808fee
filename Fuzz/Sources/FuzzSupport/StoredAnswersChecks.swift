import Foundation

@testable import MeetingEvalCore

/// The stored-answers reader of the scoring (`StoredAnswersReader`: the JSON reader's
/// member-by-member entry point, `JSONDocumentParser.readMembers`), against two references:
/// the same document with a member the reader skips whole put in front, and a reading
/// through the strict tree, `DocumentNode.parseJSON`.
public enum StoredAnswersChecks {
    static let plan = ScoringPlan(questionnaire: Fixtures.questionnaire, evaluation: Fixtures.evaluation)

    public static func run(_ data: Data) {
        // Stored answers are a Swift string (an SQLite TEXT column): always valid UTF-8.
        let json = String(decoding: data, as: UTF8.self)
        let questionnaire = Fixtures.questionnaire
        let cells = cells(json, plan: plan)
        invariant(cells.count == questionnaire.questions.count, "\(cells.count) cells")
        for (question, cell) in zip(questionnaire.questions, cells) { checkCell(cell, question) }

        // A member that is no answer changes nothing.
        if readerAccepts(json), let padded = withSkippedMember(json) {
            let paddedCells = Self.cells(padded, plan: plan)
            invariant(
                cells == paddedCells,
                "a skipped member changes \(brief(json)): \(brief(cells)) vs \(brief(paddedCells))")
        }

        // The member reader agrees with a reading through the tree.
        switch Result(catching: { try DocumentNode.parseJSON(Data(json.utf8)) }) {
        case .success(let node):
            guard let expected = referenceCells(node, questionnaire: questionnaire) else { return }
            invariant(cells == expected, "\(brief(json)) reads as \(brief(cells)), not \(brief(expected))")
        case .failure(let error):
            // The member reader is as strict as the tree, except that it gives a key twice
            // (the last wins) where the tree refuses it.
            let message = (error as? DocumentError)?.message ?? ""
            if message.contains("appears twice") { return }
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

    /// Whether the member reader reads `json` to its end.
    static func readerAccepts(_ json: String) -> Bool {
        (try? JSONDocumentParser.readMembers(of: json) { _, _ in }) != nil
    }

    /// `json` with `"~skipped":{"nested":[1]}` as its first member: the same answers, with a
    /// member the reader reads whole and gives as no answer. Nil when `json` does not start
    /// with `{`.
    static func withSkippedMember(_ json: String) -> String? {
        let trimmed = json.drop { " \t\n\r".contains($0) }
        guard trimmed.first == "{" else { return nil }
        let body = trimmed.dropFirst()
        let empty = body.drop { " \t\n\r".contains($0) }.first == "}"
        return #"{"~skipped":{"nested":[1]}"# + (empty ? "" : ",") + body
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

    /// The stored form: sorted keys, slashes unescaped, as `CanonicalJSONWriter` and
    /// `JSONEncoder` write it.
    static func canonicalAnswers(_ answers: [String: AnswerValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(answers)) ?? Data(), as: UTF8.self)
    }
}
