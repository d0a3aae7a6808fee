import Foundation
import MeetingEvalCore
import Testing

/// docs/scoring.md §9 (grade confidence, weight sensitivity, comparisons) and §10 (AHP): the
/// worked examples, figure by figure, and the edge cases. The random-case checks against an
/// independent computation are in Tests/api/test_score_inference.py.
@Suite("Score inference and AHP weights")
struct ScoreInferenceTests {
    @Test("the worked example's grade confidence, weight ranges and comparisons")
    func workedExample() throws {
        let card = try WorkedExampleTests.scorecard()
        #expect(card.overall.gradeConfidence == 0.6787)
        #expect(card.dimensions.map(\.gradeStableWeight) == [.init(low: 0, high: 1), .init(low: 0, high: 1)])
        let main = try #require(card.venues.first { $0.id == "main" }?.comparison)
        #expect(main == .init(difference: 12.9, ci95: [-29.43, 55.23], p: 0.5503, pAdjusted: 1, flag: Scorecard.Comparison.Flag.none))
        let hefei = try #require(card.venues.first { $0.id == "hefei" }?.comparison)
        #expect(hefei == .init(difference: -12.9, ci95: [-55.23, 29.43], p: 0.5503, pAdjusted: 1, flag: Scorecard.Comparison.Flag.none))
        let leaders = try #require(card.raterGroups.first { $0.id == "leaders" }?.comparison)
        #expect(leaders == .init(difference: 12.75, ci95: [-22.73, 48.23], p: 0.4812, pAdjusted: 0.9624, flag: Scorecard.Comparison.Flag.none))
        let attendees = try #require(card.raterGroups.first { $0.id == "attendees" }?.comparison)
        #expect(attendees.difference == -12.75 && attendees.pAdjusted == 0.9624)
    }

    @Test("every new figure is null where its interval is")
    func nullsWithoutIntervals() throws {
        // r1 alone: the leaders have one composite, so there is no interval anywhere.
        let card = try WorkedExampleTests.scorecard(only: ["r1", "r3", "r4"])
        #expect(card.overall.ci95 == nil)
        #expect(card.overall.gradeConfidence == nil)
        #expect(card.venues.allSatisfy { $0.comparison == .undefined })
        #expect(card.raterGroups.allSatisfy { $0.comparison == .undefined })
        // The weight range needs no interval, only a grade.
        #expect(card.dimensions.allSatisfy { $0.gradeStableWeight != nil })
        let empty = try WorkedExampleTests.scorecard([])
        #expect(empty.overall.gradeConfidence == nil)
        #expect(empty.dimensions.allSatisfy { $0.gradeStableWeight == nil })
    }

    @Test("grade confidence: open ends for the highest and lowest bands, null for a zero-width interval")
    func gradeConfidenceBands() {
        let bands = GradeBand.defaults
        // Highest band [90, ∞): Φ(∞) − Φ((90 − 95)/5) = 1 − Φ(−1) = 0.841345
        #expect(ScoreInference.gradeConfidence(score: 95, ci95: [85.2, 104.8], band: 0, bands: bands) == 0.8413)
        // Lowest band (−∞, 60): Φ((60 − 50)/5) = Φ(2) = 0.977250
        #expect(ScoreInference.gradeConfidence(score: 50, ci95: [40.2, 59.8], band: 3, bands: bands) == 0.9772)
        #expect(ScoreInference.gradeConfidence(score: 50, ci95: [50, 50], band: 3, bands: bands) == nil)
        #expect(ScoreInference.gradeConfidence(score: 50, ci95: nil, band: 3, bands: bands) == nil)
    }

    @Test("Holm's step-down adjustment")
    func holm() {
        // p = 0.01, 0.04, 0.03, 0.2 → sorted 0.01·4, 0.03·3, 0.04·2, 0.2·1 → 0.04, 0.09, 0.09 (monotone), 0.2
        let adjusted = ScoreInference.holm([0.01, 0.04, 0.03, nil, 0.2])
        #expect(adjusted.map { $0.map { ($0 * 1e9).rounded() / 1e9 } } == [0.04, 0.09, 0.09, nil, 0.2])
        #expect(ScoreInference.holm([0.6, 0.7]) == [1, 1])
    }

    @Test("the weight range: where O crosses a band edge, found to 4 decimals")
    func stableWeight() {
        // Two dimensions, one group: O(t) = 100t + 50(1 − t) for d0's weight t. With the
        // default bands and O reported 75 (t = 0.5), 合格 holds while 59.995 ≤ O < 79.995:
        // t from 0.1999 to 0.5999.
        let parts = [
            ScoreInference.GroupPart(groupWeight: 1, own: 100, othersNumerator: 0.5 * 50, othersDenominator: 0.5)
        ]
        let band: (Double) -> Int? = { score in GradeBand.defaults.firstIndex { $0.min <= ScoreRounding.round(score) } }
        #expect(ScoreInference.overall(at: 0.5, configured: 0.5, parts: parts) == 75)
        let range = ScoreInference.stableWeight(configured: 0.5, parts: parts, band: 2, band: band)
        #expect(range?.low == 0.1999)
        #expect(range?.high == 0.5999)
        // A group without the dimension keeps its score; one with nothing else drops out at t = 1.
        let mixed = [
            ScoreInference.GroupPart(groupWeight: 1, own: nil, othersNumerator: 0.5 * 70, othersDenominator: 0.5),
            ScoreInference.GroupPart(groupWeight: 1, own: 90, othersNumerator: 0, othersDenominator: 0),
        ]
        #expect(ScoreInference.overall(at: 0.3, configured: 0.5, parts: mixed) == 80)
        #expect(ScoreInference.overall(at: 1, configured: 0.5, parts: mixed) == 90)
        #expect(ScoreInference.stableWeight(configured: 1, parts: parts, band: 2, band: band) == nil)
        #expect(ScoreInference.stableWeight(configured: 0.5, parts: parts, band: nil, band: band) == nil)
    }

    @Test("AHP: the worked example of §10 and Saaty's consistency")
    func ahpWorkedExample() {
        let matrix: [[Double]] = [[1, 3, 0.5], [1.0 / 3, 1, 0.2], [2, 5, 1]]
        let rounded = AHP.solve(matrix).rounded
        #expect(rounded.weights == [0.308996, 0.109452, 0.581552])
        #expect(rounded.consistency == AHPConsistency(lambdaMax: 3.003695, ci: 0.001847, cr: 0.003185))
        let inconsistent: [[Double]] = [[1, 3, 5], [1.0 / 3, 1, 0.2], [0.2, 5, 1]]
        #expect(AHP.solve(inconsistent).rounded.consistency.cr == 0.44883)
        let triple = AHP.mostInconsistentTriple(inconsistent)
        #expect(triple?.i == 0 && triple?.j == 1 && triple?.k == 2)
        // n ≤ 2 is always consistent.
        #expect(AHP.solve([[1, 9], [1.0 / 9, 1]]).rounded.consistency == AHPConsistency(lambdaMax: 2, ci: 0, cr: 0))
        #expect(AHP.solve([[1, 9], [1.0 / 9, 1]]).rounded.weights == [0.9, 0.1])
    }

    @Test("Saaty values: 1–9 and 1/k only")
    func saatyValues() {
        #expect(SaatyValue(text: "1/3")?.ratio == 1.0 / 3)
        #expect(SaatyValue(text: "7")?.text == "7")
        #expect(SaatyValue(text: "1/1")?.text == "1")
        for bad in ["0", "10", "1/10", "2/3", "x", "", "1/"] { #expect(SaatyValue(text: bad) == nil, "\(bad)") }
    }
}
