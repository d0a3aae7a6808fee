import Foundation
import Synchronization

/// A token bucket per client key: each key may spend `burst` units at once, and its bucket
/// refills at `perMinute` units a minute, so over any long stretch a key gets `perMinute`
/// units a minute and never more than `burst` in a moment.
///
/// Memory stays bounded: a bucket that has refilled completely means the same as no bucket,
/// so full buckets are dropped by a sweep every `sweepInterval` seconds; and no more than
/// `maxKeys` buckets are kept — when a flood of distinct keys (spoofed or rotated addresses)
/// reaches the cap, full buckets go first, then the least recently used ones, down to three
/// quarters of the cap. An evicted key starts again with a full budget, which gives a client
/// with that many addresses little it did not have already.
///
/// Every operation takes one lock and does one dictionary lookup; nothing is allocated apart
/// from a new key's entry. Time comes from `clock` (monotonic seconds), which tests replace.
public final class RateLimiter: Sendable {
    /// Monotonic time in seconds.
    public typealias Clock = @Sendable () -> Double

    /// The system's monotonic clock (not affected by changes of the wall clock).
    public static let uptime: Clock = { Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000 }

    /// Units a key gets per minute; 0 turns the limiter off.
    public let perMinute: Int
    /// Units a key may spend at once (the bucket's size).
    public let burst: Int
    /// The most keys tracked at once.
    public let maxKeys: Int

    private let refillPerSecond: Double
    private let sweepInterval: Double
    private let clock: Clock
    private let state: Mutex<State>

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var lastSweep: Double
    }

    /// - Parameters:
    ///   - perMinute: units per key and minute; 0 (or less) turns the limiter off.
    ///   - burst: units a key may spend at once; by default `perMinute`.
    ///   - maxKeys: the most keys tracked at once.
    ///   - sweepInterval: seconds between sweeps that drop full buckets.
    public init(
        perMinute: Int, burst: Int? = nil, maxKeys: Int = 50_000, sweepInterval: Double = 10,
        clock: @escaping Clock = RateLimiter.uptime
    ) {
        self.perMinute = max(0, perMinute)
        self.burst = max(1, burst ?? perMinute)
        self.maxKeys = max(1, maxKeys)
        self.refillPerSecond = Double(max(0, perMinute)) / 60
        self.sweepInterval = sweepInterval
        self.clock = clock
        self.state = Mutex(State(lastSweep: clock()))
    }

    /// Whether the limiter limits anything (`perMinute` > 0).
    public var isEnabled: Bool { perMinute > 0 }

    /// Keys with a bucket that is not full (for tests and diagnostics).
    public var trackedKeys: Int { state.withLock { $0.buckets.count } }

    /// nil when `key` has at least one unit left; otherwise the whole seconds until it has
    /// one again (at least 1). Spends nothing.
    public func check(_ key: String) -> Int? {
        guard isEnabled else { return nil }
        let now = clock()
        return state.withLock { state in
            guard let bucket = state.buckets[key] else { return nil }
            let tokens = level(of: bucket, at: now)
            return tokens >= Self.oneUnit ? nil : retryAfter(tokens)
        }
    }

    /// Spends one unit of `key`, also when none is left: attempts that raced past `check`
    /// still count, down to one whole budget of debt (a longer wait, never a permanent ban).
    public func consume(_ key: String) {
        guard isEnabled else { return }
        let now = clock()
        state.withLock { state in
            if var bucket = state.buckets[key] {
                bucket.tokens = max(level(of: bucket, at: now) - 1, -Double(burst))
                bucket.updated = now
                state.buckets[key] = bucket
            } else {
                insert(key, tokens: Double(burst) - 1, now: now, into: &state)
            }
            sweepIfDue(now: now, state: &state)
        }
    }

    /// Spends one unit of `key` when one is left and answers nil; otherwise spends nothing and
    /// answers the whole seconds until a unit is available (at least 1).
    public func admit(_ key: String) -> Int? {
        guard isEnabled else { return nil }
        let now = clock()
        return state.withLock { state in
            defer { sweepIfDue(now: now, state: &state) }
            // One hash of the key: the bucket is updated in place through its index.
            guard let index = state.buckets.index(forKey: key) else {
                insert(key, tokens: Double(burst) - 1, now: now, into: &state)
                return nil
            }
            let tokens = level(of: state.buckets.values[index], at: now)
            guard tokens >= Self.oneUnit else { return retryAfter(tokens) }
            state.buckets.values[index] = Bucket(tokens: tokens - 1, updated: now)
            return nil
        }
    }

    /// Gives back one unit that `admit` took, for an attempt that turned out not to count
    /// (a successful sign-in, when the attempt was admitted before the password was checked).
    public func refund(_ key: String) {
        guard isEnabled else { return }
        let now = clock()
        state.withLock { state in
            guard var bucket = state.buckets[key] else { return }
            bucket.tokens = level(of: bucket, at: now) + 1
            bucket.updated = now
            if bucket.tokens >= Double(burst) {
                state.buckets[key] = nil
            } else {
                state.buckets[key] = bucket
            }
        }
    }

    /// Units of `bucket` at `now`, refilled since its last update, at most `burst`.
    private func level(of bucket: Bucket, at now: Double) -> Double {
        min(Double(burst), bucket.tokens + max(0, now - bucket.updated) * refillPerSecond)
    }

    /// Whole seconds until `tokens` reaches one unit (at least 1).
    private func retryAfter(_ tokens: Double) -> Int {
        let seconds = ((1 - tokens) * 60 / Double(perMinute) - Self.slack).rounded(.up)
        return seconds < 1 ? 1 : Int(min(seconds, 86_400))
    }

    /// Refills are sums of fractions; a bucket a rounding error short of a unit has one.
    private static let slack = 1e-9
    private static let oneUnit = 1 - slack

    private func insert(_ key: String, tokens: Double, now: Double, into state: inout State) {
        if state.buckets.count >= maxKeys { makeRoom(now: now, state: &state) }
        state.buckets[key] = Bucket(tokens: tokens, updated: now)
    }

    private func sweepIfDue(now: Double, state: inout State) {
        guard now - state.lastSweep >= sweepInterval else { return }
        dropFull(now: now, state: &state)
    }

    private func dropFull(now: Double, state: inout State) {
        let full = Double(burst)
        state.buckets = state.buckets.filter { level(of: $0.value, at: now) < full }
        state.lastSweep = now
    }

    /// At the key cap: drop the full buckets, then, if that was not enough, the least recently
    /// used ones down to three quarters of the cap, so that the next sweep is a quarter of the
    /// cap away (amortized constant work per new key).
    private func makeRoom(now: Double, state: inout State) {
        dropFull(now: now, state: &state)
        let target = maxKeys - max(1, maxKeys / 4)
        guard state.buckets.count > target else { return }
        let excess = state.buckets.count - target
        let updates = state.buckets.values.map(\.updated).sorted()
        let cutoff = updates[excess - 1]
        // Exactly `excess` go: everything older than the cutoff, then as many at the cutoff.
        var ties = excess - updates.prefix(while: { $0 < cutoff }).count
        state.buckets = state.buckets.filter { entry in
            if entry.value.updated < cutoff { return false }
            if entry.value.updated == cutoff, ties > 0 {
                ties -= 1
                return false
            }
            return true
        }
    }
}
