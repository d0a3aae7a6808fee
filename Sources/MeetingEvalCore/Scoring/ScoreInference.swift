import Foundation

/// The inference on top of the scores (docs/scoring.md §9): how sure the grade is, over which
/// weights it holds, and whether a venue, a rater group or a meeting differs for real. All of
/// them use the normal approximation of the 95 % interval, se = (hi − lo) / 3.92.
public enum ScoreInference {
    /// Φ, the standard normal distribution function.
    public static func normalCDF(_ x: Double) -> Double {
        if x == .infinity { return 1 }
        if x == -.infinity { return 0 }
        return 0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Two-sided p-value of a normal z: 2·(1 − Φ(|z|)).
    public static func twoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// The probability that the true overall lies in the reported grade's band [L, U):
    /// Φ((U − O)/se) − Φ((L − O)/se), from the reported score and interval; 4 decimals.
    /// `band` is the index of the grade's band in `bands` (highest first).
    public static func gradeConfidence(score: Double?, ci95: [Double]?, band: Int?, bands: [GradeBand]) -> Double? {
        guard let score, let ci95, ci95.count == 2, let band, bands.indices.contains(band) else { return nil }
        let se = (ci95[1] - ci95[0]) / 3.92
        guard se > 0 else { return nil }
        let lower = band == bands.count - 1 ? -Double.infinity : bands[band].min
        let upper = band == 0 ? Double.infinity : bands[band - 1].min
        let probability = normalCDF((upper - score) / se) - normalCDF((lower - score) / se)
        return ScoreRounding.round(probability, decimals: 4)
    }

    /// Holm's step-down adjustment: sort the m p-values ascending, p_(i) becomes
    /// max over j ≤ i of min(1, (m − j + 1)·p_(j)). Nil entries are left out and stay nil.
    public static func holm(_ pValues: [Double?]) -> [Double?] {
        let present = pValues.indices.filter { pValues[$0] != nil }.sorted {
            (pValues[$0]!, $0) < (pValues[$1]!, $1)
        }
        let m = present.count
        var adjusted: [Double?] = Array(repeating: nil, count: pValues.count)
        var running = 0.0
        for (rank, index) in present.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]!))
            adjusted[index] = running
        }
        return adjusted
    }

    /// A score and its standard error, unrounded.
    public struct Estimate: Sendable, Equatable {
        public var score: Double
        public var se: Double
    }

    /// One part (a venue, a rater group, a meeting) against another.
    public struct Difference: Sendable, Equatable {
        public var difference: Double?
        public var ci95: [Double]?
        public var p: Double?

        /// difference ± 1.96·√(se₁² + se₂²) and its two-sided p; nil when either estimate is.
        public init(_ first: Estimate?, _ second: Estimate?) {
            guard let first, let second else { return }
            let difference = first.score - second.score
            let se = (first.se * first.se + second.se * second.se).squareRoot()
            self.difference = difference
            ci95 = [difference - 1.96 * se, difference + 1.96 * se]
            p = se > 0 ? twoSidedP(difference / se) : nil
        }
    }

    /// One rater group's part of the overall, as a function of one dimension's weight t:
    /// its score on that dimension (nil when it has none) and Σ w_e·D(g,e), Σ w_e over its
    /// other dimensions, with the normalized configured weights.
    public struct GroupPart: Sendable {
        public var groupWeight: Double
        public var own: Double?
        public var othersNumerator: Double
        public var othersDenominator: Double

        public init(groupWeight: Double, own: Double?, othersNumerator: Double, othersDenominator: Double) {
            self.groupWeight = groupWeight
            self.own = own
            self.othersNumerator = othersNumerator
            self.othersDenominator = othersDenominator
        }
    }

    /// O with the dimension's weight at t and the others scaled by (1 − t)/(1 − w_d): per group
    /// the renormalized weighted mean of its dimension scores, then the rater-group-weighted
    /// mean over the groups that still have one.
    public static func overall(at t: Double, configured: Double, parts: [GroupPart]) -> Double? {
        let scale = (1 - t) / (1 - configured)
        var numerator = 0.0
        var denominator = 0.0
        for part in parts {
            var groupNumerator = scale * part.othersNumerator
            var groupDenominator = scale * part.othersDenominator
            if let own = part.own {
                groupNumerator += t * own
                groupDenominator += t
            }
            guard groupDenominator > 0 else { continue }
            numerator += part.groupWeight * groupNumerator / groupDenominator
            denominator += part.groupWeight
        }
        return denominator > 0 ? numerator / denominator : nil
    }

    /// The range of a dimension's weight t ∈ [0, 1] over which the grade stays as reported
    /// (§9): walks from the configured weight towards 0 and towards 1 in steps of 0.0001 and
    /// bisects each edge; 4 decimals. `band(score)` gives the band index of an unrounded
    /// score. Nil when the dimension is the only one (its weight is 1) or there is no grade.
    public static func stableWeight(
        configured: Double, parts: [GroupPart], band reported: Int?, band: (Double) -> Int?
    ) -> (low: Double, high: Double)? {
        guard let reported, configured < 1, !parts.isEmpty else { return nil }
        func keeps(_ t: Double) -> Bool {
            guard let score = overall(at: t, configured: configured, parts: parts) else { return false }
            return band(score) == reported
        }
        let steps = 10_000
        /// The last t from `configured` toward `end` that keeps the grade.
        func edge(toward end: Double) -> Double {
            var good = configured
            var step = 1
            while true {
                let fraction = Double(step) / Double(steps)
                let candidate = end < configured ? configured - fraction : configured + fraction
                let reached = end < configured ? candidate <= end : candidate >= end
                let t = reached ? end : candidate
                if !keeps(t) {
                    var (inside, outside) = (good, t)
                    for _ in 0..<60 {
                        let middle = (inside + outside) / 2
                        if keeps(middle) { inside = middle } else { outside = middle }
                    }
                    return inside
                }
                good = t
                if reached { return end }
                step += 1
            }
        }
        return (
            ScoreRounding.round(edge(toward: 0), decimals: 4), ScoreRounding.round(edge(toward: 1), decimals: 4)
        )
    }
}
