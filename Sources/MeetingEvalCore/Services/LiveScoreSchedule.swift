import Foundation

/// When the live dashboard recomputes the overall score. It needs a whole scorecard, so after
/// the counts change it is recomputed once at least five times its last computing time has
/// passed (every poll for a small evaluation, every few seconds for one with a hundred
/// thousand responses); snapshots in between carry the last score.
public struct LiveScoreSchedule: Sendable {
    public let pollInterval: Duration
    private var scoredAt: ContinuousClock.Instant?
    private var interval: Duration
    private var scoredCounts: ResponseCounts?

    public init(pollInterval: Duration) {
        self.pollInterval = pollInterval
        self.interval = pollInterval
    }

    /// Whether to recompute now, with these counts.
    public func isDue(counts: ResponseCounts, now: ContinuousClock.Instant) -> Bool {
        counts != scoredCounts && (scoredAt.map { now - $0 >= interval } ?? true)
    }

    /// Records a recomputation that started at `started` and took `took`.
    public mutating func scored(counts: ResponseCounts, started: ContinuousClock.Instant, took: Duration) {
        interval = max(pollInterval, took * 5)
        scoredAt = started
        scoredCounts = counts
    }
}
