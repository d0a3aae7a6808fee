import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

/// The worked example of docs/scoring.md, built here in the same form as it is printed there
/// (the YAML questionnaire and the table of responses), with every figure of the document
/// asserted. The document's copies of the questionnaire, the table and the scorecard JSON are
/// compared with the ones here, so the two cannot drift apart.
@Suite("Worked example of docs/scoring.md")
struct WorkedExampleTests {
    // MARK: The example, as printed in the document

    static let questionnaireYAML = """
        id: worked-example
        version: 1
        meetingType: teleconference
        locales: [zh, en]
        title: {zh: 电视电话会议质量评估（示例）, en: Teleconference evaluation (example)}
        dimensions:
          - id: preparation
            title: {zh: 会前准备, en: Preparation}
            weight: 40
            questions:
              - id: notice
                type: rating
                text: {zh: 会议通知是否及时、明确, en: "Was the notice timely and clear?"}
                scale: {min: 1, max: 5}
              - id: materials
                type: single
                text: {zh: 会议材料是否充分, en: "Were the materials sufficient?"}
                options:
                  - {id: full, text: {zh: 充分, en: Sufficient}, score: 100}
                  - {id: partial, text: {zh: 基本充分, en: Mostly}, score: 60}
                  - {id: none, text: {zh: 不充分, en: Insufficient}, score: 0}
                  - {id: na, text: {zh: 不适用, en: Not applicable}, notApplicable: true}
          - id: conduct
            title: {zh: 会中组织, en: Conduct}
            weight: 60
            questions:
              - id: punctual
                type: rating
                text: {zh: 会议是否按时开始、按时结束, en: "Did the meeting start and end on time?"}
                scale: {min: 1, max: 5}
                weight: 2
              - id: focus
                type: rating
                text: {zh: 发言是否简短、切中要点, en: "Were the speeches short and to the point?"}
                scale: {min: 1, max: 5}
              - id: worth
                type: rating
                text: {zh: 会议是否值得花费这些时间, en: "Was the meeting worth the time?"}
                scale: {min: 1, max: 5}
          - id: remarks
            title: {zh: 意见建议, en: Remarks}
            questions:
              - id: suggestion
                type: text
                text: {zh: 对改进会议的意见建议, en: "How could the meeting be improved?"}
                required: false

        """

    /// The evaluation: venues, rater groups with weights, expected respondents, screening.
    static let evaluationYAML = """
        venues:
          - {id: main, name: 省政府主会场}
          - {id: hefei, name: 合肥分会场}
        raterGroups:
          - {id: leaders, name: 参会领导, weight: 40}
          - {id: attendees, name: 参会人员, weight: 60}
        expectedRespondents: 10
        screening: {minSeconds: 30, excludeFlagged: true}

        """

    static let responseTable = """
        | response | venue | rater group | seconds | notice | materials | punctual | focus | worth | suggestion |
        |---|---|---|---:|---:|---|---:|---:|---:|---|
        | r1 | main | leaders | 184 | 5 | full | 5 | 4 | 5 | |
        | r2 | main | leaders | 95 | 4 | partial | 4 | 4 | 3 | |
        | r3 | main | attendees | 210 | 4 | full | 5 | 3 | 4 | 少念稿，多讲问题 |
        | r4 | main | attendees | 133 | 3 | na | 4 | 4 | 3 | |
        | r5 | hefei | attendees | 256 | 2 | none | 3 | 2 | 2 | 分会场信号不稳定 |
        | r6 | hefei | attendees | 77 | 5 | partial | 4 | 5 | 4 | |
        | r7 | hefei | attendees | 148 | 4 | full | 5 | 5 | 4 | |
        | r8 | main | attendees | 12 | 5 | full | 5 | 5 | 5 | 很好 |

        """

    // MARK: Building it

    static func questionnaire() throws -> Questionnaire {
        let result = QuestionnaireSource.read(Data(questionnaireYAML.utf8), format: .yaml)
        #expect(result.issues.isEmpty, "\(result.issues.map(\.message))")
        return try #require(result.questionnaire)
    }

