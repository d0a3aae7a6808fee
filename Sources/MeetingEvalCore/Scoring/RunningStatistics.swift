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

    /// The statistics of the values of `self` that are not in `part` (a subset of them):
    /// the reverse of merging two samples (Chan et al.).
    func removing(_ part: RunningStatistics) -> RunningStatistics {
        var rest = RunningStatistics()
        let remaining = count - part.count
        guard remaining > 0 else { return rest }
        guard part.count > 0 else { return self }
        rest.count = remaining
        rest.mean = (Double(count) * mean - Double(part.count) * part.mean) / Double(remaining)
        let delta = part.mean - rest.mean
        rest.squaredDeviations = max(
            0,
            squaredDeviations - part.squaredDeviations - delta * delta * Double(part.count) * Double(remaining)
                / Double(count))
        return rest
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

    /// The sum and count of the values not in `part` (a subset of them).
    func removing(_ part: MeanAccumulator) -> MeanAccumulator {
        MeanAccumulator(sum: count == part.count ? 0 : sum - part.sum, count: count - part.count)
    }
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
