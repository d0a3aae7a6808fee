import Foundation
import QuestionnaireYAML
import Testing

@testable import MeetingEvalCore

/// Observers at the venues: the rules and the scoring decide from values alone.
@Suite("Observation rules and scoring")
struct ObservationRulesTests {
    static let checklistRef = ChecklistRef(id: "venue-observation", version: 1)

    static func evaluation(groups: [RaterGroup]) -> Evaluation {
        Evaluation(
            id: "ev-obs", slug: "abcdefghijklmnopqrstuv", questionnaireId: "teleconference", questionnaireVersion: 1,
            title: "全省安全生产电视电话会议", meetingType: .teleconference, meetingDate: "2026-11-20",
            venues: ["hefei", "wuhu", "bengbu"].map { Venue(id: $0, name: .plain($0)) }, raterGroups: groups,
            screening: ScreeningSettings(minSeconds: 30, excludeFlagged: true), status: .closed,
            createdAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    static let attendees = RaterGroup(id: "attendees", name: .plain("参会人员"))
    static let observers = RaterGroup(id: "observers", name: .plain("督查员"), observer: true, checklist: checklistRef)

    /// A stored observation of the observer group at `venue`.
    static func observation(_ id: String, venue: String, _ answers: String) -> RecordedResponse {
        RecordedResponse(
            id: id, venue: venue, raterGroup: "observers", answersJSON: answers, startedAt: nil,
            receivedAt: "2026-11-20T02:00:00.000Z", contentDigest: "d-\(id)")
    }

    static func checklist() throws -> Questionnaire {
        let url = ShippedSurveysTests.surveysFolder.appendingPathComponent("venue-observation.yaml")
        return try #require(QuestionnaireSource.read(fileAt: url).questionnaire)
    }

    @Test("an observer group's responses are observations; the survey and the observation each see their own groups")
    func views() {
        let evaluation = Self.evaluation(groups: [Self.attendees, Self.observers])
        #expect(ObservationRules.isObservation(evaluation, raterGroup: "observers"))
        #expect(!ObservationRules.isObservation(evaluation, raterGroup: "attendees"))
        #expect(!ObservationRules.isObservation(evaluation, raterGroup: nil))
        #expect(!ObservationRules.isObservation(evaluation, raterGroup: "nobody"))
        #expect(ObservationRules.checklist(of: evaluation) == Self.checklistRef)
        #expect(evaluation.surveyView.raterGroups.map(\.id) == ["attendees"])
        #expect(evaluation.observationView.raterGroups.map(\.id) == ["observers"])
        #expect(evaluation.observationView.screening == ScreeningSettings())
        let plain = Self.evaluation(groups: [Self.attendees])
        #expect(plain.surveyView == plain)
        #expect(ObservationRules.checklist(of: plain) == nil)
    }

    @Test("checklists are pinned on observer groups only; a group keeps its version, a new one takes the evaluation's")
    func pinning() {
        var fresh = RaterGroup(id: "inspectors", name: .plain("巡查组"), observer: true)
        let latest = ChecklistRef(id: "venue-observation", version: 3)
        let pinned = ObservationRules.pinChecklists([Self.attendees, fresh], current: [], latest: latest)
        #expect(pinned.map(\.checklist) == [nil, latest])
        // The evaluation already answers version 1: a group added later answers it too.
        let added = ObservationRules.pinChecklists(
            [Self.attendees, Self.observers, fresh], current: [Self.attendees, Self.observers], latest: latest)
        #expect(added.map(\.checklist) == [nil, Self.checklistRef, Self.checklistRef])
        // A group no longer marked observer loses its checklist.
        fresh.observer = false
        #expect(ObservationRules.pinChecklists([fresh], current: [], latest: latest).map(\.checklist) == [nil])
    }

    @Test("observers need venues and a stored checklist; their codes are bound to a venue")
    func setup() {
        let issues = ObservationRules.checkSetup(
            venues: [], raterGroups: [Self.attendees, Self.observers], access: .open, checklistFound: false)
        #expect(issues.map(\.path) == Array(repeating: "raterGroups[1].observer", count: 3))
        #expect(issues.map(\.message).contains { $0.contains("set access to 'invitation'") })
        #expect(issues.map(\.message).contains { $0.contains("at least one venue") })
        #expect(issues.map(\.message).contains { $0.contains("venue-observation") })
        #expect(
            ObservationRules.checkSetup(
                venues: [Venue(id: "hefei", name: .plain("合肥"))], raterGroups: [Self.observers], access: .invitation,
                checklistFound: true
            ).isEmpty)
        #expect(
            ObservationRules.checkSetup(venues: [], raterGroups: [Self.attendees], access: .open, checklistFound: false)
                .isEmpty)
        let evaluation = Self.evaluation(groups: [Self.attendees, Self.observers])
        #expect(ObservationRules.checkCodeGroup(evaluation, sent: "observers", bound: nil)?.path == "raterGroup")
        #expect(ObservationRules.checkCodeGroup(evaluation, sent: "observers", bound: "attendees")?.path == "raterGroup")
        #expect(ObservationRules.checkCodeGroup(evaluation, sent: "observers", bound: "observers") == nil)
        #expect(ObservationRules.checkCodeGroup(evaluation, sent: "attendees", bound: nil) == nil)
        #expect(ObservationRules.checkCodeBatch(venue: nil, raterGroup: Self.observers)?.path == "venue")
        #expect(ObservationRules.checkCodeBatch(venue: "hefei", raterGroup: Self.observers) == nil)
        #expect(ObservationRules.checkCodeBatch(venue: nil, raterGroup: nil) == nil)
    }

