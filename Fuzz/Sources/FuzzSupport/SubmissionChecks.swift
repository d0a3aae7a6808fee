import Foundation

@testable import MeetingEvalCore

/// The submission path of `POST /api/public/evaluations/{slug}/responses`: the body through
/// `DocumentNode.parseJSON`, then `ResponseValidator.validate` against the fixed questionnaire
/// and evaluation, and what must hold of the result.
public enum SubmissionChecks {
    public static func run(_ data: Data) {
        let node: DocumentNode
        do {
            node = try DocumentNode.parseJSON(data)
        } catch {
            invariant(
                error.message.hasPrefix("The body is not valid JSON: ") && error.message.contains("(line "),
                "a parse error without its place: \(error.message)")
            return
        }
        let questionnaire = Fixtures.questionnaire
        let evaluation = Fixtures.evaluation
        switch ResponseValidator.validate(node, evaluation: evaluation, questionnaire: questionnaire) {
        case .failure(let list):
            checkRejection(list.issues, node: node)
        case .success(let submission):
            checkAccepted(submission, questionnaire: questionnaire, evaluation: evaluation)
            checkReplay(submission, questionnaire: questionnaire, evaluation: evaluation)
            checkStoredForm(submission, questionnaire: questionnaire, evaluation: evaluation)
        }
    }

    /// A rejection lists at least one problem, each an error with a path (the whole body, path
    /// "", only when it is not an object; an empty key renders as "" too).
    static func checkRejection(_ issues: [ValidationIssue], node: DocumentNode) {
        invariant(!issues.isEmpty, "rejected without an issue")
        var rootIsObject = false
        var hasEmptyKey = false
        if case .object(let pairs) = node.value {
            rootIsObject = true
            hasEmptyKey = pairs.contains { $0.key.isEmpty }
        }
        for issue in issues {
            invariant(issue.severity == .error, "a warning in a rejection: \(issue)")
            invariant(!issue.message.isEmpty, "an issue without a message: \(issue)")
            invariant(issue.line == nil, "a line number for a JSON body: \(issue)")
            if issue.path.isEmpty {
                invariant(!rootIsObject || hasEmptyKey, "an issue without a path: \(brief(issues))")
            } else {
                invariant(rootIsObject, "a path into a body that is not an object: \(brief(issues))")
            }
        }
    }

