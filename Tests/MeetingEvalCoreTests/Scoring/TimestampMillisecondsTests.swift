import Foundation
import Testing

@testable import MeetingEvalCore

/// `Timestamp.milliseconds` reads the stored form directly; it must agree with `Timestamp.parse`.
@Suite("Timestamp.milliseconds")
struct TimestampMillisecondsTests {
    /// What `parse` says, in whole milliseconds.
    static func parsed(_ text: String) -> Int64? {
        Timestamp.parse(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    /// Civil date of a day count since 1970-01-01 (proleptic Gregorian, Howard Hinnant's
    /// civil_from_days), written independently of the code under test.
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `milliseconds` written as local time at `offsetMinutes` east of UTC, e.g.
    /// `2026-11-20T09:30:00.250+08:00`; `fraction` false leaves out the milliseconds.
    static func text(milliseconds: Int64, offsetMinutes: Int64 = 0, fraction: Bool = true, zulu: Bool = true) -> String
    {
        let local = milliseconds + offsetMinutes * 60_000
        let days = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        let inDay = local - days * 86_400_000
        let (year, month, day) = civil(days: days)
        let hour = inDay / 3_600_000
        let minute = inDay / 60_000 % 60
        let second = inDay / 1000 % 60
        let millisecond = inDay % 1000
        var text = "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
        if fraction { text += "." + String(String(1000 + millisecond).dropFirst()) }
        if zulu && offsetMinutes == 0 { return text + "Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        return text + sign + two(abs(offsetMinutes) / 60) + ":" + two(abs(offsetMinutes) % 60)
    }

    @Test(
        "fixed times",
        arguments: [
            ("1970-01-01T00:00:00.000Z", 0),
            ("1969-12-31T23:59:59.999Z", -1),
            ("1969-07-20T20:17:40.000Z", -14_182_940_000),
            ("1900-03-01T00:00:00.000Z", -2_203_891_200_000),  // 1900 is no leap year
            ("2000-02-29T12:00:00.500Z", 951_825_600_500),  // 2000 is one
            ("2024-02-29T23:59:59.999Z", 1_709_251_199_999),
            ("2026-11-20T01:30:00.250Z", 1_795_138_200_250),
            ("2026-11-20T09:30:00.250+08:00", 1_795_138_200_250),
            ("2026-11-20T01:30:00Z", 1_795_138_200_000),
            ("2100-03-01T00:00:00.000Z", 4_107_542_400_000),
        ] as [(String, Int64)])
    func fixed(text: String, expected: Int64) {
        #expect(Timestamp.milliseconds(text) == expected, "\(text)")
        #expect(Self.parsed(text) == expected, "parse \(text)")
    }

    @Test("agrees with parse on random stored times from 1850 to 2200")
    func randomStoredTimes() {
        var random = SeededGenerator(seed: 0x7143_0002)
        for _ in 0..<1500 {
            // 1850-01-01 … 2200-01-01
            let milliseconds = Int64.random(in: -3_786_825_600_000...7_258_118_400_000, using: &random)
            let text = Self.text(milliseconds: milliseconds)
            #expect(text.utf8.count == 24, "\(text)")
            #expect(Timestamp.milliseconds(text) == milliseconds, "\(text)")
            #expect(Self.parsed(text) == milliseconds, "parse \(text)")
            // The stored form is what `format` writes.
            #expect(Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000)) == text)
        }
    }

    @Test("agrees with parse on every leap day and month end between 1896 and 2104")
    func calendarEdges() {
        for year: Int64 in 1896...2104 {
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            for (month, last) in [(2, isLeap ? 29 : 28), (3, 1), (12, 31), (1, 1)] as [(Int64, Int64)] {
                for time in ["00:00:00.000", "23:59:59.999"] {
                    let text = "\(year)-\(Self.two(month))-\(Self.two(last))T\(time)Z"
                    let parsed = Self.parsed(text)
                    #expect(parsed != nil, "\(text)")
                    #expect(Timestamp.milliseconds(text) == parsed, "\(text)")
                }
            }
        }
    }

    @Test("agrees with parse on other accepted forms: offsets, no fraction, fewer digits")
    func otherForms() {
        var random = SeededGenerator(seed: 0x7143_0003)
        let offsets: [Int64] = [480, -300, 330, 0, 345, -720, 840, -90]
        for _ in 0..<500 {
            let milliseconds = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &random)
            let offset = random.pick(offsets)
            let withOffset = Self.text(milliseconds: milliseconds, offsetMinutes: offset, zulu: false)
            #expect(Timestamp.milliseconds(withOffset) == milliseconds, "\(withOffset)")
            #expect(Timestamp.milliseconds(withOffset) == Self.parsed(withOffset), "\(withOffset)")
            let whole = milliseconds - ((milliseconds % 1000) + 1000) % 1000
            let seconds = Self.text(milliseconds: whole, offsetMinutes: offset, fraction: false)
            #expect(Timestamp.milliseconds(seconds) == whole, "\(seconds)")
            #expect(Timestamp.milliseconds(seconds) == Self.parsed(seconds), "\(seconds)")
        }
        for text in ["2026-11-20T01:30:00.5Z", "2026-11-20T01:30:00.25Z", "2026-11-20T01:30:00.123456Z"] {
            #expect(Timestamp.milliseconds(text) == Self.parsed(text), "\(text)")
        }
    }

    @Test("texts that are no time are nil, as for parse")
    func notTimes() {
        for text in [
            "", "yesterday", "2026-11-20", "2026-11-20T01:30:00.25", "2026-11-20T01:30:00.2500",
            "2026-11-20 01:30:00.250Z", "2026-11-20T01:30:00,250Z", "2026-13-20T01:30:00.250Z",
            "2026-00-10T01:30:00.250Z", "2026-11-00T01:30:00.250Z", "2026-11-20T24:30:00.250Z",
            "2026-11-20T01:60:00.250Z", "2026-1a-20T01:30:00.250Z", "+026-11-20T01:30:00.250Z",
        ] {
            #expect(Timestamp.milliseconds(text) == Self.parsed(text), "\(text.debugDescription)")
        }
    }

    @Test("day numbers past the end of the month agree with parse")
    func impossibleDays() {
        // The fast path checks 1…31 only; parse knows the month.
        for text in [
            "2026-02-29T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-04-31T00:00:00.000Z",
            "1900-02-29T00:00:00.000Z", "2026-11-20T01:30:60.000Z",
        ] {
            #expect(Timestamp.milliseconds(text) == Self.parsed(text), "\(text)")
        }
    }

    @Test("agrees with parse before the Gregorian reform of 1582-10-15")
    func beforeGregorianReform() {
        // Foundation's parse and format switch to the Julian calendar before 1582-10-15; the fast
        // path counts proleptic Gregorian days. A stored time written by `format` must read back
        // as the instant it was written from.
        for text in [
            "1582-10-15T00:00:00.000Z", "1582-10-14T00:00:00.000Z", "1500-03-01T00:00:00.000Z",
            "0999-12-31T00:00:00.000Z", "0001-01-01T00:00:00.000Z",
        ] {
            #expect(Timestamp.milliseconds(text) == Self.parsed(text), "\(text)")
        }
        for milliseconds: Int64 in [-14_000_000_000_000, -30_000_000_000_000, -62_135_596_800_000] {
            let text = Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            #expect(Timestamp.milliseconds(text) == milliseconds, "\(text)")
        }
    }
}

/// `Timestamp.format` writes the digits itself between 1600 and 9999; it must agree with
/// Foundation's ISO 8601 style, which it used before and still uses outside that range.
@Suite("Timestamp.format")
struct TimestampFormatTests {
    @Test("direct formatting agrees with Foundation across the range", arguments: 0..<20)
    func agrees(_ seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 3)
        for _ in 0..<500 {
            let milliseconds = Int64.random(
                in: Timestamp.firstFastMillisecond...Timestamp.lastFastMillisecond, using: &random)
            #expect(Timestamp.formatDirectly(milliseconds) == Timestamp.formatWithFoundation(milliseconds))
        }
    }

    @Test(
        "edges: the range's ends, the epoch, leap days, the end of a day",
        arguments: [
            Timestamp.firstFastMillisecond, Timestamp.lastFastMillisecond, 0, -1, 1, 951_782_400_000,
            4_107_542_399_999, 1_795_132_800_000 - 1,
        ] as [Int64])
    func edges(_ milliseconds: Int64) {
        #expect(Timestamp.formatDirectly(milliseconds) == Timestamp.formatWithFoundation(milliseconds))
        #expect(Timestamp.milliseconds(Timestamp.formatDirectly(milliseconds)) == milliseconds)
    }

    @Test("outside the range Foundation still writes it")
    func outside() {
        let before = Date(timeIntervalSince1970: Double(Timestamp.firstFastMillisecond - 1) / 1000)
        #expect(Timestamp.format(before) == "1599-12-31T23:59:59.999Z")
    }
}
