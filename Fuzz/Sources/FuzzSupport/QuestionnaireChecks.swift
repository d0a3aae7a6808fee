import Foundation
import QuestionnaireYAML

@testable import MeetingEvalCore

/// The questionnaire entry points of the CLI's `validate` and the server's questionnaire POST
/// (`QuestionnaireSource.read` = `QuestionnaireSource.parse` + `QuestionnaireReader.read`, which
/// runs `QuestionnaireValidator`), and what must hold of their result.
public enum QuestionnaireChecks {
    public static func run(_ data: Data, format: QuestionnaireSource.Format) {
        let result = QuestionnaireSource.read(data, format: format)
        checkIssues(result, data: data, format: format)
        guard let questionnaire = result.questionnaire else { return }
        checkRules(questionnaire)
        checkRoundTrip(questionnaire)
        checkScoring(questionnaire)
    }

    /// Accepted exactly when there is no error; every issue says what and where.
    static func checkIssues(_ result: QuestionnaireReader.Result, data: Data, format: QuestionnaireSource.Format) {
        invariant(
            (result.questionnaire == nil) == !result.errors.isEmpty,
            "accepted with errors, or rejected without an error: \(brief(result.issues))")
        // The lines a YAML reader may count: \n, \r, \r\n, NEL, LS, PS.
        let text = String(decoding: data, as: UTF8.self)
        let breaks = text.unicodeScalars.reduce(0) { count, scalar in
            count + ([0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value) ? 1 : 0)
        }
        for issue in result.issues {
            invariant(!issue.message.isEmpty, "an issue without a message: \(issue)")
            // An empty path is the whole document (it cannot be read, or is not an object), and
            // then that is the only issue. The one exception is a top-level key that is itself
            // empty, whose path renders as "" (`DocumentPath` does not quote keys).
            if issue.path.isEmpty, !issue.message.contains("field ''") {
                invariant(
                    issue.severity == .error && result.issues.count == 1,
                    "an issue without a path beside others: \(brief(result.issues))")
            }
            if let line = issue.line {
                invariant(format == .yaml, "a line number for JSON: \(issue)")
                // libyaml puts the end of the stream on a line of its own, after the last
                // line break or not: an error there may point one line past the text.
                invariant(
                    line >= 1 && line <= breaks + 2, "line \(line) outside the text (\(breaks + 1) lines): \(issue)")
            }
        }
    }

    /// The documented rules (docs/questionnaire-format.md, "Validation rules"), restated
    /// independently of the validator, on what it accepted.
    static func checkRules(_ q: Questionnaire) {
        func id(_ text: String, _ what: String) {
            invariant(QuestionnaireValidator.isIdentifier(text), "accepted \(what) id '\(text)'")
        }
        func localized(_ text: LocalizedText?, _ what: String) {
            guard let text else { return }
            switch text {
            case .plain(let value):
                invariant(!value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "empty text at \(what)")
            case .localized(let texts):
                invariant(!(texts[q.defaultLocale]?.isEmpty ?? true), "no default-locale text at \(what): \(texts)")
            }
        }
        id(q.id, "questionnaire")
        invariant(q.version >= 1, "version \(q.version)")
        invariant(!q.locales.isEmpty && Set(q.locales).count == q.locales.count, "locales \(q.locales)")
        invariant(q.locales.allSatisfy(QuestionnaireValidator.isLocaleCode), "locales \(q.locales)")
        localized(q.title, "title")
        localized(q.description, "description")
        invariant(!q.grades.isEmpty && q.grades.last?.min == 0, "grades \(brief(q.grades))")
        for (index, band) in q.grades.enumerated() {
            invariant((0...100).contains(band.min), "grade min \(band.min)")
            if index > 0 { invariant(band.min < q.grades[index - 1].min, "grades do not descend: \(brief(q.grades))") }
            localized(band.label, "grades[\(index)]")
        }
        invariant(!q.dimensions.isEmpty, "no dimension")
        var ids: Set<String> = []
        var earlier: [String: Question] = [:]
        for dimension in q.dimensions {
            id(dimension.id, "dimension")
            invariant(ids.insert(dimension.id).inserted, "duplicate id \(dimension.id)")
            localized(dimension.title, "dimension \(dimension.id)")
            invariant(!dimension.questions.isEmpty, "dimension \(dimension.id) without questions")
            let scored = dimension.questions.filter(\.isScored).count
            if let weight = dimension.weight {
                invariant(weight > 0 && weight.isFinite, "dimension weight \(weight)")
                invariant(scored > 0, "weighted dimension \(dimension.id) without a scored question")
            } else {
                invariant(scored == 0, "unweighted dimension \(dimension.id) with a scored question")
            }
            for question in dimension.questions {
                id(question.id, "question")
                invariant(ids.insert(question.id).inserted, "duplicate id \(question.id)")
                localized(question.text, "question \(question.id)")
                localized(question.description, "question \(question.id) description")
                invariant(question.weight > 0 && question.weight.isFinite, "question weight \(question.weight)")
                switch question.kind {
                case .rating(let scale, _):
                    let span = scale.max.subtractingReportingOverflow(scale.min)
                    invariant(
                        scale.min < scale.max && !span.overflow && span.partialValue <= 10,
                        "scale \(scale.min)…\(scale.max)")
                    for (point, label) in scale.labels {
                        invariant((scale.min...scale.max).contains(point), "label \(point) off the scale")
                        localized(label, "question \(question.id) label \(point)")
                    }
                case .single(let options):
                    checkOptions(options, question, localized)
                    if options.contains(where: { $0.score != nil }) {
                        for option in options {
                            invariant(
                                (option.score != nil) != option.notApplicable,
                                "option \(option.id) of \(question.id): score \(String(describing: option.score)), "
                                    + "not applicable \(option.notApplicable)")
                            if let score = option.score { invariant((0...100).contains(score), "score \(score)") }
                        }
                    }
                case .multiple(let options, let maxSelections):
                    checkOptions(options, question, localized)
                    invariant(options.allSatisfy { $0.score == nil && !$0.notApplicable }, "scored multiple")
                    if let maxSelections {
                        invariant((1...options.count).contains(maxSelections), "maxSelections \(maxSelections)")
                    }
                case .text(let maxLength):
                    invariant((1...10_000).contains(maxLength), "maxLength \(maxLength)")
                }
                if let showIf = question.showIf {
                    let target = earlier[showIf.question]
                    invariant(
                        target?.type == .single || target?.type == .multiple,
                        "showIf of \(question.id) names '\(showIf.question)', not an earlier choice question")
                    let known = Set(target?.options.map(\.id) ?? [])
                    invariant(
                        !showIf.options.isEmpty && showIf.options.allSatisfy(known.contains),
                        "showIf of \(question.id) lists \(showIf.options)")
                }
                earlier[question.id] = question
            }
        }
    }