    static func evaluation(for questionnaire: Questionnaire) -> Evaluation {
        Evaluation(
            id: "worked-example", slug: "abcdefghijklmnopqrstuv", questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: "全省安全生产电视电话会议", meetingType: .teleconference,
            meetingDate: "2026-11-20",
            venues: [Venue(id: "main", name: .plain("省政府主会场")), Venue(id: "hefei", name: .plain("合肥分会场"))],
            raterGroups: [
                RaterGroup(id: "leaders", name: .plain("参会领导"), weight: 40),
                RaterGroup(id: "attendees", name: .plain("参会人员"), weight: 60),
            ],
            expectedRespondents: 10, screening: ScreeningSettings(minSeconds: 30, excludeFlagged: true),
            status: .closed,
            createdAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    /// The table rows as stored responses: a blank cell is an unanswered question; the
    /// responses arrive one minute apart from 2026-11-20T02:00:00.000Z.
    static func responses() -> [RecordedResponse] {
        let rows = responseTable.split(separator: "\n").dropFirst(2)
        return rows.enumerated().map { index, row in
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            var answers: [String] = []
            for (key, value, isNumber) in [
                ("notice", cells[4], true), ("materials", cells[5], false), ("punctual", cells[6], true),
                ("focus", cells[7], true), ("worth", cells[8], true), ("suggestion", cells[9], false),
            ] where !value.isEmpty {
                answers.append(isNumber ? #""\#(key)":\#(value)"# : #""\#(key)":"\#(value)""#)
            }
            let received = 1_795_140_000_000 + Int64(index) * 60_000
            let seconds = Int64(cells[3])!
            return RecordedResponse(
                id: cells[0], venue: cells[1], raterGroup: cells[2],
                answersJSON: "{" + answers.joined(separator: ",") + "}",
                startedAt: Build.time(milliseconds: received - seconds * 1000),
                receivedAt: Build.time(milliseconds: received),
                contentDigest: "digest-\(cells[0])")
        }
    }

    static func scorecard(_ responses: [RecordedResponse]? = nil) throws -> Scorecard {
        let questionnaire = try questionnaire()
        return Build.scorecard(questionnaire, evaluation(for: questionnaire), responses ?? Self.responses())
    }

    // MARK: The document

    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Scoring
        .deletingLastPathComponent()  // MeetingEvalCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("docs/scoring.md")

    static func document() throws -> String { try String(contentsOf: documentURL, encoding: .utf8) }

    /// The text from `heading` to the next heading of any level.
    static func section(_ heading: String) throws -> Substring {
        let text = try document()
        let start = try #require(text.range(of: "\n" + heading + "\n"), "no '\(heading)' in docs/scoring.md")
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n#")?.lowerBound ?? rest.endIndex
        return rest[..<end]
    }

    /// The first fenced block of `language` after `heading`.
    static func block(_ language: String, after heading: String) throws -> String {
        let text = try document()
        let start = try #require(text.range(of: "\n" + heading + "\n"), "no '\(heading)' in docs/scoring.md")
        let rest = text[start.upperBound...]
        let open = try #require(rest.range(of: "```\(language)\n"), "no \(language) block after '\(heading)'")
        let close = try #require(rest[open.upperBound...].range(of: "\n```"))
        return String(rest[open.upperBound..<close.lowerBound]) + "\n"
    }

    @Test("the document shows this questionnaire, evaluation and table of responses")
    func documentMatches() throws {
        #expect(try Self.block("yaml", after: "### The questionnaire") == Self.questionnaireYAML)
        #expect(try Self.block("yaml", after: "### The evaluation") == Self.evaluationYAML)
        #expect(try Self.section("### The responses").contains(Self.responseTable))
    }

    /// The lines of the included-responses digest, in receipt order (r8 is excluded).
    static let digestLines =
        "r1 digest-r1\nr2 digest-r2\nr3 digest-r3\nr4 digest-r4\nr5 digest-r5\nr6 digest-r6\nr7 digest-r7\n"
    static let digest = "45b22fdbe3d3bb33f05ffaa5224386289d3b4dacd15aff17d2a22c7da2022134"

    @Test("the included-responses digest of the document")
    func includedResponsesDigest() throws {
        let questionnaire = try Self.questionnaire()
        let plan = ScoringPlan(questionnaire: questionnaire, evaluation: Self.evaluation(for: questionnaire))
        var builder = ScorecardBuilder(plan: plan)
        var lines = ""
        for response in Self.responses() where builder.add(response).isIncluded {
            lines += "\(response.id) \(response.contentDigest)\n"
        }
        #expect(lines == Self.digestLines)
        #expect(SHA256Hex.digest(Data(lines.utf8)) == Self.digest)
        #expect(SHA256Hex.digest(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256Hex.digest(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let section = try Self.section("### The included-responses digest of the example")
        #expect(section.contains(Self.digest))
        #expect(
            section.contains(
                "printf '" + Self.digestLines.replacingOccurrences(of: "\n", with: "\\n") + "' | sha256sum"))
    }

    @Test("the scorecard JSON printed in the document is the one the code writes")
    func documentJSON() throws {
        let printed = try Self.block("json", after: "### The scorecard")
        var card = try Self.scorecard()
        // The store sets the digest while it reads the responses (see ScorecardService).
        card.includedResponsesDigest = Self.digest
        // The service adds the findings (§11) once the scorecard is complete.
        card.findings = FindingRules.findings(for: card, questionnaire: try Self.questionnaire())
        #expect(printed == card.json.serialized(indent: 2) + "\n")
    }

    // MARK: Every figure of the document

    @Test("screening and the response counts")
    func responseCounts() throws {
        let card = try Self.scorecard()
        // r8 took 12 s < 30 s → speeder, excluded (excludeFlagged). Its four ratings are all 5, but
        // four is fewer than five: no straightLining flag.
        #expect(card.responses.received == 8)
        #expect(card.responses.included == 7)
        #expect(card.responses.excluded == [.speeder: 1, .straightLining: 0, .manual: 0])
        #expect(card.responses.excludedTotal == 1)
        #expect(card.responses.flagged == [.speeder: 1, .straightLining: 0])
        #expect(card.responses.expected == 10)
        #expect(card.responses.responseRate == 0.8)  // 8/10
        #expect(card.overall.n == 7)
    }

    /// Figures of a scorecard over some of the responses (by id).
    static func scorecard(only ids: Set<String>) throws -> Scorecard {
        try scorecard(responses().filter { ids.contains($0.id) })
    }

    @Test("steps 2–4 per rater group: s(g,q), D(g,d), O(g)")
    func perGroup() throws {
        // leaders r1, r2
        let leaders = try Self.scorecard(only: ["r1", "r2"])
        #expect(leaders.questions.compactMap(\.score) == [87.5, 80, 87.5, 75, 75])
        #expect(leaders.dimensions.map(\.score) == [83.75, 81.25])
        #expect(leaders.overall.score == 82.25)
        // attendees r3–r7 (r8 excluded)
        let attendees = try Self.scorecard(only: ["r3", "r4", "r5", "r6", "r7", "r8"])
        #expect(attendees.questions.compactMap(\.score) == [65, 65, 80, 70, 60])
        #expect(attendees.dimensions.map(\.score) == [65, 72.5])
        #expect(attendees.overall.score == 69.5)
        // The same figures in the full scorecard's rater-group block.
        let card = try Self.scorecard()
        #expect(card.raterGroups.map(\.score) == [82.25, 69.5])
        #expect(card.raterGroups.map { $0.dimensions.map(\.score) } == [[83.75, 81.25], [65, 72.5]])
        #expect(card.raterGroups.map(\.weight) == [0.4, 0.6])
        #expect(card.raterGroups.map(\.appliedWeight) == [0.4, 0.6])
        #expect(card.raterGroups.map(\.n) == [2, 5])
    }

    @Test("step 5: O, D(d), s(q) and the grade")
    func evaluationFigures() throws {
        let card = try Self.scorecard()
        #expect(card.overall.score == 74.6)
        #expect(card.overall.grade == "合格")
        #expect(card.dimensions.map(\.score) == [72.5, 76])
        #expect(card.dimensions.map(\.weight) == [0.4, 0.6])
        #expect(card.questions.map(\.score) == [74, 71, 83, 72, 66, nil])
        #expect(card.questions.map(\.weight) == [0.5, 0.5, 0.5, 0.25, 0.25, nil])
        // The pooled mean of the seven composites would be 509/7 = 72.71, not 74.60.
        let composites = try Self.composites()
        #expect(ScoreRounding.round(composites.values.reduce(0, +) / 7) == 72.71)
    }

    /// Composite of each included response: steps 3–4 on that response alone.
    static func composites() throws -> [String: Double] {
        var result: [String: Double] = [:]
        for id in ["r1", "r2", "r3", "r4", "r5", "r6", "r7"] {
            result[id] = try #require(try scorecard(only: [id]).overall.score)
        }
        return result
    }

    @Test("composites and the 95 % confidence interval")
    func confidenceInterval() throws {
        let composites = try Self.composites()
        #expect(
            composites == [
                "r1": 96.25, "r2": 68.25, "r3": 83.75, "r4": 61.25, "r5": 27.5, "r6": 80.75, "r7": 91.25,
            ])
        // r4's preparation is notice alone (materials n/a): 50
        #expect(try Self.scorecard(only: ["r4"]).dimensions.map(\.score) == [50, 68.75])
        func meanAndVariance(_ values: [Double]) -> (Double, Double) {
            let mean = values.reduce(0, +) / Double(values.count)
            return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
        }
        let (leadersMean, leadersVariance) = meanAndVariance(["r1", "r2"].map { composites[$0]! })
        #expect(leadersMean == 82.25 && leadersVariance == 392)
        let (attendeesMean, attendeesVariance) = meanAndVariance(
            ["r3", "r4", "r5", "r6", "r7"].map { composites[$0]! })
        #expect(isClose(attendeesMean, 68.9) && isClose(attendeesVariance, 658.2375))
        // 0.4²·392/2 + 0.6²·658.2375/5 = 31.36 + 47.3931 = 78.7531
        let variance = 0.16 * leadersVariance / 2 + 0.36 * attendeesVariance / 5
        #expect(isClose(variance, 78.7531))
        // √78.7531 = 8.87429; 1.96·8.87429 = 17.39362
        #expect(ScoreRounding.round(variance.squareRoot(), decimals: 5) == 8.87429)
        #expect(ScoreRounding.round(1.96 * variance.squareRoot(), decimals: 5) == 17.39362)
        // 74.6 ± 17.39362 = [57.20638, 91.99362] → [57.21, 91.99]
        #expect(try Self.scorecard().overall.ci95 == [57.21, 91.99])
    }

    @Test("venues")
    func venues() throws {
        let card = try Self.scorecard()
        // main: leaders r1, r2 → 82.25; attendees r3, r4 → s = 62.5, 100, 87.5, 62.5, 62.5,
        // D = 81.25, 75, O = 77.5; venue O = 0.4·82.25 + 0.6·77.5 = 79.4
        let mainAttendees = try Self.scorecard(only: ["r3", "r4"])
        #expect(mainAttendees.questions.compactMap(\.score) == [62.5, 100, 87.5, 62.5, 62.5])
        #expect(mainAttendees.dimensions.map(\.score) == [81.25, 75])
        #expect(mainAttendees.overall.score == 77.5)
        let main = try card.venue("main")
        #expect(main.n == 4 && main.score == 79.4 && main.grade == "合格")
        #expect(main.dimensions.map(\.score) == [82.25, 77.5])
        // hefei: attendees r5, r6, r7 only → s = 66.67, 53.33, 75, 75, 58.33; D = 60, 70.83; O = 66.5
        let hefeiAttendees = try Self.scorecard(only: ["r5", "r6", "r7"])
        #expect(hefeiAttendees.questions.compactMap(\.score) == [66.67, 53.33, 75, 75, 58.33])
        let hefei = try card.venue("hefei")
        #expect(hefei.n == 3 && hefei.score == 66.5 && hefei.grade == "合格")
        #expect(hefei.dimensions.map(\.score) == [60, 70.83])
    }

    @Test("question statistics")
    func questionStatistics() throws {
        let card = try Self.scorecard()
        #expect(card.questions.map(\.mean) == [71.43, 70, 82.14, 71.43, 64.29, nil])
        #expect(card.questions.map(\.sd) == [26.73, 39.5, 18.9, 26.73, 24.4, nil])
        #expect(card.questions.map(\.n) == [7, 6, 7, 7, 7, 2])
        #expect(card.questions.map(\.notApplicable) == [0, 1, 0, 0, 0, 0])
        #expect(
            card.questions.map(\.distributionPairs) == [
                ["2:1", "3:1", "4:3", "5:2"], ["full:3", "partial:2", "none:1", "na:1"], ["3:1", "4:3", "5:3"],
                ["2:1", "3:1", "4:3", "5:2"], ["2:1", "3:2", "4:3", "5:1"], [],
            ])
        #expect(card.comments.map(\.text) == ["少念稿，多讲问题", "分会场信号不稳定"])
        #expect(card.commentCount == 2)
    }