    @Test("a venue is observed once: a recorded observation refuses the next with observation_exists")
    func once() throws {
        try ObservationRules.checkOnce(existing: nil)
        #expect(throws: ObservationRules.observed) { try ObservationRules.checkOnce(existing: "r-1") }
        #expect(throws: DomainError.self) { try ObservationRules.checkVenue(nil) }
        try ObservationRules.checkVenue("hefei")
    }

    @Test("a time answer is HH:MM on the 24-hour clock")
    func timeFormat() {
        for good in ["00:00", "09:05", "23:59", "12:30"] { #expect(TextFormat.time.accepts(good), "\(good)") }
        for bad in ["9:05", "24:00", "12:60", "12-30", "12:3", "１２:３０", "12:30:00", "", "ab:cd", " 09:05"] {
            #expect(!TextFormat.time.accepts(bad), "\(bad)")
        }
    }

    @Test("`format: time` is read on text questions; elsewhere, or unknown, it is an error with its line")
    func formatInFiles() throws {
        func read(_ extra: String, type: String = "text") -> QuestionnaireReader.Result {
            let options = type == "single" ? "\n        options: [{id: a, text: A, score: 100}, {id: b, text: B, score: 0}]" : ""
            let yaml = """
                id: checklist
                version: 1
                meetingType: other
                locales: [zh]
                title: 督查
                dimensions:
                  - id: d
                    title: D
                    questions:
                      - id: q
                        type: \(type)
                        text: 时间\(options)
                        \(extra)
                """
            return QuestionnaireSource.read(Data(yaml.utf8), format: .yaml)
        }
        let good = read("format: time")
        #expect(good.errors.isEmpty, "\(good.errors.summary)")
        #expect(good.questionnaire?.questions.first?.format == .time)
        let encoded = try CanonicalJSON.string(try #require(good.questionnaire))
        #expect(encoded.contains(#""format":"time""#))
        let unknown = read("format: date")
        #expect(unknown.errors.map(\.path) == ["dimensions[0].questions[0].format"])
        #expect(unknown.errors.first?.line == 13)
        #expect(unknown.errors.first?.message.contains("unknown format 'date'") == true)
        let onChoice = read("format: time", type: "single")
        #expect(onChoice.errors.map(\.message) == ["only text questions take a format"])
    }

    @Test("a time answer is checked by the submission's validator, with the question's path")
    func timeAnswers() throws {
        let checklist = try Self.checklist()
        let evaluation = Self.evaluation(groups: [Self.observers])
        func submit(_ time: String) -> Result<ResponseSubmission, IssueList> {
            let body = #"{"id":"6f1c5a38-0c0e-4c55-9a3b-1d1f0e6a7b21","venue":"hefei","raterGroup":"observers","answers":{"seated":"early","sign-in":"matches","phone-use":"none","left-early":"nobody","faults":"none","seated-at":"\#(time)"}}"#
            return ResponseValidator.validate(
                try! DocumentNode.parseJSON(Data(body.utf8)), evaluation: evaluation, questionnaire: checklist)
        }
        #expect(try submit("08:57").get().answers["seated-at"] == .text("08:57"))
        guard case .failure(let list) = submit("8:57") else {
            Issue.record("8:57 was accepted")
            return
        }
        #expect(list.issues.map(\.path) == ["answers.seated-at"])
        #expect(list.issues.first?.message == TextFormat.time.expectation)
    }

    @Test("the rater-group body reads observer; a wrong type is an issue at its path")
    func request() throws {
        let body = DocumentNode(
            .object([
                ("questionnaire", DocumentNode(.object([("id", DocumentNode(.string("teleconference")))]))),
                ("title", DocumentNode(.string("会议"))), ("meetingDate", DocumentNode(.string("2026-11-20"))),
                (
                    "raterGroups",
                    DocumentNode(
                        .array([
                            DocumentNode(
                                .object([
                                    ("id", DocumentNode(.string("observers"))), ("name", DocumentNode(.string("督查员"))),
                                    ("observer", DocumentNode(.bool(true))),
                                ])),
                            DocumentNode(
                                .object([
                                    ("id", DocumentNode(.string("attendees"))), ("name", DocumentNode(.string("参会人员"))),
                                ])),
                        ])),
                ),
            ]))
        let read = try EvaluationRequest.read(body).get()
        #expect(read.raterGroups.map(\.observer) == [true, false])
        guard case .object(var pairs) = body.value else { return }
        pairs.removeAll { $0.key == "raterGroups" }
        pairs.append(
            (
                "raterGroups",
                DocumentNode(
                    .array([
                        DocumentNode(
                            .object([
                                ("id", DocumentNode(.string("observers"))), ("name", DocumentNode(.string("督查员"))),
                                ("observer", DocumentNode(.string("yes"))),
                            ]))
                    ]))
            ))
        guard case .failure(let list) = EvaluationRequest.read(DocumentNode(.object(pairs))) else {
            Issue.record("a text observer flag was accepted")
            return
        }
        #expect(list.issues.map(\.path) == ["raterGroups[0].observer"])
    }

    @Test("stored rater groups: an attendee group is written as before, an observer group with its checklist")
    func storedForm() throws {
        let written = try CanonicalJSON.string([Self.attendees, Self.observers])
        #expect(
            written
                == #"[{"id":"attendees","name":"参会人员","weight":1},{"checklist":{"id":"venue-observation","version":1},"id":"observers","name":"督查员","observer":true,"weight":1}]"#
        )
        let read = try JSONDecoder().decode([RaterGroup].self, from: Data(written.utf8))
        #expect(read == [Self.attendees, Self.observers])
        let old = try JSONDecoder().decode([RaterGroup].self, from: Data(#"[{"id":"a","name":"A","weight":2}]"#.utf8))
        #expect(old == [RaterGroup(id: "a", name: .plain("A"), weight: 2)])
    }

    @Test("competition ranks, highest first; venues without a score have none")
    func ranks() {
        #expect(ObservationScoring.ranks([80, 95, nil, 80, 60]) == [2, 1, nil, 2, 4])
        #expect(ObservationScoring.ranks([]) == [])
        #expect(ObservationScoring.gap(perception: 88.5, observed: 62.5) == 26)
        #expect(ObservationScoring.gap(perception: 70, observed: 77.25) == -7.25)
        #expect(ObservationScoring.gap(perception: nil, observed: 70) == nil)
    }

    /// The worked example of docs/scoring.md, "Observers at the venues".
    @Test("the worked example: three venues observed, scored by the checklist's weights, ranked, with their gaps")
    func workedExample() throws {
        let checklist = try Self.checklist()
        let evaluation = Self.evaluation(groups: [Self.attendees, Self.observers])
        var scoring = ObservationScoring(checklist: checklist, evaluation: evaluation, exclusions: [:], locale: "zh")
        // 合肥: everything right → 100.
        scoring.add(
            Self.observation(
                "o1", venue: "hefei",
                #"{"faults":"none","left-early":"nobody","phone-use":"none","seated":"early","sign-in":"matches"}"#))
        // 芜湖: seated by the start (50), one or two phones (50), the rest right:
        // 0.30·50 + 0.25·100 + 0.20·50 + 0.15·100 + 0.10·100 = 75.
        scoring.add(
            Self.observation(
                "o2", venue: "wuhu",
                #"{"faults":"none","left-early":"nobody","phone-at":"09:20","phone-use":"few","seated":"by-start","seated-at":"08:58","sign-in":"matches"}"#
            ))
        // 蚌埠: late (0), sign-in differs by 3+ (0), left without leave (0), a brief fault (50), no phones:
        // 0.30·0 + 0.25·0 + 0.20·100 + 0.15·0 + 0.10·50 = 25.
        scoring.add(
            Self.observation(
                "o3", venue: "bengbu",
                #"{"fault-at":"09:41","faults":"brief","left-at":"10:02","left-early":"unexcused","phone-use":"none","seated":"late","sign-in":"major"}"#
            ))
        let perception = [
            Scorecard.VenueScore(id: "hefei", name: "hefei", n: 30, score: 91.2, grade: nil, dimensions: []),
            Scorecard.VenueScore(id: "wuhu", name: "wuhu", n: 25, score: 84, grade: nil, dimensions: []),
            Scorecard.VenueScore(id: "bengbu", name: "bengbu", n: 20, score: 88.75, grade: nil, dimensions: []),
        ]
        let section = scoring.finish(perception: perception)
        #expect(section.venues.map(\.id) == ["hefei", "wuhu", "bengbu"])
        #expect(section.venues.map(\.score) == [100, 75, 25])
        #expect(section.venues.map(\.rank) == [1, 2, 3])
        #expect(section.venues.map(\.gap) == [-8.8, 9, 63.75])
        #expect(section.venues.map(\.grade) == ["优秀", "合格", "较差"])
        #expect(section.received == 3 && section.included == 3)
        let wuhu = try #require(section.venues.first { $0.id == "wuhu" })
        #expect(wuhu.notes.map(\.question) == ["seated-at", "phone-at"])
        #expect(wuhu.notes.map(\.text) == ["08:58", "09:20"])
        #expect(wuhu.notes.first?.label == "最后一人就座的时间")
        #expect(wuhu.dimensions.map(\.score) == [50, 100, 50, 100, 100])
        #expect(section.checklist.id == "venue-observation")
    }

    @Test("an unobserved venue and an excluded observation are unranked and listed after the ranked ones")
    func unobserved() throws {
        let checklist = try Self.checklist()
        let evaluation = Self.evaluation(groups: [Self.observers])
        let exclusion = ManualExclusion(
            responseId: "o2", reason: "observer at the wrong venue", actor: "evaluator",
            at: Date(timeIntervalSince1970: 1_795_150_000))
        var scoring = ObservationScoring(checklist: checklist, evaluation: evaluation, exclusions: ["o2": exclusion], locale: "en")
        for (id, venue) in [("o1", "bengbu"), ("o2", "hefei")] {
            scoring.add(
                Self.observation(
                    id, venue: venue,
                    #"{"faults":"none","left-early":"nobody","phone-use":"none","seated":"by-start","sign-in":"minor"}"#
                ))
        }
        let section = scoring.finish(perception: [])
        #expect(section.venues.map(\.id) == ["bengbu", "hefei", "wuhu"])
        #expect(section.venues.map(\.rank) == [1, nil, nil])
        // 0.30·50 + 0.25·50 + 0.20·100 + 0.15·100 + 0.10·100 = 72.5
        #expect(section.venues.first?.score == 72.5)
        #expect(section.venues.map(\.gap) == [nil, nil, nil])
        #expect(section.received == 2 && section.included == 1)
    }
}
