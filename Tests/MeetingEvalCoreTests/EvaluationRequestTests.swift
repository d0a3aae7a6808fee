import Foundation
import MeetingEvalCore
import Testing

/// A create-evaluation body and the problems it must be rejected with.
struct RequestCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: String
    var issues: [(path: String, message: String)]

    init(_ name: String, _ body: String, _ issues: [(path: String, message: String)]) {
        self.name = name
        self.body = body
        self.issues = issues
    }

    /// A minimal valid body with `members` (key and JSON value) replaced or added.
    init(_ name: String, setting members: [(String, String)], _ issues: [(path: String, message: String)]) {
        self.init(name, RequestCase.minimal(members), issues)
    }

    static func minimal(_ overrides: [(String, String)] = []) -> String {
        var members: [(key: String, value: String)] = [
            ("questionnaire", #"{"id": "teleconference"}"#), ("title", #""全省安全生产电视电话会议""#),
            ("meetingDate", #""2026-11-20""#),
        ]
        for (key, value) in overrides {
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = value
            } else {
                members.append((key, value))
            }
        }
        return "{" + members.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    var testDescription: String { name }
}

let invalidRequests: [RequestCase] = [
    RequestCase("client empty", setting: [("client", #""  ""#)], [("client", "must not be empty")]),
    RequestCase("assessor not a string", setting: [("assessor", "5")], [("assessor", "must be a string, found a number")]),
    RequestCase(
        "report number too long", setting: [("reportNumber", "\"" + String(repeating: "x", count: 201) + "\"")],
        [("reportNumber", "must be at most 200 characters")]),
    RequestCase(
        "client with a control character", setting: [("client", #""省\u0007政府""#)],
        [("client", "must not contain control characters")]),
    RequestCase(
        "venue expects nobody", setting: [("venues", #"[{"id": "hefei", "name": "合肥", "expected": 0}]"#)],
        [("venues[0].expected", "must be a positive whole number")]),
    RequestCase(
        "venue expected not a number", setting: [("venues", #"[{"id": "hefei", "name": "合肥", "expected": "ten"}]"#)],
        [("venues[0].expected", "must be a whole number, found a string")]),
    RequestCase(
        "title missing", #"{"questionnaire": {"id": "teleconference"}, "meetingDate": "2026-11-20"}"#,
        [("title", "is required")]),
    RequestCase(
        "meetingDate missing", #"{"questionnaire": {"id": "teleconference"}, "title": "会议"}"#,
        [("meetingDate", "is required")]),
    RequestCase(
        "questionnaire missing", #"{"title": "会议", "meetingDate": "2026-11-20"}"#,
        [("questionnaire", "is required")]),
    RequestCase(
        "questionnaire id missing", #"{"questionnaire": {"version": 2}, "title": "会议", "meetingDate": "2026-11-20"}"#,
        [("questionnaire.id", "is required")]),
    RequestCase(
        "questionnaire given as a string",
        #"{"questionnaire": "teleconference", "title": "会议", "meetingDate": "2026-11-20"}"#,
        [("questionnaire", "must be an object, found a string")]),
    RequestCase(
        "questionnaire version 0",
        #"{"questionnaire": {"id": "teleconference", "version": 0}, "title": "会议", "meetingDate": "2026-11-20"}"#,
        [("questionnaire.version", "must be a positive whole number")]),
    RequestCase(
        "questionnaire version a fraction",
        #"{"questionnaire": {"id": "teleconference", "version": 1.5}, "title": "会议", "meetingDate": "2026-11-20"}"#,
        [("questionnaire.version", "must be a whole number")]),
    RequestCase(
        "an empty body object", "{}",
        [
            ("questionnaire", "is required"), ("title", "is required"), ("meetingDate", "is required"),
        ]),
    RequestCase("a list instead of an object", "[]", [("", "must be an object, found a list")]),
    RequestCase("title blank", setting: [("title", #""   ""#)], [("title", "must not be empty")]),
    RequestCase(
        "title too long", setting: [("title", "\"" + String(repeating: "会", count: 201) + "\"")],
        [("title", "at most 200 characters")]),
    RequestCase(
        "title with a control character", setting: [("title", #""会议\u0007""#)], [("title", "control characters")]),
    RequestCase("title a number", setting: [("title", #"2026"#)], [("title", "must be a string, found a number")]),
    RequestCase(
        "meetingDate 30 February", setting: [("meetingDate", #""2026-02-30""#)], [("meetingDate", "YYYY-MM-DD")]),
    RequestCase(
        "meetingDate 29 February 2100", setting: [("meetingDate", #""2100-02-29""#)], [("meetingDate", "YYYY-MM-DD")]),
    RequestCase("meetingDate month 13", setting: [("meetingDate", #""2026-13-01""#)], [("meetingDate", "YYYY-MM-DD")]),
    RequestCase(
        "meetingDate without padding", setting: [("meetingDate", #""2026-1-5""#)], [("meetingDate", "YYYY-MM-DD")]),
    RequestCase(
        "meetingDate with a time", setting: [("meetingDate", #""2026-11-20T09:00:00Z""#)],
        [("meetingDate", "YYYY-MM-DD")]),
    RequestCase(
        "meetingDate a number", setting: [("meetingDate", #"20261120"#)], [("meetingDate", "must be a string")]),
    RequestCase(
        "unknown meetingType", setting: [("meetingType", #""webinar""#)],
        [("meetingType", "unknown meeting type 'webinar'")]),
    RequestCase(
        "duplicate venue ids",
        setting: [
            (
                "venues",
                #"[{"id": "hefei", "name": "合肥"}, {"id": "wuhu", "name": "芜湖"}, {"id": "hefei", "name": "合肥二"}]"#
            )
        ],
        [("venues[2].id", "duplicate id 'hefei'")]),
    RequestCase(
        "a venue id that is not an id", setting: [("venues", #"[{"id": "He Fei", "name": "合肥"}]"#)],
        [("venues[0].id", "is not a valid id")]),
    RequestCase(
        "a venue without a name", setting: [("venues", #"[{"id": "hefei"}]"#)], [("venues[0].name", "is required")]),
    RequestCase(
        "a venue with a blank name", setting: [("venues", #"[{"id": "hefei", "name": " "}]"#)],
        [("venues[0].name", "must not be empty")]),
    RequestCase(
        "a venue with an empty localized name", setting: [("venues", #"[{"id": "hefei", "name": {}}]"#)],
        [("venues[0].name", "must not be empty")]),
    RequestCase(
        "venues given as a string", setting: [("venues", #""hefei""#)], [("venues", "must be a list, found a string")]),
    RequestCase(
        "a venue given as a string", setting: [("venues", #"["hefei"]"#)], [("venues[0]", "must be an object")]),
    RequestCase(
        "a rater group weight of 0", setting: [("raterGroups", #"[{"id": "leaders", "name": "领导", "weight": 0}]"#)],
        [("raterGroups[0].weight", "must be a positive number")]),
    RequestCase(
        "a negative rater group weight",
        setting: [
            (
                "raterGroups",
                #"[{"id": "leaders", "name": "领导", "weight": 1}, {"id": "public", "name": "群众", "weight": -2}]"#
            )
        ],
        [("raterGroups[1].weight", "must be a positive number")]),
    RequestCase(
        "a rater group weight given as text",
        setting: [("raterGroups", #"[{"id": "leaders", "name": "领导", "weight": "heavy"}]"#)],
        [("raterGroups[0].weight", "must be a number, found a string")]),
    RequestCase(
        "duplicate rater group ids",
        setting: [("raterGroups", #"[{"id": "leaders", "name": "领导"}, {"id": "leaders", "name": "领导二"}]"#)],
        [("raterGroups[1].id", "duplicate id 'leaders'")]),
    RequestCase(
        "closesAt before opensAt",
        setting: [("opensAt", #""2026-11-20T10:00:00+08:00""#), ("closesAt", #""2026-11-20T09:00:00+08:00""#)],
        [("closesAt", "must be later than opensAt")]),
    RequestCase(
        "closesAt equal to opensAt",
        setting: [("opensAt", #""2026-11-20T02:00:00Z""#), ("closesAt", #""2026-11-20T10:00:00+08:00""#)],
        [("closesAt", "must be later than opensAt")]),
    RequestCase("opensAt not a time", setting: [("opensAt", #""tomorrow""#)], [("opensAt", "must be a time")]),
    RequestCase("closesAt a number", setting: [("closesAt", #"1795138200"#)], [("closesAt", "must be a string")]),
    RequestCase(
        "expectedRespondents 0", setting: [("expectedRespondents", #"0"#)],
        [("expectedRespondents", "must be a positive whole number")]),
    RequestCase(
        "expectedRespondents a fraction", setting: [("expectedRespondents", #"12.5"#)],
        [("expectedRespondents", "must be a whole number")]),
    RequestCase(
        "expectedRespondents as text", setting: [("expectedRespondents", #""450""#)],
        [("expectedRespondents", "must be a whole number, found a string")]),
    RequestCase(
        "negative screening.minSeconds", setting: [("screening", #"{"minSeconds": -1}"#)],
        [("screening.minSeconds", "must be between 0 and 86400")]),
    RequestCase(
        "screening.minSeconds over a day", setting: [("screening", #"{"minSeconds": 86401}"#)],
        [("screening.minSeconds", "must be between 0 and 86400")]),
    RequestCase(
        "screening.excludeFlagged as a number", setting: [("screening", #"{"excludeFlagged": 1}"#)],
        [("screening.excludeFlagged", "must be true or false, found a number")]),
    RequestCase(
        "screening given as a boolean", setting: [("screening", #"true"#)], [("screening", "must be an object")]),
    RequestCase(
        "anonymous as text", setting: [("anonymous", #""yes""#)],
        [("anonymous", "must be true or false, found a string")]),
]

@Suite("Reading create-evaluation requests")
struct EvaluationRequestTests {
    private func read(_ body: String) throws -> Result<EvaluationRequest, IssueList> {
        EvaluationRequest.read(try TestDocuments.json(body))
    }

    @Test("a minimal body gets the defaults")
    func minimal() throws {
        let request = try read(RequestCase.minimal()).get()
        #expect(request.questionnaireId == "teleconference")
        #expect(request.questionnaireVersion == nil)
        #expect(request.title == "全省安全生产电视电话会议")
        #expect(request.meetingType == nil)
        #expect(request.meetingDate == "2026-11-20")
        #expect(request.venues.isEmpty)
        #expect(request.raterGroups.isEmpty)
        #expect(request.expectedRespondents == nil)
        #expect(request.opensAt == nil)
        #expect(request.closesAt == nil)
        #expect(request.anonymous == true)
        #expect(request.screening == ScreeningSettings(minSeconds: 0, excludeFlagged: false))
    }

    @Test("a full body is read field by field")
    func full() throws {
        let body = """
            {
              "questionnaire": {"id": "teleconference", "version": 3},
              "title": "  全省安全生产电视电话会议  ",
              "meetingType": "teleconference",
              "meetingDate": "2028-02-29",
              "venues": [{"id": "main", "name": {"zh": "主会场", "en": "Main venue"}}, {"id": "hefei", "name": "合肥分会场"}],
              "raterGroups": [{"id": "leaders", "name": "领导", "weight": 0.3}, {"id": "attendees", "name": "参会人员"}],
              "expectedRespondents": 450,
              "opensAt": "2028-02-29T09:00:00+08:00",
              "closesAt": "2028-02-29T18:00:00.500Z",
              "anonymous": false,
              "screening": {"minSeconds": 30, "excludeFlagged": true},
              "notes": "unknown fields are only warned about"
            }
            """
        let request = try read(body).get()
        #expect(request.questionnaireId == "teleconference")
        #expect(request.questionnaireVersion == 3)
        #expect(request.title == "全省安全生产电视电话会议")
        #expect(request.meetingType == .teleconference)
        #expect(request.meetingDate == "2028-02-29")
        #expect(
            request.venues == [
                Venue(id: "main", name: .localized(["zh": "主会场", "en": "Main venue"])),
                Venue(id: "hefei", name: .plain("合肥分会场")),
            ])
        #expect(
            request.raterGroups == [
                RaterGroup(id: "leaders", name: .plain("领导"), weight: 0.3),
                RaterGroup(id: "attendees", name: .plain("参会人员"), weight: 1),
            ])
        #expect(request.expectedRespondents == 450)
        #expect(request.opensAt == Date(timeIntervalSince1970: 1_835_398_800))
        #expect(request.closesAt == Date(timeIntervalSince1970: 1_835_460_000.5))
        #expect(request.anonymous == false)
        #expect(request.screening == ScreeningSettings(minSeconds: 30, excludeFlagged: true))
    }

    @Test("invalid bodies list exactly their problems", arguments: invalidRequests)
    func invalid(_ request: RequestCase) throws {
        switch try read(request.body) {
        case .success(let accepted):
            Issue.record("accepted: \(accepted)")
        case .failure(let list):
            #expect(list.issues.count == request.issues.count, "\(list.issues.summary)")
            for (path, message) in request.issues {
                #expect(
                    list.issues.contains { $0.path == path && $0.message.contains(message) },
                    "no issue at '\(path)' containing '\(message)':\n\(list.issues.summary)")
            }
        }
    }

    @Test("every problem is listed at once")
    func everyProblemAtOnce() throws {
        let body = """
            {"questionnaire": {"version": -1}, "title": "", "meetingType": "webinar", "meetingDate": "2026-02-30",
             "venues": [{"id": "hefei", "name": "合肥"}, {"id": "hefei", "name": "合肥"}],
             "raterGroups": [{"id": "leaders", "name": "领导", "weight": 0}],
             "expectedRespondents": 0, "opensAt": "2026-11-20T10:00:00Z", "closesAt": "2026-11-20T09:00:00Z",
             "anonymous": "no", "screening": {"minSeconds": -5}}
            """
        guard case .failure(let list) = try read(body) else {
            Issue.record("accepted")
            return
        }
        let expected = [
            "questionnaire.id", "questionnaire.version", "title", "meetingType", "meetingDate", "venues[1].id",
            "raterGroups[0].weight", "expectedRespondents", "closesAt", "anonymous", "screening.minSeconds",
        ]
        #expect(list.issues.count == expected.count, "\(list.issues.summary)")
        #expect(Set(list.issues.map(\.path)) == Set(expected))
    }

    @Test(
        "calendar dates",
        arguments: [
            ("2026-11-20", true), ("2024-02-29", true), ("2000-02-29", true), ("2026-12-31", true),
            ("2026-02-29", false), ("1900-02-29", false), ("2026-04-31", false), ("2026-00-10", false),
            ("2026-01-00", false), ("26-01-01", false), ("2026/01/01", false), ("", false), ("2026-01-01-", false),
        ])
    func calendarDates(_ text: String, _ valid: Bool) {
        #expect(Timestamp.isCalendarDate(text) == valid)
    }

    @Test("a meeting date is four digits, not a signed number")
    func signedYear() throws {
        let result = EvaluationRequest.read(
            try TestDocuments.json(RequestCase.minimal([("meetingDate", #""+202-11-20""#)])))
        #expect(!Timestamp.isCalendarDate("+202-11-20"))
        guard case .failure(let list) = result else {
            Issue.record("accepted")
            return
        }
        #expect(list.issues.map(\.path) == ["meetingDate"])
    }

    @Test(
        "times in ISO 8601",
        arguments: [
            ("2026-11-20T09:30:00Z", 1_795_167_000.0), ("2026-11-20T17:30:00+08:00", 1_795_167_000.0),
            ("2026-11-20T09:30:00.250Z", 1_795_167_000.25),
        ])
    func timestamps(_ text: String, _ seconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(date == Date(timeIntervalSince1970: seconds))
        #expect(Timestamp.parse(Timestamp.format(date)) == date)
    }

    @Test(
        "text that is not a time",
        arguments: ["", "now", "2026-11-20", "2026-11-20 09:30", String(repeating: "9", count: 41)])
    func notTimestamps(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("slugs are long, random and plausible")
    func slugs() {
        let slugs = (0..<200).map { _ in EvaluationCode.randomSlug() }
        #expect(Set(slugs).count == slugs.count)
        #expect(slugs.allSatisfy { $0.count == 22 && EvaluationCode.isPlausibleSlug($0) })
        #expect(!EvaluationCode.isPlausibleSlug("short"))
        #expect(!EvaluationCode.isPlausibleSlug("ABCDEFGHIJKLMNOPQRSTUV"))
        #expect(!EvaluationCode.isPlausibleSlug("abcdefghijklmnop/../x"))
        #expect(!EvaluationCode.isPlausibleSlug(String(repeating: "a", count: 65)))
    }

    @Test("an evaluation accepts responses only while open and inside its window")
    func acceptance() {
        let opens = Date(timeIntervalSince1970: 1_795_160_000)
        let closes = opens.addingTimeInterval(3_600)
        var evaluation = Evaluation(
            id: "e", slug: "abcdefghijklmnopqrstuv", questionnaireId: "q", questionnaireVersion: 1, title: "会议",
            meetingType: .plenary, meetingDate: "2026-11-20", opensAt: opens, closesAt: closes,
            createdAt: opens.addingTimeInterval(-86_400))
        #expect(evaluation.acceptance(at: opens) == .notOpen)
        evaluation.status = .open
        #expect(evaluation.acceptance(at: opens.addingTimeInterval(-1)) == .notYetOpen)
        #expect(evaluation.acceptance(at: opens) == .accepting)
        #expect(evaluation.acceptance(at: closes.addingTimeInterval(-0.001)) == .accepting)
        #expect(evaluation.acceptance(at: closes) == .closed)
        evaluation.status = .closed
        #expect(evaluation.acceptance(at: opens) == .closed)
        #expect(
            DomainError.notAccepting(.notYetOpen)
                == .conflict(DomainError.notAccepting(.notYetOpen).message, code: "not_yet_open"))
    }

    @Test("report settings and venues' expected respondents are read, trimmed")
    func reportSettings() throws {
        let request = try read(
            RequestCase.minimal([
                ("client", #"" 省人民政府办公厅 ""#), ("assessor", #""第三方评估中心""#), ("reportNumber", #""PG-2026-017""#),
                ("venues", #"[{"id": "hefei", "name": "合肥", "expected": 40}, {"id": "wuhu", "name": "芜湖"}]"#),
            ])
        ).get()
        #expect(request.report == ReportSettings(client: "省人民政府办公厅", assessor: "第三方评估中心", reportNumber: "PG-2026-017"))
        #expect(request.venues.map(\.expected) == [40, nil])
        #expect(try read(RequestCase.minimal()).get().report == ReportSettings())
    }
}

extension DomainError {
    fileprivate var message: String {
        if case .conflict(let message, _) = self { return message }
        return ""
    }
}
