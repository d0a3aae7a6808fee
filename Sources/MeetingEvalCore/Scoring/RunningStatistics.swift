/// Count, mean and sum of squared deviations in one pass (Welford), for sample variances.
struct RunningStatistics: Sendable {
    private(set) var count = 0
    private(set) var mean = 0.0
    private var squaredDeviations = 0.0

    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        squaredDeviations += delta * (value - mean)
    }

    /// Sample variance (n − 1); nil below two values.
    var variance: Double? { count >= 2 ? max(0, squaredDeviations / Double(count - 1)) : nil }
    var standardDeviation: Double? { variance.map { $0.squareRoot() } }
}

/// A sum and a count, for means.
struct MeanAccumulator: Sendable {
    var sum = 0.0
    var count = 0

    mutating func add(_ value: Double) {
        sum += value
        count += 1
    }

    var mean: Double? { count > 0 ? sum / Double(count) : nil }
}

/// Σ wᵢxᵢ / Σ wᵢ over the parts that have a value: the renormalizing weighted mean of the
/// scoring method.
func weightedMean(_ parts: some Sequence<(weight: Double, value: Double?)>) -> Double? {
    var numerator = 0.0
    var denominator = 0.0
    for part in parts {
        guard let value = part.value else { continue }
        numerator += part.weight * value
        denominator += part.weight
    }
    return denominator > 0 ? numerator / denominator : nil
}
