import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

/// A submission body and what the validator must say about it.
struct SubmissionCase: Sendable, CustomTestStringConvertible {
    enum Setup: Sendable {
        /// Venues hefei and wuhu, rater groups leaders and attendees.
        case withVenues
        /// No venues and no rater groups.
        case plain
    }

    var name: String
    var setup: Setup
    var body: String
    /// Expected issues as (path, message fragment); empty for a valid submission.
    var issues: [(path: String, message: String)]
    /// Expected answers of a valid submission.
    var answers: [String: AnswerValue]

    var testDescription: String { name }

    static let id = "7f0c2b1e-4d3a-4b6e-9c1d-2a3b4c5d6e7f"
    static let validAnswers = #""sound": 4, "picture": 3, "signal": "stable""#

    /// A body for the evaluation with venues, with `answers` as the inside of the answers object.
    static func body(answers: String = validAnswers, extra: String = "") -> String {
        #"{"id": "\#(id)", "venue": "hefei", "raterGroup": "attendees", "answers": {\#(answers)}\#(extra)}"#
    }

    static func invalid(
        _ name: String, answers: String = validAnswers, extra: String = "", setup: Setup = .withVenues,
        _ issues: [(path: String, message: String)]
    ) -> SubmissionCase {
        SubmissionCase(
            name: name, setup: setup, body: body(answers: answers, extra: extra), issues: issues, answers: [:])
    }

    static func invalid(
        _ name: String, body: String, setup: Setup = .withVenues, _ issues: [(path: String, message: String)]
    ) -> SubmissionCase {
        SubmissionCase(name: name, setup: setup, body: body, issues: issues, answers: [:])
    }

    static func valid(
        _ name: String, answers: String, extra: String = "", _ expected: [String: AnswerValue]
    ) -> SubmissionCase {
        SubmissionCase(
            name: name, setup: .withVenues, body: body(answers: answers, extra: extra), issues: [], answers: expected)
    }
}

private let baseAnswers: [String: AnswerValue] = [
    "sound": .rating(4), "picture": .rating(3), "signal": .option("stable"),
]

private func with(_ extra: [String: AnswerValue]) -> [String: AnswerValue] {
    baseAnswers.merging(extra) { $1 }
}

private let validAnswers = SubmissionCase.validAnswers
private let thumbs = "👍🏽"  // two unicode scalars
private let family = "👨‍👩‍👧"  // five unicode scalars, one character