    private static func checkOptions(
        _ options: [Option], _ question: Question, _ localized: (LocalizedText?, String) -> Void
    ) {
        invariant(options.count >= 2, "\(question.id) has \(options.count) options")
        invariant(Set(options.map(\.id)).count == options.count, "duplicate option ids in \(question.id)")
        for option in options {
            invariant(QuestionnaireValidator.isIdentifier(option.id), "option id '\(option.id)'")
            localized(option.text, "option \(option.id) of \(question.id)")
        }
    }

    /// The normalized JSON that is stored and served reads back as the same questionnaire, and
    /// writes the same bytes again.
    static func checkRoundTrip(_ questionnaire: Questionnaire) {
        let json = questionnaire.canonicalJSON()
        invariant(!json.isEmpty, "canonicalJSON() is empty")
        let again = QuestionnaireSource.read(json, format: .json)
        invariant(
            again.questionnaire == questionnaire,
            "canonical JSON reads back differently: \(brief(again.errors)) "
                + brief(String(decoding: json, as: UTF8.self)))
        invariant(again.errors.isEmpty, "canonical JSON has errors: \(brief(again.errors))")
        if let reread = again.questionnaire {
            invariant(reread.canonicalJSON() == json, "canonical JSON is not stable")
        }
    }

    /// An accepted questionnaire can be planned, answered and scored: simulated responses pass
    /// the answer validator, read back from their stored form, and give scores in 0…100.
    static func checkScoring(_ questionnaire: Questionnaire) {
        let evaluation = Fixtures.evaluation(for: questionnaire)
        let plan = ScoringPlan(questionnaire: questionnaire, evaluation: evaluation)
        var simulator = ResponseSimulator(questionnaire: questionnaire, evaluation: evaluation, seed: 20_261_120)
        var builder = ScorecardBuilder(plan: plan)
        let sentAt = Date(timeIntervalSince1970: 1_795_100_000)
        for index in 0..<3 {
            let simulated = simulator.next(sentAt: sentAt)
            let submission = simulated.submission
            let body = SubmissionChecks.body(of: submission)
            let node: DocumentNode
            do {
                node = try DocumentNode.parseJSON(body)
            } catch {
                invariant(false, "a simulated submission's JSON does not parse: \(error.message)")
                return
            }
            switch ResponseValidator.validate(node, evaluation: evaluation, questionnaire: questionnaire) {
            case .success(let valid):
                invariant(
                    SubmissionChecks.sameSubmission(valid, submission),
                    "a simulated submission reads back differently: \(brief(valid)) vs \(brief(submission))")
            case .failure(let list):
                invariant(false, "a simulated submission is invalid: \(brief(list.issues)) \(brief(submission))")
            }
            let answers = StoredAnswersChecks.canonicalAnswers(submission.answers)
            let cells = StoredAnswersChecks.cells(answers, plan: plan)
            invariant(
                cells == StoredAnswersChecks.expectedCells(submission.answers, questionnaire: questionnaire),
                "stored answers read back differently: \(answers) → \(brief(cells))")
            builder.add(
                RecordedResponse(
                    id: submission.id, venue: submission.venue, raterGroup: submission.raterGroup,
                    answersJSON: answers, startedAt: submission.startedAt.map(Timestamp.format),
                    receivedAt: Timestamp.format(sentAt), locale: submission.locale, contentDigest: "digest-\(index)"))
        }
        let card = builder.finish(generatedAt: sentAt)
        func score(_ value: Double?, _ what: String) {
            guard let value else { return }
            invariant(value.isFinite && value >= 0 && value <= 100, "\(what) score \(value)")
        }
        score(card.overall.score, "overall")
        for dimension in card.dimensions { score(dimension.score, "dimension \(dimension.id)") }
        for question in card.questions { score(question.score, "question \(question.id)") }
        for group in card.raterGroups { score(group.score, "rater group \(group.id)") }
        for venue in card.venues { score(venue.score, "venue \(venue.id)") }
        let json = card.json.serialized()
        invariant((try? DocumentNode.parseJSON(Data(json.utf8))) != nil, "the scorecard JSON does not parse")
    }
}
