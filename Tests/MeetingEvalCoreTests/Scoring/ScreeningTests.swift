import Foundation
import Testing

@testable import MeetingEvalCore

/// Screening (BRIEF "Screening"): speeder and straightLining flags, excludeFlagged, manual
/// exclusions, the counts of the `responses` block and the response rate.
@Suite("Screening")
struct ScreeningTests {
    /// Six 1–5 rating questions, "na" allowed, all optional, in one dimension.
    static let questionnaire = Build.questionnaire([
        Build.dimension(
            "conduct", weight: 1,
            (1...6).map { Build.rating("r\($0)", notApplicable: true, required: false) })
    ])

    /// `answers` lists r1…r6 in order; nil leaves the question unanswered, "na" is not applicable.
    static func response(_ id: String, _ answers: [Any?], seconds: Double?, index: Int) -> RecordedResponse {
        let pairs = answers.enumerated().compactMap { position, value -> String? in
            switch value {
            case let number as Int: return #""r\#(position + 1)":\#(number)"#
            case let text as String: return #""r\#(position + 1)":"\#(text)""#
            default: return nil
            }
        }
        return Build.response(id, "{" + pairs.joined(separator: ",") + "}", seconds: seconds, index: index)
    }

    /// The twelve responses (minSeconds 60):
    static let responses: [RecordedResponse] = [
        // a: six 5s → straightLining
        response("a", [5, 5, 5, 5, 5, 5], seconds: 120, index: 0),
        // b: four 4s, two unanswered → not flagged (only 4 rating answers)
        response("b", [4, 4, 4, 4, nil, nil], seconds: 120, index: 1),
        // c: five 2s and one "na" → straightLining ("na" is no value; five values remain, all equal)
        response("c", [2, 2, 2, 2, 2, "na"], seconds: 120, index: 2),
        // d: four 3s and two "na" → not flagged (4 values)
        response("d", [3, 3, 3, 3, "na", "na"], seconds: 120, index: 3),
        // e: 30 s → speeder
        response("e", [1, 2, 3, 4, 5, 4], seconds: 30, index: 4),
        // f: exactly 60 s → not a speeder ("fewer seconds than minSeconds")
        response("f", [2, 3, 4, 5, 4, 3], seconds: 60, index: 5),
        // g: 59.999 s → speeder
        response("g", [3, 4, 5, 4, 3, 2], seconds: 59.999, index: 6),
        // h: six 3s in 10 s → speeder and straightLining
        response("h", [3, 3, 3, 3, 3, 3], seconds: 10, index: 7),
        // i: no start time → never a speeder
        response("i", [4, 5, 4, 5, 4, 5], seconds: nil, index: 8),
        // j: excluded by hand
        response("j", [5, 4, 5, 4, 5, 4], seconds: 120, index: 9),
        // k: excluded by hand, and a speeder (20 s)
        response("k", [1, 2, 1, 2, 1, 2], seconds: 20, index: 10),
        // l: five 5s and one 4 → not straight-lining
        response("l", [5, 5, 5, 5, 4, 5], seconds: 120, index: 11),
    ]

    static let exclusions = [
        Build.exclusion("j", reason: "same device as response i"), Build.exclusion("k", reason: "test submission"),
    ]

    static func run(excludeFlagged: Bool, minSeconds: Double = 60) -> (Scorecard, [String: ResponseAssessor.Assessment])
    {
        let evaluation = Build.evaluation(
            for: questionnaire, expected: 13, minSeconds: minSeconds, excludeFlagged: excludeFlagged)
        let plan = ScoringPlan(questionnaire: questionnaire, evaluation: evaluation)
        var builder = ScorecardBuilder(
            plan: plan, exclusions: Dictionary(uniqueKeysWithValues: exclusions.map { ($0.responseId, $0) }))
        var assessments: [String: ResponseAssessor.Assessment] = [:]
        for response in responses { assessments[response.id] = builder.add(response) }
        return (builder.finish(manualExclusions: exclusions, generatedAt: Build.generatedAt), assessments)
    }