let invalidSubmissions: [SubmissionCase] = [
    // Ratings.
    .invalid(
        "rating given as a string", answers: #""sound": "4", "picture": 3, "signal": "stable""#,
        [("answers.sound", "must be a whole number from 1 to 5, found a string")]),
    .invalid(
        "rating given as a fraction", answers: #""sound": 3.5, "picture": 3, "signal": "stable""#,
        [("answers.sound", "must be a whole number from 1 to 5, found a number")]),
    .invalid(
        "rating given as a boolean", answers: #""sound": true, "picture": 3, "signal": "stable""#,
        [("answers.sound", "found a boolean")]),
    .invalid(
        "rating given as a list", answers: #""sound": [4], "picture": 3, "signal": "stable""#,
        [("answers.sound", "found a list")]),
    .invalid(
        "rating below the scale", answers: #""sound": 0, "picture": 3, "signal": "stable""#,
        [("answers.sound", "0 is outside the scale 1…5")]),
    .invalid(
        "rating above the scale", answers: #""sound": 6, "picture": 3, "signal": "stable""#,
        [("answers.sound", "6 is outside the scale 1…5")]),
    .invalid(
        "a huge rating", answers: #""sound": 1e300, "picture": 3, "signal": "stable""#,
        [("answers.sound", "must be a whole number")]),
    .invalid(
        "\"na\" where it is not allowed", answers: #""sound": "na", "picture": 3, "signal": "stable""#,
        [("answers.sound", "does not allow \"na\"")]),
    .invalid(
        "\"NA\" is not \"na\"", answers: #""sound": 4, "picture": "NA", "signal": "stable""#,
        [("answers.picture", "must be a whole number from 1 to 5 or \"na\", found a string")]),

    // Single choice.
    .invalid(
        "single choice given as a number", answers: #""sound": 4, "picture": 3, "signal": 1"#,
        [("answers.signal", "must be an option id, found a number")]),
    .invalid(
        "single choice given as a list", answers: #""sound": 4, "picture": 3, "signal": ["stable"]"#,
        [("answers.signal", "must be an option id, found a list")]),
    .invalid(
        "unknown option", answers: #""sound": 4, "picture": 3, "signal": "broken""#,
        [("answers.signal", "unknown option 'broken'")]),

    // Multiple choice.
    .invalid(
        "multiple choice given as a string", answers: validAnswers + #", "problems": "other""#,
        [("answers.problems", "must be a list of option ids, found a string")]),
    .invalid(
        "multiple choice with an unknown option", answers: validAnswers + #", "problems": ["other", "nope"]"#,
        [("answers.problems[1]", "not an option of this question")]),
    .invalid(
        "multiple choice with a number", answers: validAnswers + #", "problems": [1]"#,
        [("answers.problems[0]", "not an option of this question")]),
    .invalid(
        "multiple choice with a duplicate", answers: validAnswers + #", "problems": ["other", "other"]"#,
        [("answers.problems[1]", "option 'other' is chosen twice")]),
    .invalid(
        "too many selections", answers: validAnswers + #", "problems": ["too-long", "off-topic", "other"]"#,
        [("answers.problems", "choose at most 2 options")]),
    // The text of an `other` option.
    .invalid(
        "other text without its option chosen",
        answers: validAnswers + #", "problems": ["too-long"], "problems.other": "空调太冷""#,
        [("answers.problems.other", "give this text only with the option 'other' chosen")]),
    .invalid(
        "other text without any answer to its question", answers: validAnswers + #", "problems.other": "空调太冷""#,
        [("answers.problems.other", "give this text only with the option 'other' chosen")]),
    .invalid(
        "other text that is not text", answers: validAnswers + #", "problems": ["other"], "problems.other": 3"#,
        [("answers.problems.other", "must be text, found a number")]),
    .invalid(
        "other text over 200 characters",
        answers: validAnswers + #", "problems": ["other"], "problems.other": "\#(String(repeating: "冷", count: 201))""#,
        [("answers.problems.other", "is 201 characters long; at most 200 are allowed")]),
    .invalid(
        "other text with a control character",
        answers: validAnswers + #", "problems": ["other"], "problems.other": "a\u0007b""#,
        [("answers.problems.other", "must not contain control characters")]),
    .invalid(
        "other text for a question without an other option", answers: validAnswers + #", "signal.other": "x""#,
        [("answers.signal.other", "unknown question 'signal.other'")]),

    // Text.
    .invalid(
        "text given as a number", answers: validAnswers + #", "suggestion": 5"#,
        [("answers.suggestion", "must be text, found a number")]),
    .invalid(
        "text too long in Chinese",
        answers: validAnswers + #", "suggestion": "\#(String(repeating: "会", count: 21))""#,
        [("answers.suggestion", "is 21 characters long; at most 20 are allowed")]),
    .invalid(
        "text too long counted in unicode scalars",
        answers: validAnswers + #", "suggestion": "\#(String(repeating: thumbs, count: 11))""#,
        [("answers.suggestion", "is 22 characters long")]),
    .invalid(
        "a joined emoji counts every scalar",
        answers: validAnswers + #", "suggestion": "\#(String(repeating: family, count: 5))""#,
        [("answers.suggestion", "is 25 characters long")]),
    .invalid(
        "a bell character", answers: validAnswers + #", "suggestion": "a\u0007b""#,
        [("answers.suggestion", "must not contain control characters")]),
    .invalid(
        "a NUL character", answers: validAnswers + #", "suggestion": "a\u0000b""#,
        [("answers.suggestion", "must not contain control characters")]),
    .invalid(
        "an escape character", answers: validAnswers + #", "suggestion": "\u001b[31mred""#,
        [("answers.suggestion", "must not contain control characters")]),
    .invalid(
        "a DEL character", answers: validAnswers + #", "suggestion": "a\u007fb""#,
        [("answers.suggestion", "must not contain control characters")]),

    // Questions.
    .invalid(
        "unknown question id", answers: validAnswers + #", "agenda": 3"#,
        [("answers.agenda", "unknown question 'agenda'")]),
    .invalid(
        "a required rating left out", answers: #""picture": 3, "signal": "stable""#,
        [("answers.sound", "is required")]),
    .invalid(
        "a required rating sent as null", answers: #""sound": null, "picture": 3, "signal": "stable""#,
        [("answers.sound", "is required")]),
    .invalid(
        "every required answer left out", answers: "",
        [("answers.sound", "is required"), ("answers.picture", "is required"), ("answers.signal", "is required")]),
    .invalid(
        "an answer to a hidden question",
        answers: validAnswers + #", "signal-detail": "卡顿""#,
        [("answers.signal-detail", "hidden by the answers given and must not be answered")]),
    .invalid(
        "a shown required question left out", answers: #""sound": 4, "picture": 3, "signal": "unstable""#,
        [("answers.signal-detail", "is required")]),
    .invalid(
        "a follow-up answered while its question is unanswered",
        answers: #""sound": 4, "picture": 3, "signal-detail": "卡顿""#,
        [("answers.signal", "is required"), ("answers.signal-detail", "hidden")]),
    .invalid(
        "a follow-up answered while its question's answer is invalid",
        answers: #""sound": 4, "picture": 3, "signal": "broken", "signal-detail": "卡顿""#,
        [("answers.signal", "unknown option"), ("answers.signal-detail", "hidden")]),

    // The envelope.
    .invalid(
        "id is not a UUID",
        body:
            #"{"id": "abc", "venue": "hefei", "raterGroup": "attendees", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("id", "must be a UUID")]),
    .invalid(
        "id is read as a UUID by a lax scan but not written as one",
        body:
            #"{"id": "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d 3", "venue": "hefei", "raterGroup": "attendees", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("id", "must be a UUID")]),
    .invalid(
        "id is missing",
        body: #"{"venue": "hefei", "raterGroup": "attendees", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("id", "is required")]),
    .invalid(
        "id is a number",
        body: #"{"id": 7, "venue": "hefei", "raterGroup": "attendees", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("id", "must be a string, found a number")]),
    .invalid(
        "venue is missing",
        body:
            #"{"id": "\#(SubmissionCase.id)", "raterGroup": "attendees", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("venue", "is required")]),
    .invalid(
        "rater group is missing",
        body: #"{"id": "\#(SubmissionCase.id)", "venue": "wuhu", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("raterGroup", "is required")]),
    .invalid(
        "unknown venue",
        body:
            #"{"id": "\#(SubmissionCase.id)", "venue": "xian", "raterGroup": "leaders", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("venue", "unknown venue 'xian'")]),
    .invalid(
        "unknown rater group",
        body:
            #"{"id": "\#(SubmissionCase.id)", "venue": "hefei", "raterGroup": "press", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("raterGroup", "unknown rater group 'press'")]),
    .invalid(
        "venue given as a number",
        body:
            #"{"id": "\#(SubmissionCase.id)", "venue": 1, "raterGroup": "leaders", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        [("venue", "must be a string, found a number")]),
    .invalid(
        "a venue for an evaluation without venues",
        body: #"{"id": "\#(SubmissionCase.id)", "venue": "hefei", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        setup: .plain, [("venue", "this evaluation has no venues; leave venue out")]),
    .invalid(
        "a rater group for an evaluation without rater groups",
        body:
            #"{"id": "\#(SubmissionCase.id)", "raterGroup": "leaders", "answers": {\#(SubmissionCase.validAnswers)}}"#,
        setup: .plain, [("raterGroup", "this evaluation has no rater groups")]),
    .invalid("unknown top-level field", extra: #", "extra": 1"#, [("extra", "unknown field 'extra'")]),
    .invalid(
        "startedAt is not a time", extra: #", "startedAt": "yesterday""#, [("startedAt", "must be an ISO 8601 time")]),
    .invalid("startedAt is only a date", extra: #", "startedAt": "2026-11-20""#, [("startedAt", "ISO 8601")]),
    .invalid("startedAt is a number", extra: #", "startedAt": 1763600000"#, [("startedAt", "must be a string")]),
    .invalid("locale not in the questionnaire", extra: #", "locale": "fr""#, [("locale", "must be one of zh, en")]),
    .invalid("an empty token", extra: #", "token": """#, [("token", "invitation code")]),
    .invalid(
        "a token that is too long", extra: #", "token": "\#(String(repeating: "k", count: 65))""#,
        [("token", "at most 64 characters")]),
    .invalid(
        "answers missing",
        body: #"{"id": "\#(SubmissionCase.id)", "venue": "hefei", "raterGroup": "attendees"}"#,
        [("answers", "is required")]),
    .invalid(
        "answers given as a list",
        body: #"{"id": "\#(SubmissionCase.id)", "venue": "hefei", "raterGroup": "attendees", "answers": [4, 3]}"#,
        [("answers", "must be an object, found a list")]),
    .invalid("the body is a list", body: "[]", [("", "must be an object, found a list")]),
    .invalid("the body is a string", body: #""hello""#, [("", "must be an object, found a string")]),
]

let validSubmissions: [SubmissionCase] = [
    .valid("the required answers", answers: SubmissionCase.validAnswers, baseAnswers),
    .valid(
        "\"na\" where it is allowed", answers: #""sound": 4, "picture": "na", "signal": "stable""#,
        with(["picture": .notApplicable])),
    .valid(
        "ratings at both ends of the scale", answers: #""sound": 1, "picture": 5, "signal": "stable""#,
        with(["sound": .rating(1), "picture": .rating(5)])),
    .valid(
        "the not-applicable option", answers: #""sound": 4, "picture": 3, "signal": "unsure""#,
        with(["signal": .option("unsure")])),
    .valid(
        "as many selections as allowed, in the order given",
        answers: validAnswers + #", "problems": ["other", "too-long"]"#,
        with(["problems": .options(["other", "too-long"])])),
    .valid(
        "an empty selection is no answer", answers: validAnswers + #", "problems": []"#, baseAnswers),
    .valid(
        "null is no answer", answers: validAnswers + #", "suggestion": null, "problems": null"#,
        baseAnswers),
    .valid(
        "text with a newline and a tab", answers: validAnswers + #", "suggestion": "第一行\n第二行\t完""#,
        with(["suggestion": .text("第一行\n第二行\t完")])),
    .valid(
        "blank text is no answer", answers: validAnswers + #", "suggestion": "  \n ""#, baseAnswers),
    .valid(
        "text at the length limit in Chinese",
        answers: validAnswers + #", "suggestion": "\#(String(repeating: "会", count: 20))""#,
        with(["suggestion": .text(String(repeating: "会", count: 20))])),
    .valid(
        "text at the length limit in emoji scalars",
        answers: validAnswers + #", "suggestion": "\#(String(repeating: thumbs, count: 10))""#,
        with(["suggestion": .text(String(repeating: thumbs, count: 10))])),
    .valid(
        "text with characters outside the basic plane",
        answers: validAnswers + #", "suggestion": "𠀀𪚥 \ud83d\ude00""#,
        with(["suggestion": .text("𠀀𪚥 😀")])),
    .valid(
        "a shown follow-up", answers: #""sound": 4, "picture": 3, "signal": "unstable", "signal-detail": "多次中断""#,
        with(["signal": .option("unstable"), "signal-detail": .text("多次中断")])),
    .valid(
        "other text with its option chosen",
        answers: validAnswers + #", "problems": ["too-long", "other"], "problems.other": "空调太冷""#,
        with(["problems": .options(["too-long", "other"]), "problems.other": .text("空调太冷")])),
    .valid(
        "blank other text is no answer",
        answers: validAnswers + #", "problems": ["other"], "problems.other": "  ""#,
        with(["problems": .options(["other"])])),
    .valid(
        "a hidden follow-up sent as null", answers: validAnswers + #", "signal-detail": null"#,
        baseAnswers),
    .valid(
        "every optional field", answers: SubmissionCase.validAnswers,
        extra: #", "startedAt": "2026-11-20T09:30:00.250+08:00", "locale": "en", "token": "ab12cd""#, baseAnswers),
]

@Suite("Validating submissions")
struct ResponseValidatorTests {
    static let questionnaire: Questionnaire = {
        guard let text = try? TestDocuments.fixture("attendee-form.yaml"),
            let questionnaire = TestDocuments.readYAML(text).questionnaire
        else { fatalError("Fixtures/attendee-form.yaml does not read") }
        return questionnaire
    }()

    static func evaluation(_ setup: SubmissionCase.Setup) -> Evaluation {
        let withVenues = setup == .withVenues
        return Evaluation(
            id: "e1", slug: "abcdefghijklmnopqrstuv", questionnaireId: "attendee-form", questionnaireVersion: 1,
            title: "全省电视电话会议", meetingType: .teleconference, meetingDate: "2026-11-20",
            venues: withVenues
                ? [Venue(id: "hefei", name: .plain("合肥分会场")), Venue(id: "wuhu", name: .plain("芜湖分会场"))] : [],
            raterGroups: withVenues
                ? [
                    RaterGroup(id: "leaders", name: .plain("领导"), weight: 0.4),
                    RaterGroup(id: "attendees", name: .plain("参会人员"), weight: 0.6),
                ] : [],
            status: .open, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    private func validate(_ body: String, _ setup: SubmissionCase.Setup) throws -> Result<ResponseSubmission, IssueList>
    {
        ResponseValidator.validate(
            try TestDocuments.json(body), evaluation: Self.evaluation(setup), questionnaire: Self.questionnaire,
            now: Self.now)
    }

    /// The server's clock in these tests: the day of the fixtures' meeting.
    static let now = Date(timeIntervalSince1970: 1_795_160_000)

    @Test(
        "a startedAt far outside the server's clock is treated as absent, and said so",
        arguments: ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2030-01-01T00:00:00Z"])
    func implausibleStartIsDropped(_ startedAt: String) throws {
        let result = try validate(
            SubmissionCase.body(extra: #", "startedAt": "\#(startedAt)""#), .withVenues)
        let accepted = try #require(try? result.get())
        #expect(accepted.startedAt == nil)
        #expect(accepted.discardedStartedAt == startedAt)
        let plausible = try #require(
            try? validate(SubmissionCase.body(extra: #", "startedAt": "2026-11-20T09:30:00Z""#), .withVenues).get())
        #expect(plausible.startedAt != nil && plausible.discardedStartedAt == nil)
    }

    @Test("the form fixture is valid")
    func fixtureIsValid() throws {
        let result = TestDocuments.readYAML(try TestDocuments.fixture("attendee-form.yaml"))
        #expect(result.issues.isEmpty, "\(result.issues.summary)")
    }

    @Test("invalid submissions list exactly their problems", arguments: invalidSubmissions)
    func invalid(_ submission: SubmissionCase) throws {
        switch try validate(submission.body, submission.setup) {
        case .success(let accepted):
            Issue.record("accepted: \(accepted)")
        case .failure(let list):
            #expect(list.issues.count == submission.issues.count, "\(list.issues.summary)")
            for (path, message) in submission.issues {
                #expect(
                    list.issues.contains { $0.path == path && $0.message.contains(message) },
                    "no issue at '\(path)' containing '\(message)':\n\(list.issues.summary)")
            }
            #expect(list.issues.allSatisfy { $0.severity == .error && $0.line == nil })
        }
    }

    @Test("valid submissions are accepted with their answers", arguments: validSubmissions)
    func valid(_ submission: SubmissionCase) throws {
        switch try validate(submission.body, submission.setup) {
        case .failure(let list):
            Issue.record("rejected:\n\(list.issues.summary)")
        case .success(let accepted):
            #expect(accepted.answers == submission.answers)
            #expect(accepted.id == SubmissionCase.id)
            #expect(accepted.venue == "hefei")
            #expect(accepted.raterGroup == "attendees")
        }
    }

    @Test("optional fields are carried over")
    func optionalFields() throws {
        let body = SubmissionCase.body(
            extra: #", "startedAt": "2026-11-20T09:30:00.250+08:00", "locale": "en", "token": "ab12cd""#)
        let accepted = try validate(body, .withVenues).get()
        #expect(accepted.startedAt == Date(timeIntervalSince1970: 1_795_138_200.25))
        #expect(accepted.locale == "en")
        #expect(accepted.token == "ab12cd")
    }

    @Test("UUID ids are normalized to lowercase")
    func uuidLowercased() throws {
        let upper = "7F0C2B1E-4D3A-4B6E-9C1D-2A3B4C5D6E7F"
        let body =
            #"{"id": "\#(upper)", "venue": "wuhu", "raterGroup": "leaders", "answers": {\#(SubmissionCase.validAnswers)}}"#
        let accepted = try validate(body, .withVenues).get()
        #expect(accepted.id == upper.lowercased())
        #expect(accepted.venue == "wuhu")
        #expect(accepted.raterGroup == "leaders")
    }

    @Test("an evaluation without venues or rater groups takes neither")
    func plainEvaluation() throws {
        let body = #"{"id": "\#(SubmissionCase.id)", "venue": null, "answers": {\#(SubmissionCase.validAnswers)}}"#
        let accepted = try validate(body, .plain).get()
        #expect(accepted.venue == nil)
        #expect(accepted.raterGroup == nil)
        #expect(accepted.answers == baseAnswers)
    }

    @Test("every problem is listed at once")
    func everyProblemAtOnce() throws {
        let body = """
            {"id": "not-a-uuid", "venue": "xian", "raterGroup": "press", "locale": "fr", "startedAt": "soon",
             "color": "blue",
             "answers": {"sound": "5", "picture": "na", "signal": "stable", "signal-detail": "x",
                         "problems": ["other", "other", "too-long"], "suggestion": "a\\u0001", "agenda": 1}}
            """
        guard case .failure(let list) = try validate(body, .withVenues) else {
            Issue.record("accepted")
            return
        }
        let expected = [
            "color", "id", "venue", "raterGroup", "startedAt", "locale", "answers.sound", "answers.problems[1]",
            "answers.problems", "answers.suggestion", "answers.agenda", "answers.signal-detail",
        ]
        #expect(list.issues.count == expected.count, "\(list.issues.summary)")
        #expect(Set(list.issues.map(\.path)) == Set(expected))
    }

    @Test("visibility follows chained showIf conditions")
    func visibility() {
        let questionnaire = Questionnaire(
            id: "chain", version: 1, meetingType: .other, locales: ["zh"], title: .plain("链"),
            dimensions: [
                Dimension(
                    id: "d", title: .plain("维度"),
                    questions: [
                        Question(
                            id: "a", text: .plain("A"),
                            kind: .single([Option(id: "yes", text: .plain("是")), Option(id: "no", text: .plain("否"))])),
                        Question(
                            id: "b", text: .plain("B"),
                            kind: .multiple(
                                [Option(id: "x", text: .plain("X")), Option(id: "y", text: .plain("Y"))],
                                maxSelections: nil),
                            showIf: ShowIf(question: "a", options: ["yes"])),
                        Question(
                            id: "c", text: .plain("C"), kind: .text(maxLength: 10),
                            showIf: ShowIf(question: "b", options: ["y"])),
                    ])
            ])
        #expect(questionnaire.visibleQuestionIds(answers: [:]) == ["a"])
        #expect(questionnaire.visibleQuestionIds(answers: ["a": .option("yes")]) == ["a", "b"])
        #expect(
            questionnaire.visibleQuestionIds(answers: ["a": .option("yes"), "b": .options(["x", "y"])]) == [
                "a", "b", "c",
            ])
        // Hiding b hides c, even though b's answer would show it.
        #expect(questionnaire.visibleQuestionIds(answers: ["a": .option("no"), "b": .options(["y"])]) == ["a"])
        // What the submission path asks: the hidden ones.
        #expect(questionnaire.hiddenQuestionIds(answers: [:]) == ["b", "c"])
        #expect(questionnaire.hiddenQuestionIds(answers: ["a": .option("yes")]) == ["c"])
        #expect(questionnaire.hiddenQuestionIds(answers: ["a": .option("yes"), "b": .options(["x", "y"])]) == [])
        #expect(questionnaire.hiddenQuestionIds(answers: ["a": .option("no"), "b": .options(["y"])]) == ["b", "c"])
    }
}
