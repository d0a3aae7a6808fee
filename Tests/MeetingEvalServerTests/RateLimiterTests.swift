import Foundation
import Hummingbird
import MeetingEvalCore
import Synchronization
import Testing

@testable import MeetingEvalServer

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds = Mutex<Double>(1_000)

    var clock: RateLimiter.Clock { { [self] in seconds.withLock { $0 } } }

    func advance(_ interval: Double) {
        seconds.withLock { $0 += interval }
    }
}

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test func aFullBudgetAtOnceThenRefusedWithTheWaitForOneUnit() {
        let time = ManualClock()
        let limiter = RateLimiter(perMinute: 10, clock: time.clock)
        for _ in 0..<10 { #expect(limiter.admit("a") == nil) }
        // One unit comes back every 6 s.
        #expect(limiter.admit("a") == 6)
        #expect(limiter.check("a") == 6)
        time.advance(1.5)
        #expect(limiter.admit("a") == 5)  // 4.5 s to go, rounded up
        time.advance(4.4)
        #expect(limiter.admit("a") == 1)  // 0.1 s to go: never 0
        time.advance(0.1)
        #expect(limiter.admit("a") == nil)
        #expect(limiter.admit("a") == 6)
    }

    @Test func theBucketRefillsOverTimeUpToItsSize() {
        let time = ManualClock()
        let limiter = RateLimiter(perMinute: 60, burst: 20, clock: time.clock)
        for _ in 0..<20 { #expect(limiter.admit("a") == nil) }
        #expect(limiter.admit("a") == 1)
        time.advance(5)  // 5 units back
        for _ in 0..<5 { #expect(limiter.admit("a") == nil) }
        #expect(limiter.admit("a") != nil)
        time.advance(3_600)  // never more than the burst
        for _ in 0..<20 { #expect(limiter.admit("a") == nil) }
        #expect(limiter.admit("a") != nil)
    }

    @Test(arguments: [(1, 60), (7, 9), (10, 6), (30, 2), (1200, 1)])
    func retryAfterIsTheWholeSecondsUntilOneUnit(perMinute: Int, seconds: Int) {
        let limiter = RateLimiter(perMinute: perMinute, clock: ManualClock().clock)
        for _ in 0..<perMinute { #expect(limiter.admit("a") == nil) }
        #expect(limiter.admit("a") == seconds)
        #expect(limiter.check("a") == seconds)
    }

    @Test func checkSpendsNothingAndConsumeSpendsOneEvenWhenEmpty() {
        let time = ManualClock()
        let limiter = RateLimiter(perMinute: 10, clock: time.clock)
        for _ in 0..<100 { #expect(limiter.check("a") == nil) }
        #expect(limiter.trackedKeys == 0)
        for _ in 0..<10 { limiter.consume("a") }
        #expect(limiter.check("a") == 6)
        // Five failures that raced past the check still count: 6 units short, 36 s.
        for _ in 0..<5 { limiter.consume("a") }
        #expect(limiter.check("a") == 36)
        // The debt stops at one whole budget.
        for _ in 0..<100 { limiter.consume("a") }
        #expect(limiter.check("a") == 66)
        time.advance(66)
        #expect(limiter.check("a") == nil)
    }

    @Test func aRefundGivesBackWhatAdmitTook() {
        let limiter = RateLimiter(perMinute: 3, clock: ManualClock().clock)
        for _ in 0..<3 { #expect(limiter.admit("a") == nil) }
        #expect(limiter.admit("a") != nil)
        limiter.refund("a")
        #expect(limiter.admit("a") == nil)
        limiter.refund("a")
        limiter.refund("a")
        limiter.refund("a")
        limiter.refund("a")  // never more than the burst: the bucket is full and dropped
        #expect(limiter.trackedKeys == 0)
        for _ in 0..<3 { #expect(limiter.admit("a") == nil) }
        #expect(limiter.admit("a") != nil)
    }

    @Test func clientsHaveTheirOwnBudgets() {
        let limiter = RateLimiter(perMinute: 2, clock: ManualClock().clock)
        #expect(limiter.admit("a") == nil)
        #expect(limiter.admit("a") == nil)
        #expect(limiter.admit("a") != nil)
        #expect(limiter.admit("b") == nil)
        #expect(limiter.check("c") == nil)
    }

    @Test func offNeverLimitsAndKeepsNothing() {
        let limiter = RateLimiter(perMinute: 0, clock: ManualClock().clock)
        #expect(!limiter.isEnabled)
        for index in 0..<10_000 {
            #expect(limiter.admit("a") == nil)
            limiter.consume("k\(index)")
        }
        #expect(limiter.check("a") == nil)
        #expect(limiter.trackedKeys == 0)
    }

    @Test func fullBucketsAreDroppedBySweeps() {
        let time = ManualClock()
        let limiter = RateLimiter(perMinute: 60, burst: 10, sweepInterval: 10, clock: time.clock)
        for index in 0..<50 { #expect(limiter.admit("k\(index)") == nil) }
        #expect(limiter.trackedKeys == 50)
        time.advance(5)  // every bucket is full again after 1 s, but no sweep is due yet
        #expect(limiter.admit("busy") == nil)
        for _ in 0..<9 { _ = limiter.admit("busy") }
        #expect(limiter.trackedKeys == 51)
        time.advance(5)
        _ = limiter.admit("busy")  // a sweep: only the busy, not yet refilled bucket stays
        #expect(limiter.trackedKeys == 1)
    }

    @Test func aFloodOfAddressesCannotGrowMemoryPastTheCap() {
        let time = ManualClock()
        let limiter = RateLimiter(perMinute: 10, maxKeys: 100, sweepInterval: 3_600, clock: time.clock)
        // A real client spends its budget, then a flood of spoofed addresses follows.
        for _ in 0..<10 { #expect(limiter.admit("client") == nil) }
        #expect(limiter.admit("client") != nil)
        for index in 0..<10_000 {
            time.advance(0.0001)
            _ = limiter.admit("spoofed-\(index)")
            #expect(limiter.trackedKeys <= 100)
        }
        // The least recently used went first; the newest flood keys are still counted.
        #expect(limiter.trackedKeys >= 75)
        time.advance(0.0001)
        limiter.consume("spoofed-9999")
        #expect(limiter.check("spoofed-9999") == nil)
        for _ in 0..<8 { limiter.consume("spoofed-9999") }
        #expect(limiter.check("spoofed-9999") != nil)
    }

    @Test func evictionAtTheCapKeepsRecentKeysEvenWithoutTicks() {
        // A clock that does not move: the eviction still removes only what it must.
        let limiter = RateLimiter(perMinute: 10, maxKeys: 8, sweepInterval: 3_600, clock: ManualClock().clock)
        for index in 0..<8 { _ = limiter.admit("k\(index)") }
        #expect(limiter.trackedKeys == 8)
        _ = limiter.admit("new")
        #expect(limiter.trackedKeys == 7)  // 2 evicted to 6, then the new key
    }
}

@Suite("Abuse limits")
struct AbuseLimitsTests {
    @Test(arguments: [
        ("203.0.113.7", "203.0.113.7"),
        ("10.0.0.1, 203.0.113.7", "203.0.113.7"),
        (" 10.0.0.1 ,198.51.100.20 ", "198.51.100.20"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.4", "198.51.100.4"),
        ("[2001:db8::1]:443", "2001:db8:0:0::/64"),
        ("fe80::1:2", "fe80:0:0:0::/64"),
        ("203.0.113.7:8443", "203.0.113.7"),
    ])
    func theRightmostForwardedAddressIsTheKey(header: String, key: String) throws {
        let headers: HTTPFields = [AbuseLimits.forwardedFor: header]
        let address = try #require(AbuseLimits.rightmostForwardedAddress(headers))
        #expect(AbuseLimits.key(of: address) == key)
    }

    @Test(arguments: ["", "unknown", "not an address", "203.0.113.7, ", String(repeating: "1", count: 200), "1:2:3"])
    func headersWithoutAnAddressAreIgnored(header: String) {
        let headers: HTTPFields = [AbuseLimits.forwardedFor: header]
        #expect(AbuseLimits.rightmostForwardedAddress(headers) == nil)
    }

    @Test func theLastFieldWinsWhenThereAreSeveral() throws {
        var headers = HTTPFields()
        headers[values: AbuseLimits.forwardedFor] = ["198.51.100.1", "203.0.113.9"]
        #expect(headers[values: AbuseLimits.forwardedFor].count == 2)
        let address = try #require(AbuseLimits.rightmostForwardedAddress(headers))
        #expect(AbuseLimits.key(of: address) == "203.0.113.9")
    }

    @Test func refusalsAreBilingualAndCarryTheWait() throws {
        let limits = AbuseLimits(
            .init(submissionsPerMinute: 1, loginsPerMinute: 1, codeAttemptsPerMinute: 1), clock: ManualClock().clock)
        for kind in AbuseLimits.Kind.allCases {
            try limits.admit(kind, key: "a")
            #expect(throws: RequestError.self) { try limits.check(kind, key: "a") }
            do {
                try limits.admit(kind, key: "a")
                Issue.record("\(kind) not limited")
            } catch RequestError.tooManyRequests(let message, retryAfter: let retryAfter) {
                #expect(retryAfter == 60)
                #expect(message.contains("60 seconds") && message.contains("60 秒"))
            }
            try limits.check(kind, key: "b")
        }
    }

    @Test func offMeansEveryLimiterIsOff() throws {
        let limits = AbuseLimits(.off)
        for kind in AbuseLimits.Kind.allCases {
            #expect(!limits[kind].isEnabled)
            for _ in 0..<1_000 { try limits.admit(kind, key: "a") }
        }
    }
}