    /// What the store may rely on for an accepted submission.
    static func checkAccepted(_ submission: ResponseSubmission, questionnaire: Questionnaire, evaluation: Evaluation) {
        invariant(
            UUID(uuidString: submission.id) != nil && submission.id == submission.id.lowercased(),
            "id \(submission.id)")
        invariant(
            evaluation.venues.contains { $0.id == submission.venue }, "venue \(String(describing: submission.venue))")
        invariant(
            evaluation.raterGroups.contains { $0.id == submission.raterGroup },
            "rater group \(String(describing: submission.raterGroup))")
        if let locale = submission.locale { invariant(questionnaire.locales.contains(locale), "locale \(locale)") }
        if let token = submission.token {
            invariant(!token.isEmpty && token.count <= ResponseValidator.maxTokenLength, "token \(token)")
        }
        if let startedAt = submission.startedAt { checkTimestamp(startedAt) }
        let visible = questionnaire.visibleQuestionIds(answers: submission.answers)
        let hidden = questionnaire.hiddenQuestionIds(answers: submission.answers)
        invariant(
            visible.isDisjoint(with: hidden) && visible.union(hidden) == Set(questionnaire.questions.map(\.id)),
            "visible \(visible.sorted()) and hidden \(hidden.sorted()) do not split the questions")
        for question in questionnaire.questions {
            let answer = submission.answers[question.id]
            if !visible.contains(question.id) {
                invariant(answer == nil, "hidden question \(question.id) answered")
            } else if question.required {
                invariant(answer != nil, "required question \(question.id) unanswered")
            }
            guard let answer else { continue }
            switch (question.kind, answer) {
            case (.rating(let scale, _), .rating(let value)):
                invariant((scale.min...scale.max).contains(value), "\(question.id) = \(value)")
            case (.rating(_, let allowNotApplicable), .notApplicable):
                invariant(allowNotApplicable, "\(question.id) = na")
            case (.single(let options), .option(let id)):
                invariant(options.contains { $0.id == id }, "\(question.id) = \(id)")
            case (.multiple(let options, let maxSelections), .options(let ids)):
                invariant(!ids.isEmpty && Set(ids).count == ids.count, "\(question.id) = \(ids)")
                invariant(ids.allSatisfy { id in options.contains { $0.id == id } }, "\(question.id) = \(ids)")
                invariant(ids.count <= maxSelections ?? options.count, "\(question.id) = \(ids)")
            case (.text(let maxLength), .text(let text)):
                invariant(text.unicodeScalars.count <= maxLength, "\(question.id): \(text.unicodeScalars.count) long")
                invariant(!text.containsControlCharacters(except: "\n\r\t"), "\(question.id): control characters")
                invariant(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(question.id): blank")
            default:
                invariant(false, "\(question.id) (\(question.type)) answered \(answer)")
            }
        }
        for key in submission.answers.keys {
            invariant(questionnaire.question(key) != nil, "answer to unknown question \(key)")
        }
    }

    /// A stored time prints the same after a round trip, and the fast reader of stored times
    /// agrees with Foundation's.
    static func checkTimestamp(_ date: Date) {
        let text = Timestamp.format(date)
        guard let parsed = Timestamp.parse(text) else {
            invariant(false, "Timestamp.format(\(date.timeIntervalSince1970)) = \(text) does not parse")
            return
        }
        invariant(Timestamp.format(parsed) == text, "\(text) reads back as \(Timestamp.format(parsed))")
        let milliseconds = Timestamp.milliseconds(text)
        let expected = Int64((parsed.timeIntervalSince1970 * 1000).rounded())
        invariant(
            milliseconds == expected,
            "Timestamp.milliseconds(\(text)) = \(String(describing: milliseconds)), not \(expected)")
    }

    /// The browser retries with the same body; it must give the same submission.
    static func checkReplay(_ submission: ResponseSubmission, questionnaire: Questionnaire, evaluation: Evaluation) {
        let body = body(of: submission)
        guard let node = try? DocumentNode.parseJSON(body) else {
            invariant(false, "the re-encoded body does not parse: \(String(decoding: body, as: UTF8.self))")
            return
        }
        switch ResponseValidator.validate(node, evaluation: evaluation, questionnaire: questionnaire) {
        case .success(let again):
            invariant(sameSubmission(again, submission), "re-encoded: \(brief(again)) vs \(brief(submission))")
        case .failure(let list):
            invariant(false, "the re-encoded submission is rejected: \(brief(list.issues))")
        }
    }

    /// The stored answers (the canonical JSON the store writes) read back as the answers.
    static func checkStoredForm(_ submission: ResponseSubmission, questionnaire: Questionnaire, evaluation: Evaluation)
    {
        let plan = ScoringPlan(questionnaire: questionnaire, evaluation: evaluation)
        let json = StoredAnswersChecks.canonicalAnswers(submission.answers)
        invariant(StoredAnswersChecks.readerAccepts(json), "the stored-answers reader refuses the canonical form: \(json)")
        let cells = StoredAnswersChecks.cells(json, plan: plan)
        let expected = StoredAnswersChecks.expectedCells(submission.answers, questionnaire: questionnaire)
        invariant(cells == expected, "stored \(json) reads back as \(brief(cells)), not \(brief(expected))")
    }

    /// Equal, comparing start times as stored (milliseconds).
    static func sameSubmission(_ a: ResponseSubmission, _ b: ResponseSubmission) -> Bool {
        var a = a
        var b = b
        let startA = a.startedAt.map(Timestamp.format)
        let startB = b.startedAt.map(Timestamp.format)
        a.startedAt = nil
        b.startedAt = nil
        return a == b && startA == startB
    }

    /// The JSON body the attendee page would send for `submission`.
    public static func body(of submission: ResponseSubmission) -> Data {
        var object: [String: Any] = [
            "id": submission.id, "answers": submission.answers.mapValues(Self.json),
        ]
        if let venue = submission.venue { object["venue"] = venue }
        if let raterGroup = submission.raterGroup { object["raterGroup"] = raterGroup }
        if let locale = submission.locale { object["locale"] = locale }
        if let token = submission.token { object["token"] = token }
        if let startedAt = submission.startedAt { object["startedAt"] = Timestamp.format(startedAt) }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    static func json(_ answer: AnswerValue) -> Any {
        switch answer {
        case .rating(let value): return value
        case .notApplicable: return AnswerValue.notApplicableToken
        case .option(let id): return id
        case .options(let ids): return ids
        case .text(let text): return text
        }
    }
}