    @Test("speeder and straightLining flags")
    func flags() throws {
        let (_, assessments) = Self.run(excludeFlagged: false)
        let expected: [String: ScreeningFlags] = [
            "a": .straightLining, "b": [], "c": .straightLining, "d": [], "e": .speeder, "f": [], "g": .speeder,
            "h": [.speeder, .straightLining], "i": [], "j": [], "k": .speeder, "l": [],
        ]
        for (id, flags) in expected {
            #expect(assessments[id]?.flags == flags, "response \(id)")
        }
        #expect(assessments["g"]?.seconds == 59.999)
        #expect(assessments["f"]?.seconds == 60)
        #expect(assessments["i"]?.seconds == nil)
        // minSeconds 0 turns the speeder check off.
        let (_, unchecked) = Self.run(excludeFlagged: false, minSeconds: 0)
        #expect(unchecked["h"]?.flags == .straightLining)
        #expect(unchecked["e"]?.flags == [])
    }

    @Test("excludeFlagged false: flags reported, only manual exclusions left out")
    func flagsReportedNotExcluded() throws {
        let (card, assessments) = Self.run(excludeFlagged: false)
        #expect(card.responses.received == 12)
        #expect(card.responses.included == 10)
        #expect(card.responses.excluded == [.speeder: 0, .straightLining: 0, .manual: 2])
        #expect(card.responses.excludedTotal == 2)
        // speeder: e, g, h, k; straightLining: a, c, h — k is excluded by hand, its flag still counts.
        #expect(card.responses.flagged == [.speeder: 4, .straightLining: 3])
        #expect(assessments["k"]?.exclusionReasons == [.manual])
        #expect(assessments["h"]?.isIncluded == true)
        // Included: a, b, c, d, e, f, g, h, i, l. s(rq) over them (scores 0/25/50/75/100):
        //   r1: 100+75+25+50+0+25+50+50+75+100 = 550/10 = 55
        //   r2: 100+75+25+50+25+50+75+50+100+100 = 650/10 = 65
        //   r3: 100+75+25+50+50+75+100+50+75+100 = 700/10 = 70
        //   r4: 100+75+25+50+75+100+75+50+100+100 = 750/10 = 75
        //   r5: a 100, c 25, e 100, f 75, g 50, h 50, i 75, l 75 (b unanswered, d n/a) = 550/8 = 68.75
        //   r6: a 100, e 75, f 50, g 25, h 50, i 100, l 100 (b unanswered, c and d n/a) = 500/7 = 71.4286
        //   D = O = (55 + 65 + 70 + 75 + 68.75 + 71.4286)/6 = 405.1786/6 = 67.5298 → 67.53
        #expect(card.overall.score == 67.53)
        // response rate = received/expected = 12/13 = 0.923077 → 0.9231
        #expect(card.responses.expected == 13)
        #expect(card.responses.responseRate == 0.9231)
        let json = card.json.serialized()
        #expect(
            json.contains(
                #""responses":{"received":12,"included":10,"excluded":{"speeder":0,"straightLining":0,"manual":2},"excludedTotal":2,"flagged":{"speeder":4,"straightLining":3},"expected":13,"responseRate":0.9231}"#
            ))
        #expect(
            json.contains(
                #""screening":{"minSeconds":60,"excludeFlagged":false,"exclusions":[{"response":"j","reason":"same device as response i","by":"evaluator@example.org","at":"#
            ))
    }

    @Test("excludeFlagged true: flagged responses left out, counted under every reason")
    func flaggedExcluded() throws {
        let (card, assessments) = Self.run(excludeFlagged: true)
        #expect(card.responses.received == 12)
        // left out: a, c, e, g, h (flags), j, k (manual) → 7; included: b, d, f, i, l
        #expect(card.responses.included == 5)
        #expect(card.responses.excludedTotal == 7)
        // h counts under speeder and straightLining, k under speeder and manual: 4 + 3 + 2 = 9 > 7.
        #expect(card.responses.excluded == [.speeder: 4, .straightLining: 3, .manual: 2])
        #expect(card.responses.flagged == [.speeder: 4, .straightLining: 3])
        #expect(assessments["h"]?.exclusionReasons == [.speeder, .straightLining])
        #expect(assessments["k"]?.exclusionReasons == [.speeder, .manual])
        // Included b, d, f, i, l:
        //   r1: 75+50+25+75+100 = 325/5 = 65;  r2: 75+50+50+100+100 = 375/5 = 75
        //   r3: 75+50+75+75+100 = 375/5 = 75;  r4: 75+50+100+100+100 = 425/5 = 85
        //   r5: f 75, i 75, l 75 = 75;         r6: f 50, i 100, l 100 = 250/3 = 83.333
        //   O = (65 + 75 + 75 + 85 + 75 + 83.333)/6 = 458.333/6 = 76.3889 → 76.39
        #expect(card.overall.score == 76.39)
        #expect(card.overall.n == 5)
        // The same as scoring the included responses alone.
        let kept = Set(["b", "d", "f", "i", "l"])
        let alone = Build.scorecard(
            Self.questionnaire, Build.evaluation(for: Self.questionnaire),
            Self.responses.filter { kept.contains($0.id) })
        #expect(alone.overall == card.overall)
        #expect(alone.questions == card.questions)
    }

    @Test("manual exclusions without screening; response rate needs an expected number")
    func manualOnly() throws {
        let questionnaire = Build.questionnaire([Build.dimension("d", weight: 1, [Build.rating("q")])])
        let responses = [
            Build.response("x", #"{"q":5}"#, index: 0), Build.response("y", #"{"q":1}"#, index: 1),
            Build.response("z", #"{"q":3}"#, index: 2),
        ]
        let withoutExpected = Build.scorecard(
            questionnaire, Build.evaluation(for: questionnaire), responses, exclusions: [Build.exclusion("y")])
        // y (0) left out: O = (100 + 50)/2 = 75
        #expect(withoutExpected.overall.score == 75)
        #expect(withoutExpected.responses.excluded[.manual] == 1)
        #expect(withoutExpected.responses.excludedTotal == 1)
        #expect(withoutExpected.responses.expected == nil)
        #expect(withoutExpected.responses.responseRate == nil)
        #expect(withoutExpected.exclusions == [Build.exclusion("y")])
        #expect(withoutExpected.json.serialized().contains(#""expected":null,"responseRate":null"#))
        // An exclusion of an id that is not among the responses changes nothing.
        let stray = Build.scorecard(
            questionnaire, Build.evaluation(for: questionnaire, expected: 4), responses,
            exclusions: [Build.exclusion("nobody")])
        #expect(stray.responses.included == 3 && stray.responses.excludedTotal == 0)
        // 3/4 = 0.75
        #expect(stray.responses.responseRate == 0.75)
        // More responses than expected: the rate goes above 1.
        let over = Build.scorecard(questionnaire, Build.evaluation(for: questionnaire, expected: 2), responses)
        #expect(over.responses.responseRate == 1.5)
    }

    @Test("a start time after the receipt time (browser clock ahead) gives negative seconds: a speeder")
    func clockAhead() throws {
        let plan = ScoringPlan(
            questionnaire: Self.questionnaire, evaluation: Build.evaluation(for: Self.questionnaire, minSeconds: 30))
        let assessor = ResponseAssessor(plan: plan, exclusions: [:])
        // Took 3 minutes by the server's clock, but the browser's clock was 5 minutes ahead.
        let response = RecordedResponse(
            id: "skew", venue: nil, raterGroup: nil, answersJSON: #"{"r1":4,"r2":3}"#,
            startedAt: "2026-11-20T01:32:00.000Z", receivedAt: "2026-11-20T01:30:00.000Z", contentDigest: "d")
        let assessment = assessor.assess(response)
        #expect(assessment.seconds == -120)
        #expect(assessment.flags == .speeder)
        // Stored times in another accepted form are read too.
        var offset = response
        offset.startedAt = "2026-11-20T09:29:00+08:00"
        #expect(assessor.assess(offset).seconds == 60)
        #expect(assessor.assess(offset).flags == [])
    }
}
