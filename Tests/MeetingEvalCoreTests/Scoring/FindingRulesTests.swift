import Foundation
import Testing

@testable import MeetingEvalCore

/// The findings of docs/scoring.md §11, each rule against a scorecard whose figures are known.
@Suite("Findings")
struct FindingRulesTests {
    static let questionnaire = Build.questionnaire([
        Build.dimension("conduct", weight: 1, [Build.rating("q1"), Build.rating("q2")]),
        Build.dimension(
            "results", weight: 1,
            [Build.rating("q3"), Build.single("worth", [("good", 100), ("fair", 50), ("waste", 0)])]),
    ])

    /// Conduct is rated high, results low; half the answers call the meeting a waste of time;
    /// conduct's two questions do not move together (α = 0); venue v1 expected 10 and sent 2.
    static func scorecard(locale: String = "en") -> Scorecard {
        var evaluation = Build.evaluation(for: questionnaire, venues: ["v1", "v2"], expected: 8)
        evaluation.venues[0].expected = 10
        evaluation.venues[1].expected = 2
        let responses = [
            Build.response("r1", venue: "v1", #"{"q1":5,"q2":5,"q3":2,"worth":"waste"}"#, index: 0),
            Build.response("r2", venue: "v1", #"{"q1":4,"q2":5,"q3":1,"worth":"waste"}"#, index: 1),
            Build.response("r3", venue: "v2", #"{"q1":5,"q2":4,"q3":2,"worth":"good"}"#, index: 2),
            Build.response("r4", venue: "v2", #"{"q1":4,"q2":4,"q3":3,"worth":"fair"}"#, index: 3),
        ]
        return Build.scorecard(questionnaire, evaluation, responses, locale: locale)
    }

    static func findings(_ scorecard: Scorecard) -> [Finding] {
        FindingRules.findings(for: scorecard, questionnaire: questionnaire)
    }

    @Test("overall, strongest and weakest dimension and question, with their distance from the overall")
    func extremes() throws {
        let scorecard = Self.scorecard()
        let findings = Self.findings(scorecard)
        let overall = try #require(scorecard.overall.score)
        #expect(findings.first?.kind == .overall)
        #expect(findings.first?.value == overall)
        #expect(findings.first?.grade == scorecard.overall.grade)
        let conduct = try #require(scorecard.dimensions.first { $0.id == "conduct" }?.score)
        let results = try #require(scorecard.dimensions.first { $0.id == "results" }?.score)
        #expect(conduct > results)
        let strongest = try #require(findings.first { $0.kind == .strongestDimension })
        let weakest = try #require(findings.first { $0.kind == .weakestDimension })
        #expect(strongest.subject == "conduct" && strongest.value == conduct)
        #expect(strongest.difference == ScoreRounding.round(conduct - overall))
        #expect(weakest.subject == "results" && weakest.value == results)
        #expect(weakest.difference == ScoreRounding.round(results - overall))
        // The weakest dimension lies more than 5 points below the overall: attention.
        #expect(weakest.difference! <= -FindingRules.notableDistance && weakest.attention)
        #expect(!strongest.attention)
        let questions = findings.filter { $0.kind == .strongestQuestion || $0.kind == .weakestQuestion }
        // q1 and q2 both score 87.5 (the first is named), q3 25, worth 37.5.
        #expect(questions.map(\.subject) == ["q1", "q3"])
        #expect(questions.map(\.value) == [87.5, 25])
    }

    @Test("response rates: overall, and each venue under the threshold")
    func responseRates() throws {
        let scorecard = Self.scorecard()
        let v1 = try #require(scorecard.venues.first { $0.id == "v1" })
        let v2 = try #require(scorecard.venues.first { $0.id == "v2" })
        #expect(v1.response == Scorecard.VenueResponse(received: 2, expected: 10))
        #expect(v1.response.rate == 0.2 && v1.response.low)
        #expect(v2.response.rate == 1 && !v2.response.low)
        let findings = Self.findings(scorecard)
        let overall = try #require(findings.first { $0.kind == .responseRate })
        #expect(overall.value == 0.5 && overall.count == 4 && overall.total == 8 && !overall.attention)
        let venues = findings.filter { $0.kind == .venueResponseRate }
        #expect(venues.map(\.subject) == ["v1"])
        #expect(venues.first?.attention == true)
        #expect(venues.first?.text.contains("20.0%") == true)
    }

    @Test("a venue without an expected number has no rate and no flag")
    func noExpected() {
        var evaluation = Build.evaluation(for: Self.questionnaire, venues: ["v1"])
        evaluation.venues[0].expected = nil
        let scorecard = Build.scorecard(
            Self.questionnaire, evaluation, [Build.response("r1", venue: "v1", #"{"q1":5,"q2":5,"q3":2}"#)])
        #expect(scorecard.venues[0].response.rate == nil && !scorecard.venues[0].response.low)
        #expect(!Self.findings(scorecard).contains { $0.kind == .venueResponseRate || $0.kind == .responseRate })
    }

    @Test("α below 0.7 is reported; a dimension without α is not")
    func reliability() throws {
        let scorecard = Self.scorecard()
        let alpha = try #require(scorecard.dimensions.first { $0.id == "conduct" }?.alpha)
        #expect(alpha < FindingRules.reliableAlpha)
        let findings = Self.findings(scorecard).filter { $0.kind == .lowReliability }
        #expect(findings.map(\.subject) == ["conduct"])
        #expect(findings.first?.value == alpha && findings.first?.count == 4)
    }

    @Test("the share of the lowest-scored option of a single-choice question")
    func negativeShare() throws {
        let finding = try #require(Self.findings(Self.scorecard()).first { $0.kind == .negativeShare })
        #expect(finding.subject == "worth" && finding.option == "waste")
        #expect(finding.value == 0.5 && finding.count == 2 && finding.total == 4)
        #expect(finding.attention)
        #expect(finding.text == "On “worth”, 50.0% of the answers (2 of 4) chose the least favourable option, “waste”.")
    }

    @Test("a venue that differs beyond noise is named, one within noise is not")
    func differences() throws {
        let evaluation = Build.evaluation(for: Self.questionnaire, venues: ["low", "high"])
        var responses: [RecordedResponse] = []
        for index in 0..<12 {
            let low = 1 + index % 2
            let high = 4 + index % 2
            responses.append(
                Build.response("l\(index)", venue: "low", #"{"q1":\#(low),"q2":\#(low),"q3":\#(low)}"#, index: index))
            responses.append(
                Build.response(
                    "h\(index)", venue: "high", #"{"q1":\#(high),"q2":\#(high),"q3":\#(high)}"#, index: 12 + index))
        }
        let scorecard = Build.scorecard(Self.questionnaire, evaluation, responses)
        let findings = Self.findings(scorecard)
        let below = try #require(findings.first { $0.kind == .venueBelow })
        #expect(below.subject == "low" && below.attention)
        #expect(below.difference == scorecard.venues[0].comparison.difference)
        #expect(below.p == scorecard.venues[0].comparison.pAdjusted)
        #expect(findings.contains { $0.kind == .venueAbove && $0.subject == "high" && !$0.attention })
        #expect(!findings.contains { $0.kind == .noDifferences })

        // The same two venues answering alike: compared, and nothing stands out.
        let alike = Build.scorecard(
            Self.questionnaire, evaluation,
            (0..<24).map { index in
                let value = 3 + index % 2
                return Build.response(
                    "a\(index)", venue: index < 12 ? "low" : "high",
                    #"{"q1":\#(value),"q2":\#(value),"q3":\#(value)}"#, index: index)
            })
        let quiet = Self.findings(alike)
        #expect(quiet.contains { $0.kind == .noDifferences })
        #expect(!quiet.contains { $0.kind == .venueBelow || $0.kind == .venueAbove })
    }

    @Test("the change from the previous evaluation, beyond noise or not")
    func change() throws {
        var scorecard = Self.scorecard()
        scorecard.previous = Scorecard.PreviousEvaluation(
            id: "ev-0", title: "上次会议", meetingDate: "2026-10-20", score: 80, grade: "良好", difference: -12.5,
            p: 0.001)
        let finding = try #require(Self.findings(scorecard).first { $0.kind == .change })
        #expect(finding.difference == -12.5 && finding.reference == 80 && finding.attention)
        #expect(finding.text.contains("fell by 12.50 points") && finding.text.contains("beyond noise"))
        scorecard.previous?.p = 0.4
        let within = try #require(Self.findings(scorecard).first { $0.kind == .change })
        #expect(!within.attention && within.text.contains("within noise"))
        scorecard.previous = nil
        #expect(!Self.findings(scorecard).contains { $0.kind == .change })
    }

    @Test("every finding is phrased in Chinese for a zh scorecard, with the same figures")
    func chinese() throws {
        let zh = Self.findings(Self.scorecard(locale: "zh"))
        let en = Self.findings(Self.scorecard(locale: "en"))
        #expect(zh.map(\.kind) == en.map(\.kind))
        #expect(zh.map(\.value) == en.map(\.value))
        for finding in zh {
            #expect(finding.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(finding.text)")
        }
        let overall = try #require(zh.first)
        #expect(overall.text.hasPrefix("总体得分\(String(format: "%.2f", overall.value!))分"))
    }

    @Test("the scorecard JSON carries the findings and the venues' response rates")
    func json() throws {
        var scorecard = Self.scorecard()
        scorecard.findings = Self.findings(scorecard)
        let text = scorecard.json.serialized()
        #expect(text.contains(#""findings":[{"kind":"overall","attention":false"#))
        #expect(text.contains(#""response":{"received":2,"expected":10,"rate":0.2,"low":true}"#))
        #expect(text.contains(#""opinion":null"#))
    }
}
