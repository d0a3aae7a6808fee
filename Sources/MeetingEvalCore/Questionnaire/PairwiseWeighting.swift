import Foundation

/// Weights given as pairwise judgments (the Analytic Hierarchy Process, 层次分析法) instead of
/// numbers: for every unordered pair of items, how much more important `a` is than `b` on
/// Saaty's 1–9 scale. The weights are the principal eigenvector of the reciprocal matrix.
public struct PairwiseWeighting: Sendable, Equatable {
    public var comparisons: [PairwiseJudgment]
    /// λmax, CI and CR of the judgments, 6 decimals (derived; see `AHP`).
    public var consistency: AHPConsistency

    public init(comparisons: [PairwiseJudgment], consistency: AHPConsistency) {
        self.comparisons = comparisons
        self.consistency = consistency
    }
}

/// `a` is `value` times as important as `b`.
public struct PairwiseJudgment: Sendable, Equatable {
    public var a: String
    public var b: String
    public var value: SaatyValue

    public init(a: String, b: String, value: SaatyValue) {
        self.a = a
        self.b = b
        self.value = value
    }
}

/// A point of Saaty's scale: a whole number 1…9 or its reciprocal 1/k.
public struct SaatyValue: Sendable, Equatable {
    /// 1…9.
    public var magnitude: Int
    /// True for 1/k.
    public var reciprocal: Bool

    public init?(magnitude: Int, reciprocal: Bool) {
        guard (1...9).contains(magnitude) else { return nil }
        self.magnitude = magnitude
        self.reciprocal = reciprocal && magnitude != 1
    }

    /// Reads `3`, `"3"` or `"1/3"`; nil for anything else.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("1/"), let k = Int(trimmed.dropFirst(2)) {
            self.init(magnitude: k, reciprocal: true)
        } else if let k = Int(trimmed) {
            self.init(magnitude: k, reciprocal: false)
        } else {
            return nil
        }
    }

    public var ratio: Double { reciprocal ? 1 / Double(magnitude) : Double(magnitude) }
    public var text: String { reciprocal ? "1/\(magnitude)" : String(magnitude) }
}

public struct AHPConsistency: Sendable, Equatable {
    public var lambdaMax: Double
    public var ci: Double
    public var cr: Double

    public init(lambdaMax: Double, ci: Double, cr: Double) {
        self.lambdaMax = lambdaMax
        self.ci = ci
        self.cr = cr
    }
}

/// The arithmetic of the Analytic Hierarchy Process (see docs/scoring.md, "AHP weights").
public enum AHP {
    /// Saaty's random consistency index RI(n) for n = 3…10.
    public static let randomIndex: [Int: Double] = [
        3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
    ]
    public static let maxItems = 10
    /// Judgments with a consistency ratio above this are rejected.
    public static let maxConsistencyRatio = 0.10

    public struct Result: Sendable, Equatable {
        /// The principal right eigenvector, normalized to sum 1, unrounded.
        public var weights: [Double]
        public var lambdaMax: Double
        public var ci: Double
        public var cr: Double

        /// The stored form: weights, λmax, CI and CR rounded to 6 decimals.
        public var rounded: (weights: [Double], consistency: AHPConsistency) {
            (
                weights.map { ScoreRounding.round($0, decimals: 6) },
                AHPConsistency(
                    lambdaMax: ScoreRounding.round(lambdaMax, decimals: 6), ci: ScoreRounding.round(ci, decimals: 6),
                    cr: ScoreRounding.round(cr, decimals: 6))
            )
        }
    }

    /// Weights and consistency of a positive reciprocal matrix (n ≤ `maxItems`).
    public static func solve(_ matrix: [[Double]]) -> Result {
        let n = matrix.count
        guard n > 1 else { return Result(weights: Array(repeating: 1, count: n), lambdaMax: Double(n), ci: 0, cr: 0) }
        // Power iteration from the row geometric means: the Perron root of a positive matrix
        // is simple and strictly dominant, so this converges to the principal eigenvector.
        var weights = matrix.map { row in exp(row.reduce(0) { $0 + log($1) } / Double(n)) }
        normalize(&weights)
        for _ in 0..<20_000 {
            var next = multiply(matrix, weights)
            normalize(&next)
            let change = zip(next, weights).reduce(0) { max($0, abs($1.0 - $1.1)) }
            weights = next
            if change < 1e-15 { break }
        }
        // With Σw = 1, Σ(Aw)ᵢ = λmax·Σwᵢ = λmax.
        let lambdaMax = multiply(matrix, weights).reduce(0, +)
        let ci = n > 2 ? (lambdaMax - Double(n)) / Double(n - 1) : 0
        let cr = n > 2 ? ci / (randomIndex[n] ?? randomIndex[maxItems]!) : 0
        return Result(weights: weights, lambdaMax: lambdaMax, ci: ci, cr: cr)
    }

    /// The triple i < j < k whose judgments are farthest from consistent: the largest
    /// |ln(a_ij · a_jk / a_ik)|. Nil below three items.
    public static func mostInconsistentTriple(_ matrix: [[Double]]) -> (i: Int, j: Int, k: Int, product: Double)? {
        let n = matrix.count
        var best: (i: Int, j: Int, k: Int, product: Double)?
        var bestDistance = -1.0
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                for k in (j + 1)..<max(j + 1, n) {
                    let product = matrix[i][j] * matrix[j][k] / matrix[i][k]
                    let distance = abs(log(product))
                    if distance > bestDistance + 1e-12 {
                        bestDistance = distance
                        best = (i, j, k, product)
                    }
                }
            }
        }
        return best
    }

    private static func multiply(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        matrix.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    private static func normalize(_ vector: inout [Double]) {
        let total = vector.reduce(0, +)
        for index in vector.indices { vector[index] /= total }
    }
}
