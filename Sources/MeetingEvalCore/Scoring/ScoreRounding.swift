import Foundation

/// Rounding of reported figures: half away from zero, at a fixed number of decimals.
///
/// Scores are sums of binary fractions, so a value that is exactly half a hundredth on paper
/// (89.995) can arrive as 89.99499999999999. A value within a relative 10⁻⁹ of the boundary
/// counts as on it, so that the paper result (90.00) is the one reported.
public enum ScoreRounding {
    public static func round(_ value: Double, decimals: Int = 2) -> Double {
        guard value.isFinite else { return value }
        let scale = pow(10, Double(decimals))
        let scaled = value * scale
        let magnitude = abs(scaled)
        let floor = magnitude.rounded(.down)
        let fraction = magnitude - floor
        let tolerance = 1e-9 * max(1, magnitude)
        let roundedMagnitude = fraction >= 0.5 - tolerance ? floor + 1 : floor
        let result = (scaled < 0 ? -roundedMagnitude : roundedMagnitude) / scale
        return result == 0 ? 0 : result
    }

    /// A reported score: two decimals, nil stays nil.
    public static func reported(_ value: Double?) -> Double? {
        value.map { round($0) }
    }
}