    @Test("Cronbach's alpha of conduct")
    func alpha() throws {
        let card = try Self.scorecard()
        #expect(try card.dimension("preparation").alpha == nil)  // one rating question
        #expect(try card.dimension("preparation").alphaN == 0)
        #expect(try card.dimension("conduct").alpha == 0.82)
        #expect(try card.dimension("conduct").alphaN == 7)
        #expect(card.dimensions.map(\.n) == [7, 7])
        // By hand: Σx, Σx², SS = Σx² − (Σx)²/7, var = SS/6 for punctual, focus, worth and the totals.
        let items: [[Double]] = [
            [100, 75, 100, 75, 50, 75, 100], [75, 75, 50, 75, 25, 100, 100], [100, 50, 75, 50, 25, 75, 75],
        ]
        let totals = (0..<7).map { row in items.reduce(0) { $0 + $1[row] } }
        #expect(totals == [275, 200, 225, 200, 100, 250, 275])
        func figures(_ values: [Double]) -> (sum: Double, squares: Double, variance: Double) {
            let sum = values.reduce(0, +)
            let squares = values.reduce(0) { $0 + $1 * $1 }
            return (sum, squares, (squares - sum * sum / 7) / 6)
        }
        let punctual = figures(items[0])
        #expect(punctual.sum == 575 && punctual.squares == 49375 && isClose(punctual.variance, 2500.0 / 7))
        let focus = figures(items[1])
        #expect(focus.sum == 500 && focus.squares == 40000 && isClose(focus.variance, 5000.0 / 7))
        let worth = figures(items[2])
        #expect(worth.sum == 450 && worth.squares == 32500 && isClose(worth.variance, 4166.666666666667 / 7))
        let total = figures(totals)
        #expect(total.sum == 1525 && total.squares == 354_375 && isClose(total.variance, 25833.333333333332 / 7))
        // α = 3/2·(1 − (2500 + 5000 + 4166.67)/25833.33) = 3/2·(1 − 14/31) = 51/62 = 0.8226 → 0.82
        let alpha = 1.5 * (1 - (punctual.variance + focus.variance + worth.variance) / total.variance)
        #expect(isClose(alpha, 51.0 / 62))
    }

