import Foundation
import Testing

@testable import MeetingEvalCore

/// Rules the pages show: the one state vocabulary (`Evaluation.phase`), when an evaluation
/// closed, whether attendee links can be opened from a phone, the shared-devices setting, and
/// the text of an `other` option (stored and listed with the comments, never scored).
@Suite("Rules the pages show")
struct PageFacingRulesTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func evaluation(
        _ status: EvaluationStatus, opensIn: TimeInterval? = nil, closesIn: TimeInterval? = nil,
        closedAgo: TimeInterval? = nil
    ) -> Evaluation {
        Evaluation(
            id: "e1", slug: "abcdefghijklmnopqrstuv", questionnaireId: "q", questionnaireVersion: 1, title: "会议",
            meetingType: .teleconference, meetingDate: "2026-11-20",
            opensAt: opensIn.map { now.addingTimeInterval($0) }, closesAt: closesIn.map { now.addingTimeInterval($0) },
            status: status, createdAt: now.addingTimeInterval(-86_400),
            closedAt: closedAgo.map { now.addingTimeInterval(-$0) })
    }

    @Test(
        "the phase names what attendees meet",
        arguments: [
            (evaluation(.draft), Evaluation.Phase.draft),
            (evaluation(.draft, opensIn: 3600), .draft),
            (evaluation(.open, opensIn: 3600), .scheduled),
            (evaluation(.open, opensIn: -3600), .open),
            (evaluation(.open), .open),
            (evaluation(.open, closesIn: 60), .open),
            (evaluation(.open, closesIn: 0), .closed),
            (evaluation(.open, opensIn: -7200, closesIn: -60), .closed),
            (evaluation(.closed, closedAgo: 10), .closed),
            (evaluation(.closed, opensIn: 3600, closedAgo: 10), .closed),
        ])
    func phase(_ evaluation: Evaluation, _ expected: Evaluation.Phase) {
        #expect(evaluation.phase(at: Self.now) == expected)
    }

    @Test("an evaluation closed at the earlier of the organizer's close and the end of its window")
    func closingTime() {
        #expect(Self.evaluation(.closed, closedAgo: 600).closingTime == Self.now.addingTimeInterval(-600))
        #expect(
            Self.evaluation(.closed, closesIn: -3600, closedAgo: 600).closingTime == Self.now.addingTimeInterval(-3600))
        #expect(
            Self.evaluation(.closed, closesIn: 3600, closedAgo: 600).closingTime == Self.now.addingTimeInterval(-600))
        #expect(Self.evaluation(.open, closesIn: -60).closingTime == Self.now.addingTimeInterval(-60))
        #expect(Self.evaluation(.open).closingTime == nil)
    }

    @Test(
        "loopback and link-local addresses are recognised from the URL",
        arguments: [
            ("http://127.0.0.1:8080", AttendeeAddress.Reach.loopback),
            ("http://127.8.9.10", .loopback),
            ("http://localhost:8080", .loopback),
            ("http://LOCALHOST", .loopback),
            ("http://eval.localhost:8080", .loopback),
            ("http://[::1]:8080", .loopback),
            ("http://0.0.0.0:8080", .loopback),
            ("http://[::ffff:127.0.0.1]:80", .loopback),
            ("http://169.254.10.20:8080", .linkLocal),
            ("http://[fe80::1]:8080", .linkLocal),
            ("http://[FEBF::1]", .linkLocal),
            ("http://192.168.1.20:8080", .network),
            ("http://10.0.0.5", .network),
            ("https://eval.example.gov.cn", .network),
            ("https://eval.example.gov.cn/base/path", .network),
            ("http://[2001:db8::1]:8080", .network),
            ("http://user@127.0.0.1:8080/x", .loopback),
            ("not a url", .network),
            ("http://127.0.0.1.example.org", .network),
            ("http://128.0.0.1", .network),
        ])
    func attendeeAddress(_ url: String, _ expected: AttendeeAddress.Reach) {
        #expect(AttendeeAddress.reach(of: url) == expected)
    }

    @Test("an evaluation request carries sharedDevices, and refuses a value that is not true or false")
    func sharedDevices() throws {
        let base = #""questionnaire": {"id": "q"}, "title": "会议", "meetingDate": "2026-11-20""#
        let on = try EvaluationRequest.read(TestDocuments.json("{\(base), \"sharedDevices\": true}")).get()
        #expect(on.sharedDevices)
        let off = try EvaluationRequest.read(TestDocuments.json("{\(base)}")).get()
        #expect(!off.sharedDevices)
        switch EvaluationRequest.read(try TestDocuments.json("{\(base), \"sharedDevices\": \"yes\"}")) {
        case .success: Issue.record("a string was accepted for sharedDevices")
        case .failure(let list): #expect(list.issues.map(\.path) == ["sharedDevices"])
        }
    }

    @Test("an option's 'other' mark is read, written back and survives a round trip")
    func otherOptionRoundTrip() throws {
        let yaml = """
            id: other-check
            version: 1
            locales: [zh]
            title: 检查
            dimensions:
              - id: remarks
                title: 意见
                questions:
                  - id: problems
                    type: multiple
                    text: 问题
                    options:
                      - {id: long, text: 冗长}
                      - {id: other, text: 其他（请注明）, other: true}
            """
        let questionnaire = try #require(TestDocuments.readYAML(yaml).questionnaire)
        #expect(questionnaire.questions[0].options.map(\.other) == [false, true])
        let json = String(decoding: try CanonicalJSON.data(questionnaire), as: UTF8.self)
        #expect(json.contains(#""other":true"#))
        #expect(!json.contains(#""id":"long","other""#))
        let again = try #require(TestDocuments.readJSON(json).questionnaire)
        #expect(again == questionnaire)
    }

    // MARK: The text of an `other` option in the scores

    static let questionnaire = Build.questionnaire([
        Build.dimension(
            "quality", weight: 1,
            [
                Build.rating("overall"),
                Question(
                    id: "needed", text: .plain("needed"),
                    kind: .single([
                        Option(id: "yes", text: .plain("yes"), score: 100),
                        Option(id: "else", text: .plain("else"), score: 50, other: true),
                    ])),
            ]),
        Build.dimension(
            "remarks", weight: nil,
            [
                Question(
                    id: "problems", text: .plain("problems"),
                    kind: .multiple(
                        [
                            Option(id: "long", text: .plain("long")),
                            Option(id: "other", text: .plain("other"), other: true),
                        ],
                        maxSelections: nil), required: false),
                Build.text("why", showIf: ShowIf(question: "needed", options: ["else"])),
            ]),
    ])

    @Test("the text of a chosen 'other' option is a comment with its option, and moves no score")
    func otherTextIsAComment() throws {
        let evaluation = Build.evaluation(for: Self.questionnaire)
        let plain = Build.scorecard(
            Self.questionnaire, evaluation,
            [Build.response("r1", #"{"overall": 4, "needed": "else", "problems": ["other"]}"#)])
        let withText = Build.scorecard(
            Self.questionnaire, evaluation,
            [
                Build.response(
                    "r1",
                    #"{"needed": "else", "needed.other": "合并开", "overall": 4, "problems": ["other"], "problems.other": "空调太冷"}"#
                )
            ])
        #expect(withText.overall.score == plain.overall.score)
        #expect(withText.overall.score == 62.5)
        let withTextProblems = try withText.question("problems")
        let plainProblems = try plain.question("problems")
        #expect(withTextProblems == plainProblems)
        #expect(
            withText.comments == [
                Scorecard.Comment(question: "needed", venue: nil, raterGroup: nil, text: "合并开", option: "else"),
                Scorecard.Comment(question: "problems", venue: nil, raterGroup: nil, text: "空调太冷", option: "other"),
            ])
        #expect(withText.commentCount == 2)
        let json = withText.comments[1].json.serialized()
        #expect(json == #"{"question":"problems","venue":null,"raterGroup":null,"text":"空调太冷","option":"other"}"#)
        #expect(!plain.comments.contains { $0.option != nil })
    }

    @Test("an 'other' text without its option chosen, or of a hidden question, is not collected")
    func otherTextNeedsItsOption() {
        let evaluation = Build.evaluation(for: Self.questionnaire)
        let card = Build.scorecard(
            Self.questionnaire, evaluation,
            [
                // Stored data the validator would refuse: the text without its option.
                Build.response("r1", #"{"overall": 3, "needed": "yes", "needed.other": "x", "problems": ["long"], "problems.other": "y"}"#),
                Build.response("r2", #"{"overall": 3, "needed": "yes", "problems.other": "z"}"#, index: 1),
                Build.response("r3", #"{"overall": 3, "needed": "yes", "problems": ["other"], "problems.other": 5}"#, index: 2),
            ])
        #expect(card.comments.isEmpty)
        #expect(card.commentCount == 0)
    }

    @Test("one response's answers come back as the scores read them")
    func responseAnswers() {
        let cells: [AnswerCell] = [.rating(4), .option(1), .options([1]), .none]
        let options = Self.questionnaire.questions.map(\.options)
        let values = zip(cells, options).map { AnswerValue(cell: $0, options: $1) }
        #expect(values == [.rating(4), .option("else"), .options(["other"]), nil])
        #expect(AnswerValue(cell: .notApplicable, options: []) == .notApplicable)
        #expect(AnswerValue(cell: .options([7]), options: options[2]) == nil)
        #expect(AnswerValue(cell: .option(9), options: options[1]) == nil)
        #expect(AnswerValue(cell: .text("x"), options: []) == .text("x"))
    }
}
