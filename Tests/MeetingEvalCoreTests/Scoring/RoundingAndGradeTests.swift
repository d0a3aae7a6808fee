import Foundation
import Testing

@testable import MeetingEvalCore

/// Rounding (2 decimals, half away from zero, a relative 1e-9 around a half counts as the half)
/// and the grade of the rounded overall score.
@Suite("Rounding and grades")
struct RoundingAndGradeTests {
    @Test(
        "half away from zero",
        arguments: [
            // 89.995 is stored as 89.99499999999999744…: on paper a half, so it goes up.
            (89.995, 90.0), (89.994, 89.99), (89.9949, 89.99), (89.996, 90.0),
            (1.005, 1.01), (2.675, 2.68), (0.125, 0.13), (75.625, 75.63), (84.375, 84.38),
            (-0.005, -0.01), (-2.675, -2.68), (-1.005, -1.01), (-0.004, 0.0), (0.004, 0.0),
            (0.0, 0.0), (100.0, 100.0), (99.999, 100.0), (33.333333, 33.33), (66.666666, 66.67),
        ])
    func twoDecimals(value: Double, expected: Double) {
        #expect(ScoreRounding.round(value) == expected, "round(\(value))")
    }

    @Test("a value within a relative 1e-9 of a half counts as the half; one further out does not")
    func tolerance() {
        let half = 89.995
        #expect(ScoreRounding.round(half * (1 - 0.5e-9)) == 90.0)
        #expect(ScoreRounding.round(half * (1 - 2e-9)) == 89.99)
        #expect(ScoreRounding.round(-half * (1 - 0.5e-9)) == -90.0)
        #expect(ScoreRounding.round(-half * (1 - 2e-9)) == -89.99)
        // Never a negative zero.
        #expect(ScoreRounding.round(-0.001).sign == .plus)
    }

    @Test("four decimals for the response rate")
    func fourDecimals() {
        #expect(ScoreRounding.round(412.0 / 450.0, decimals: 4) == 0.9156)
        #expect(ScoreRounding.round(2.0 / 3.0, decimals: 4) == 0.6667)
        #expect(ScoreRounding.round(0.00005, decimals: 4) == 0.0001)
        #expect(ScoreRounding.reported(nil) == nil)
    }

    /// One scored single-choice question whose options carry the given scores.
    private func scorecard(answers: [String], scores: [(String, Double?)]) -> Scorecard {
        let questionnaire = Build.questionnaire([Build.dimension("d", weight: 1, [Build.single("s", scores)])])
        return Build.scorecard(
            questionnaire, Build.evaluation(for: questionnaire),
            answers.enumerated().map { Build.response("r\($0.offset)", #"{"s":"\#($0.element)"}"#, index: $0.offset) })
    }

    @Test("overall 89.995 reports 90.00 and the 90 band; 89.994 reports 89.99 and the 80 band")
    func gradeBoundaries() {
        let options: [(String, Double?)] = [
            ("a", 89.99), ("b", 90), ("exact", 89.995), ("below", 89.994), ("c", 79.995), ("d", 59.99),
        ]
        // Two responses: (89.99 + 90)/2 = 89.995 → 90.00 → 优秀
        let mean = scorecard(answers: ["a", "b"], scores: options)
        #expect(mean.overall.score == 90.0)
        #expect(mean.overall.grade == "优秀")
        // One option scored 89.995 → 90.00 → 优秀
        let exact = scorecard(answers: ["exact"], scores: options)
        #expect(exact.overall.score == 90.0)
        #expect(exact.overall.grade == "优秀")
        // 89.994 → 89.99 → 良好 (80 band)
        let below = scorecard(answers: ["below"], scores: options)
        #expect(below.overall.score == 89.99)
        #expect(below.overall.grade == "良好")
        // 79.995 → 80.00 → 良好; 59.99 → 较差
        #expect(scorecard(answers: ["c"], scores: options).overall.grade == "良好")
        #expect(scorecard(answers: ["d"], scores: options).overall.grade == "较差")
        // The JSON prints the rounded figure.
        #expect(mean.json.serialized().contains(#""overall":{"score":90,"grade":"优秀""#))
    }

    @Test("grade bands of the questionnaire, in the scorecard's locale")
    func customBands() {
        let bands = [
            GradeBand(min: 85, label: .localized(["zh": "好", "en": "Good"])),
            GradeBand(min: 0, label: .localized(["zh": "差", "en": "Bad"])),
        ]
        let questionnaire = Build.questionnaire(
            [Build.dimension("d", weight: 1, [Build.single("s", [("x", 84.995), ("y", 84.99)])])], grades: bands)
        let evaluation = Build.evaluation(for: questionnaire, venues: ["v"])
        let high = Build.scorecard(questionnaire, evaluation, [Build.response("r", venue: "v", #"{"s":"x"}"#)])
        #expect(high.overall.score == 85 && high.overall.grade == "好")
        #expect(high.venues.first?.grade == "好")
        let english = Build.scorecard(
            questionnaire, evaluation, [Build.response("r", venue: "v", #"{"s":"y"}"#)], locale: "en")
        #expect(english.overall.score == 84.99 && english.overall.grade == "Bad")
        #expect(english.locale == "en")
    }
}