    // MARK: The field table

    /// Every key path of a JSON value, arrays written as `[]`: `overall.ci95`, `dimensions[].id`.
    static func paths(_ value: Any, prefix: String = "") -> Set<String> {
        var result: Set<String> = []
        if let object = value as? [String: Any] {
            for (key, child) in object {
                // distribution and longestSpeech keys are data (scale points, option ids, speech
                // roles), not fields
                let path = prefix.isEmpty ? key : prefix + "." + key
                result.insert(path)
                if key != "distribution" && key != "longestSpeech" { result.formUnion(paths(child, prefix: path)) }
            }
        } else if let array = value as? [Any] {
            for child in array { result.formUnion(paths(child, prefix: prefix + "[]")) }
        }
        return result
    }

    @Test("the field table of the document lists exactly the fields the JSON writer emits")
    func fieldTable() throws {
        var card = try Self.scorecard(
            // With a manual exclusion, so that the exclusion fields appear.
            Self.responses())
        card.exclusions = [
            ManualExclusion(
                responseId: "r2", reason: "test", actor: "evaluator", at: Date(timeIntervalSince1970: 1_795_150_000))
        ]
        card.exclusionHistory = [
            ExclusionEvent(
                action: .excluded, responseId: "r2", reason: "test", actor: "evaluator",
                at: Date(timeIntervalSince1970: 1_795_150_000))
        ]
        card.includedResponsesDigest = "0000"
        // With the report's extras: an opinion, a previous evaluation and the findings.
        card.evaluation.opinion = EvaluationOpinion(
            text: "组织有序。", author: "evaluator", updatedAt: Date(timeIntervalSince1970: 1_795_200_000))
        card.previous = Scorecard.PreviousEvaluation(
            id: "ev-0", title: "上次会议", meetingDate: "2026-10-20", score: 70, grade: "合格", difference: 5, p: 0.2)
        // With the meeting's facts under a standard with a max and a min rule, and the combined index.
        let standard = MeetingStandard.read(
            try DocumentNode.parseJSON(
                Data(
                    #"{"kind": "standard", "id": "s", "title": "规范", "source": {"citation": "来源", "url": "https://example.org/s"}, "rules": [{"id": "length", "title": "时长", "measure": "duration", "max": 90, "deduct": 5}, {"id": "attendance", "title": "到会率", "measure": "attendanceRate", "min": 90, "deduct": 5}, {"id": "leader", "title": "领导讲话", "measure": "speechMinutes", "role": "leader", "max": 60, "deduct": 5}]}"#
                        .utf8))
        ).standard
        let facts = MeetingFacts(
            actualStart: "2026-11-20T09:00:00+08:00", actualEnd: "2026-11-20T10:45:00+08:00",
            attendance: [.init(venue: "hefei", expected: 40, present: 37)],
            speeches: [.init(speaker: "省长", role: .leader, minutes: 50)], documents: .init(count: 1, pages: 4),
            mergeable: false, replaceable: false, cost: 1000)
        card.meetingFacts = FactsScoring.assess(facts, standard: standard, meetingType: .teleconference, locale: "zh")
        card.combined = Scorecard.Combined(
            score: 80, grade: "良好", index: ScoreIndex(survey: 1, facts: 1), survey: 75, facts: 85)
        card.findings = FindingRules.findings(for: card, questionnaire: try Self.questionnaire())
        // The text given with an `other` option carries its option.
        card.comments.append(
            Scorecard.Comment(question: "materials", venue: nil, raterGroup: nil, text: "其他", option: "other"))
        let json = try JSONSerialization.jsonObject(with: Data(card.json.serialized().utf8))
        let emitted = Self.paths(json)
        let table = try Self.section("## Scorecard JSON fields")
        var documented: Set<String> = []
        for line in table.split(separator: "\n") where line.hasPrefix("| `") {
            let field = line.dropFirst(3).prefix { $0 != "`" }
            documented.insert(String(field))
        }
        #expect(documented.subtracting(emitted).sorted() == [], "documented but not emitted")
        #expect(emitted.subtracting(documented).sorted() == [], "emitted but not documented")
    }
}

/// SHA-256 (FIPS 180-4), hex; enough to check the digest printed in the document without
/// giving the core tests a crypto dependency.
enum SHA256Hex {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func digest(_ data: Data) -> String {
        var message = [UInt8](data)
        let bitLength = UInt64(message.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        var h: [UInt32] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
        ]
        func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        for chunk in stride(from: 0, to: message.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 64)
            for i in 0..<16 {
                let b = message[(chunk + 4 * i)..<(chunk + 4 * i + 4)].map(UInt32.init)
                w[i] = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
            }
            for i in 16..<64 {
                let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let t1 = hh &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, value) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ value }
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }
}
