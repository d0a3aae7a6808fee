import Foundation

/// Checks a submission body against an evaluation and its questionnaire, listing every problem.
///
/// The attendee page runs the same rules before sending (Web/js/form-logic.js); the two must
/// agree, and the browser tests exercise both.
public enum ResponseValidator {
    public static let maxTokenLength = 64
    static let knownFields: Set<String> = ["id", "venue", "raterGroup", "answers", "startedAt", "locale", "token"]

    /// How far a browser's `startedAt` may lie from the server's clock and still be taken: a
    /// year back (an answer queued offline is sent later) and a day ahead (a phone's clock or
    /// time zone set wrong). A time outside (the year 0 or 9999) says nothing about how long
    /// the attendee took, so it is treated as absent, which the speeder screening skips; the
    /// submission says it was left out (`discardedStartedAt`), and the server counts it.
    public static func plausibleStart(_ start: Date, now: Date) -> Bool {
        start >= now.addingTimeInterval(-366 * 86_400) && start <= now.addingTimeInterval(86_400)
    }

    public static func validate(
        _ node: DocumentNode, evaluation: Evaluation, questionnaire: Questionnaire, now: Date = Date()
    ) -> Result<ResponseSubmission, IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else {
            return .failure(IssueList(issues.errors))
        }
        for key in root.keys where !knownFields.contains(key) {
            issues.error(.root.appending(key), "unknown field '\(key.prefix(64))'")
        }
        var id = root.string("id", required: true)
        if let raw = id {
            if let canonical = canonicalUUID(raw) {
                id = canonical
            } else {
                issues.error(.root.appending("id"), "must be a UUID made once per filled form")
            }
        }
        let venue = readChoice(root, key: "venue", allowed: evaluation.venues.map(\.id), noun: "venue")
        let raterGroup = readChoice(
            root, key: "raterGroup", allowed: evaluation.raterGroups.map(\.id), noun: "rater group")
        var startedAt: Date?
        var discardedStartedAt: String?
        if let text = root.string("startedAt") {
            startedAt = Timestamp.parse(text)
            if startedAt == nil { issues.error(.root.appending("startedAt"), "must be an ISO 8601 time") }
            if let start = startedAt, !plausibleStart(start, now: now) {
                startedAt = nil
                discardedStartedAt = String(text.prefix(64))
            }
        }
        let locale = root.string("locale")
        if let locale, !questionnaire.locales.contains(locale) {
            issues.error(.root.appending("locale"), "must be one of \(questionnaire.locales.joined(separator: ", "))")
        }
        let token = root.string("token")
        if let token, token.isEmpty || token.count > maxTokenLength {
            issues.error(.root.appending("token"), "must be an invitation code of at most \(maxTokenLength) characters")
        }
        let answers = readAnswers(root, questionnaire: questionnaire, issues: issues)
        guard !issues.hasErrors, let id, let answers else { return .failure(IssueList(issues.errors)) }
        var submission = ResponseSubmission(
            id: id, venue: venue, raterGroup: raterGroup, answers: answers, startedAt: startedAt, locale: locale,
            token: token)
        submission.discardedStartedAt = discardedStartedAt
        return .success(submission)
    }

    private static func readChoice(_ root: ObjectReader, key: String, allowed: [String], noun: String) -> String? {
        var path: DocumentPath { DocumentPath.root.appending(key) }
        if allowed.isEmpty {
            if root.has(key) { root.issues.error(path, "this evaluation has no \(noun)s; leave \(key) out") }
            return nil
        }
        guard let value = root.string(key, required: true) else { return nil }
        guard allowed.contains(value) else {
            root.issues.error(path, "unknown \(noun) '\(value.prefix(64))'")
            return nil
        }
        return value
    }

    /// `text` in lower case when it is a UUID written as usual (8-4-4-4-12 hexadecimal digits,
    /// either case), nil otherwise: what `UUID(uuidString:)` accepts, without the formatted scan
    /// and print it costs on every submission.
    static func canonicalUUID(_ text: String) -> String? {
        guard text.utf8.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for (offset, byte) in text.utf8.enumerated() {
            switch (offset, byte) {
            case (8, UInt8(ascii: "-")), (13, UInt8(ascii: "-")), (18, UInt8(ascii: "-")), (23, UInt8(ascii: "-")):
                bytes.append(byte)
            case (8, _), (13, _), (18, _), (23, _):
                return nil
            case (_, UInt8(ascii: "0")...UInt8(ascii: "9")), (_, UInt8(ascii: "a")...UInt8(ascii: "f")):
                bytes.append(byte)
            case (_, UInt8(ascii: "A")...UInt8(ascii: "F")):
                bytes.append(byte | 0x20)
            default:
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func readAnswers(
        _ root: ObjectReader, questionnaire: Questionnaire, issues: IssueCollector
    ) -> [String: AnswerValue]? {
        guard let reader = root.object("answers", required: true) else { return nil }
        var answers: [String: AnswerValue] = [:]
        let keys = reader.keys
        answers.reserveCapacity(keys.count)
        var invalid: Set<String> = []
        // Paths are made only for issues: a valid submission, the common case, needs none.
        var otherTexts: [(key: String, question: Question)] = []
        for key in keys {
            if key.hasSuffix(otherSuffix), let question = questionnaire.question(String(key.dropLast(otherSuffix.count))),
                question.options.contains(where: \.other)
            {
                otherTexts.append((key, question))
                continue
            }
            guard let question = questionnaire.question(key) else {
                issues.error(reader.path.appending(key), "unknown question '\(key.prefix(64))'")
                continue
            }
            guard let node = reader.value(key, required: false) else { continue }  // null: unanswered
            let before = issues.issues.count
            if let answer = readAnswer(node, for: question, at: reader.path.appending(key), issues: issues) {
                answers[key] = answer
            } else if issues.issues.count > before {
                invalid.insert(key)
            }
        }
        for (key, question) in otherTexts {
            readOtherText(reader, key: key, question: question, answers: &answers, issues: issues)
        }
        let hidden = questionnaire.hiddenQuestionIds(answers: answers)
        for dimension in questionnaire.dimensions {
            for question in dimension.questions {
                if hidden.contains(question.id) {
                    if answers[question.id] != nil || answers[Option.otherAnswerKey(question.id)] != nil {
                        issues.error(
                            reader.path.appending(question.id),
                            "this question is hidden by the answers given and must not be answered")
                    }
                } else if question.required, answers[question.id] == nil, !invalid.contains(question.id) {
                    issues.error(reader.path.appending(question.id), "is required")
                }
            }
        }
        return answers
    }

    private static let otherSuffix = Option.otherAnswerKey("")

    /// The text given with an `other` option (`"<question>.other": "…"`): a string of at most
    /// `Option.otherMaxLength` characters, only while that option is chosen; blank is no answer.
    private static func readOtherText(
        _ reader: ObjectReader, key: String, question: Question, answers: inout [String: AnswerValue],
        issues: IssueCollector
    ) {
        guard let node = reader.value(key, required: false) else { return }
        let path = reader.path.appending(key)
        guard case .string(let text) = node.value else {
            issues.error(path, "must be text, found \(node.kindName)")
            return
        }
        let otherIds = question.options.filter(\.other).map(\.id)
        guard answers[question.id]?.chosenOptions.contains(where: otherIds.contains) == true else {
            issues.error(path, "give this text only with the option '\(otherIds.first ?? "")' chosen")
            return
        }
        let length = text.unicodeScalars.count
        if length > Option.otherMaxLength {
            issues.error(path, "is \(length) characters long; at most \(Option.otherMaxLength) are allowed")
            return
        }
        if text.containsControlCharacters(except: "\n\r\t") {
            issues.error(path, "must not contain control characters")
            return
        }
        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { answers[key] = .text(text) }
    }

    private static func readAnswer(
        _ node: DocumentNode, for question: Question, at path: @autoclosure () -> DocumentPath,
        issues: IssueCollector
    ) -> AnswerValue? {
        switch question.kind {
        case .rating(let scale, let allowNotApplicable):
            if case .string(let text) = node.value, text == AnswerValue.notApplicableToken {
                guard allowNotApplicable else {
                    issues.error(path(), "this question does not allow \"na\"")
                    return nil
                }
                return .notApplicable
            }
            guard case .number(let number) = node.value, let value = Int(exactly: number) else {
                issues.error(
                    path(),
                    "must be a whole number from \(scale.min) to \(scale.max)\(allowNotApplicable ? " or \"na\"" : ""), found \(node.kindName)"
                )
                return nil
            }
            guard (scale.min...scale.max).contains(value) else {
                issues.error(path(), "\(value) is outside the scale \(scale.min)…\(scale.max)")
                return nil
            }
            return .rating(value)
        case .single(let options):
            guard case .string(let id) = node.value else {
                issues.error(path(), "must be an option id, found \(node.kindName)")
                return nil
            }
            guard options.contains(where: { $0.id == id }) else {
                issues.error(path(), "unknown option '\(id.prefix(64))'")
                return nil
            }
            return .option(id)
        case .multiple(let options, let maxSelections):
            guard case .array(let items) = node.value else {
                issues.error(path(), "must be a list of option ids, found \(node.kindName)")
                return nil
            }
            var ids: [String] = []
            var failed = false
            for (index, item) in items.enumerated() {
                guard case .string(let id) = item.value, options.contains(where: { $0.id == id }) else {
                    issues.error(path().appending(index), "not an option of this question")
                    failed = true
                    continue
                }
                if ids.contains(id) {
                    issues.error(path().appending(index), "option '\(id)' is chosen twice")
                    failed = true
                }
                ids.append(id)
            }
            if let maxSelections, ids.count > maxSelections {
                issues.error(path(), "choose at most \(maxSelections) options")
                failed = true
            }
            if failed { return nil }
            return ids.isEmpty ? nil : .options(ids)
        case .text(let maxLength):
            guard case .string(let text) = node.value else {
                issues.error(path(), "must be text, found \(node.kindName)")
                return nil
            }
            let length = text.unicodeScalars.count
            if length > maxLength {
                issues.error(path(), "is \(length) characters long; at most \(maxLength) are allowed")
                return nil
            }
            if text.containsControlCharacters(except: "\n\r\t") {
                issues.error(path(), "must not contain control characters")
                return nil
            }
            if let format = question.format, !text.isEmpty, !format.accepts(text) {
                issues.error(path(), format.expectation)
                return nil
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : .text(text)
        }
    }
}
