import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

/// Meeting facts, meeting standards and the facts score (docs/scoring.md §12), from values
/// alone: reading a facts body and a standard file, every quantity, each check and deduction,
/// and the combined index.
@Suite("Meeting facts and standards")
struct MeetingFactsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let t0 = Date(timeIntervalSince1970: 1_795_160_000)

    static func standard(_ file: String) throws -> MeetingStandard {
        let data = try Data(contentsOf: root.appendingPathComponent("Surveys/standards/\(file)"))
        let node = try QuestionnaireSource.parse(data, format: .yaml).get()
        let result = MeetingStandard.read(node)
        #expect(result.issues.isEmpty, "\(file): \(result.issues)")
        return try #require(result.standard)
    }

    static func standard(yaml: String) -> MeetingStandard.Result {
        switch QuestionnaireSource.parse(Data(yaml.utf8), format: .yaml) {
        case .success(let node): return MeetingStandard.read(node)
        case .failure(let list): return MeetingStandard.Result(standard: nil, issues: list.issues)
        }
    }

    static func evaluation(_ type: MeetingType = .teleconference, standard: MeetingStandard? = nil) -> Evaluation {
        Evaluation(
            id: "e1", slug: "slug", questionnaireId: "q", questionnaireVersion: 1, title: "全省视频会议",
            meetingType: type, meetingDate: "2026-11-20",
            venues: [Venue(id: "hefei", name: .plain("合肥分会场")), Venue(id: "wuhu", name: .plain("芜湖分会场"))],
            createdAt: t0, standard: standard)
    }

    static func facts(_ json: String, for evaluation: Evaluation = evaluation()) -> Result<MeetingFacts, IssueList> {
        MeetingFacts.read(try! DocumentNode.parseJSON(Data(json.utf8)), for: evaluation)
    }

    /// The issue's example: a 105-minute video meeting (limit 90) with a 65-minute leader's speech (limit 60).
    static let example = """
        {"plannedStart": "2026-11-20T09:00:00+08:00", "plannedEnd": "2026-11-20T10:30:00+08:00",
         "actualStart": "2026-11-20T09:12:00+08:00", "actualEnd": "2026-11-20T10:57:00+08:00",
         "attendance": [{"venue": "hefei", "expected": 40, "present": 37}],
         "speeches": [{"speaker": "常务副省长", "role": "leader", "minutes": 65}],
         "documents": {"count": 2, "pages": 18}, "mergeable": false, "cost": null}
        """

    @Test("the shipped standards read without a problem and carry the Anhui figures")
    func shippedStandards() throws {
        let anhui = try Self.standard("anhui-2019.yaml")
        #expect(anhui.id == "anhui-2019")
        #expect(anhui.yearlyReduction == 10)
        let limits = Dictionary(uniqueKeysWithValues: anhui.rules.map { ($0.id, $0.limit) })
        #expect(limits["teleconference-duration"] == .max(90))
        #expect(limits["leader-speech"] == .max(60))
        #expect(limits["report-speech"] == .max(8))
        #expect(limits["floor-speech"] == .max(8))
        #expect(anhui.rules.first { $0.id == "teleconference-duration" }?.meetingTypes == [.teleconference])
        #expect(anhui.source.url?.hasPrefix("http") == true)
        let generic = try Self.standard("generic.yaml")
        #expect(generic.rules.contains { $0.measure == .startDelay && $0.limit == .max(5) })
        // The stored definition reads back as the same standard.
        #expect(try MeetingStandard.stored(anhui.definition) == anhui)
    }

    @Test("the issue's example breaks two Anhui rules: 10 + 5 points off, facts score 85")
    func anhuiExample() throws {
        let anhui = try Self.standard("anhui-2019.yaml")
        let facts = try Self.facts(Self.example).get()
        let assessed = FactsScoring.assess(facts, standard: anhui, meetingType: .teleconference, locale: "zh")
        let m = assessed.measured
        #expect(m.plannedMinutes == 90)
        #expect(m.durationMinutes == 105)
        #expect(m.startDelayMinutes == 12)
        #expect(m.overrunMinutes == 27)
        #expect(m.attendanceRate == 92.5)
        // 37 people × 105 minutes = 64.75 person-hours.
        #expect(m.personHours == 64.75)
        #expect(m.cost == nil && m.costPerPersonHour == nil)
        let broken = assessed.checks.filter { $0.passed == false }
        #expect(broken.map(\.rule) == ["teleconference-duration", "leader-speech"])
        // 15 minutes over, 5 points per started 10 minutes: 2 steps = 10; 5 minutes over the hour: 5.
        #expect(broken.map(\.deducted) == [10, 5])
        #expect(broken.map(\.value) == [105, 65])
        #expect(assessed.checks.first { $0.rule == "merge-meetings" }?.passed == true)
        #expect(assessed.deducted == 15)
        #expect(assessed.score == 85)
        #expect(assessed.complete)
        // Combined with a survey overall of 82.37 at 0.7 / 0.3: 0.7 × 82.37 + 0.3 × 85 = 83.159 → 83.16.
        #expect(FactsScoring.combined(survey: 82.37, facts: 85, index: ScoreIndex(survey: 0.7, facts: 0.3)) == 83.16)
        #expect(FactsScoring.combined(survey: nil, facts: 85, index: ScoreIndex(survey: 1, facts: 1)) == nil)
        // The same facts at a plenary session: the video-meeting rule does not apply.
        let plenary = FactsScoring.assess(facts, standard: anhui, meetingType: .plenary, locale: "zh")
        #expect(!plenary.checks.contains { $0.rule == "teleconference-duration" })
        #expect(plenary.score == 95)
    }

    @Test("a deduction per started step stops at its cap; a value on the limit keeps it")
    func deductionSteps() {
        let rule = MeetingStandard.Rule(
            id: "r", title: .plain("r"), meetingTypes: [], measure: .duration, role: nil, limit: .max(90), deduct: 5,
            per: 10, maxDeduct: 20)
        #expect(FactsScoring.deduction(rule, excess: 0) == 0)
        #expect(FactsScoring.deduction(rule, excess: 0.5) == 5)
        #expect(FactsScoring.deduction(rule, excess: 10) == 5)
        #expect(FactsScoring.deduction(rule, excess: 10.01) == 10)
        #expect(FactsScoring.deduction(rule, excess: 500) == 20)
        var flat = rule
        flat.per = nil
        flat.maxDeduct = nil
        #expect(FactsScoring.deduction(flat, excess: 500) == 5)
        #expect(MeetingStandard.Limit.max(90).excess(90) == 0)
        #expect(MeetingStandard.Limit.min(90).excess(85) == 5)
    }

    @Test("deductions never take the facts score below 0; unrecorded facts are not measured and deduct nothing")
    func floorAndMissingFacts() throws {
        let many = (0..<20).map { index in
            "  - {id: r\(index), title: r\(index), measure: duration, max: 1, deduct: 10}"
        }.joined(separator: "\n")
        let strict = try #require(Self.standard(yaml: "kind: standard\nid: strict\ntitle: s\nsource: {citation: c}\nrules:\n\(many)").standard)
        let facts = try Self.facts(Self.example).get()
        #expect(FactsScoring.assess(facts, standard: strict, meetingType: .plenary, locale: "zh").score == 0)
        let anhui = try Self.standard("anhui-2019.yaml")
        let bare = try Self.facts(#"{"attendance": [{"venue": "wuhu", "expected": 10, "present": 10}]}"#).get()
        let assessed = FactsScoring.assess(bare, standard: anhui, meetingType: .teleconference, locale: "en")
        #expect(!assessed.complete)
        #expect(assessed.checks.allSatisfy { $0.passed == nil && $0.deducted == 0 })
        #expect(assessed.score == 100)
        #expect(assessed.checks.first?.title == "A TV or video meeting lasts at most 90 minutes")
        // Without a standard: measured, not checked, no score.
        let unscored = FactsScoring.assess(facts, standard: nil, meetingType: .teleconference, locale: "zh")
        #expect(unscored.checks.isEmpty && unscored.score == nil && unscored.measured.durationMinutes == 105)
    }

    @Test("a facts body with every kind of problem lists each at its path")
    func badFacts() {
        let body = """
            {"plannedStart": "2026-11-20T09:00:00", "plannedEnd": "yesterday",
             "actualStart": "2026-11-20T10:00:00+08:00", "actualEnd": "2026-11-20T09:00:00+08:00",
             "attendance": [{"venue": "beijing", "expected": 0, "present": -1}, {"venue": "hefei", "expected": 5, "present": 1},
                            {"venue": "hefei", "expected": 5, "present": 1}],
             "speeches": [{"speaker": " ", "role": "boss", "minutes": 0}, {"role": "leader"}],
             "documents": {"count": 0, "pages": 3}, "mergeable": "no", "cost": -1, "colour": "red"}
            """
        guard case .failure(let list) = Self.facts(body) else {
            Issue.record("a bad body was accepted")
            return
        }
        let paths = list.issues.map(\.path)
        for path in [
            "plannedStart", "plannedEnd", "actualEnd", "attendance[0].venue", "attendance[0].expected",
            "attendance[0].present", "attendance[2].venue", "speeches[0].speaker", "speeches[0].role",
            "speeches[0].minutes", "speeches[1].speaker", "speeches[1].minutes", "documents.pages", "mergeable",
            "cost",
        ] {
            #expect(paths.contains(path), "no problem at \(path): \(paths)")
        }
        #expect(list.issues.first { $0.path == "attendance[0].venue" }?.message.contains("hefei, wuhu") == true)
        // A body that is not an object, and a start a year from its plan.
        guard case .failure = Self.facts("[]") else {
            Issue.record("a list was accepted")
            return
        }
        guard case .failure(let far) = Self.facts(#"{"plannedStart": "2026-11-20T09:00:00Z", "actualStart": "2027-11-20T09:00:00Z"}"#)
        else {
            Issue.record("a start a year from its plan was accepted")
            return
        }
        #expect(far.issues.map(\.path) == ["actualStart"])
    }

    @Test("a standard file with mistakes names each with its line")
    func badStandard() {
        let result = Self.standard(
            yaml: """
                kind: standard
                id: Bad Id
                title: 规范
                source: {citation: 某规定}
                rules:
                  - id: a
                    title: 太长
                    measure: lenght
                    max: 90
                    deduct: 5
                  - id: a
                    title: 两个限额
                    measure: duration
                    max: 90
                    min: 10
                    deduct: 0
                  - id: c
                    title: 角色
                    measure: duration
                    role: leader
                    max: 5
                    deduct: 5
                    maxDeduct: 10
                """)
        #expect(result.standard == nil)
        let byPath = Dictionary(result.errors.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byPath["id"] != nil)
        #expect(byPath["rules[0].measure"]?.message.contains("duration") == true)
        #expect(byPath["rules[0].measure"]?.line == 8)
        #expect(byPath["rules[1].id"]?.message.contains("duplicate") == true)
        #expect(byPath["rules[1]"]?.message.contains("not both") == true)
        #expect(byPath["rules[1].deduct"] != nil)
        #expect(byPath["rules[2].role"] != nil)
        #expect(byPath["rules[2].maxDeduct"] != nil)
        #expect(Self.standard(yaml: "kind: questionnaire\nid: x\ntitle: x\nsource: {citation: c}\nrules: []").errors.count == 2)
    }

    @Test("recording facts: the same facts change nothing, an archived evaluation refuses, the audit has before and after")
    func recording() throws {
        let facts = try Self.facts(Self.example).get()
        var evaluation = Self.evaluation()
        let change = try #require(try MeetingFacts.change(evaluation, to: facts))
        #expect(change.action == "evaluation.facts")
        #expect(change.detail["before"] == "null")
        #expect(change.detail["after"]?.contains("常务副省长") == true)
        evaluation.facts = facts
        #expect(try MeetingFacts.change(evaluation, to: facts) == nil)
        evaluation.status = .closed
        evaluation.archivedAt = Self.t0
        #expect(throws: DomainError.self) { try MeetingFacts.change(evaluation, to: MeetingFacts()) }
    }

    @Test("an index needs a standard and weights that are not both 0")
    func indexNeedsAStandard() throws {
        func read(_ extra: String) -> [String] {
            let body = #"{"questionnaire": {"id": "q"}, "title": "t", "meetingDate": "2026-11-20"\#(extra)}"#
            switch EvaluationRequest.read(try! DocumentNode.parseJSON(Data(body.utf8))) {
            case .success: return []
            case .failure(let list): return list.issues.map(\.path)
            }
        }
        #expect(read(#", "index": {"survey": 0.7, "facts": 0.3}"#) == ["index"])
        #expect(read(#", "standard": "anhui-2019", "index": {"survey": 0, "facts": 0}"#) == ["index"])
        #expect(read(#", "standard": "anhui-2019", "index": {"survey": -1, "facts": 1}"#) == ["index.survey"])
        #expect(read(#", "standard": "Anhui 2019""#) == ["standard"])
        #expect(read(#", "standard": "anhui-2019", "index": {"survey": 0.7, "facts": 0.3}"#) == [])
    }
}
