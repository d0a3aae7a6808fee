import Foundation

/// ISO 8601 times as the API writes and reads them (UTC, milliseconds).
public enum Timestamp {
    /// `2026-11-20T01:30:00.250Z`. Exact for any date read back with `parse`, so a stored time
    /// always prints the same (the 0.01 ms slack absorbs floating-point error).
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000 + 0.01).rounded(.down))
        if (firstFastMillisecond...lastFastMillisecond).contains(milliseconds) {
            return formatDirectly(milliseconds)
        }
        return formatWithFoundation(milliseconds)
    }

    static func formatWithFoundation(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let fraction = Int(milliseconds - seconds * 1000)
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(Date.ISO8601FormatStyle())
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// 1600-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: between them the calendar is the
    /// plain Gregorian one and the year has four digits, so `format` writes the digits itself
    /// (every submission is stamped; a date formatter costs more than the rest of the stamp).
    static let firstFastMillisecond: Int64 = -11_676_096_000_000
    static let lastFastMillisecond: Int64 = 253_402_300_799_999

    static func formatDirectly(_ milliseconds: Int64) -> String {
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let inDay = milliseconds - days * 86_400_000
        // Civil from days (proleptic Gregorian), after Howard Hinnant's algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int64, at offset: Int, digits: Int) {
            var rest = value
            for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                bytes[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                rest /= 10
            }
        }
        put(year, at: 0, digits: 4)
        put(month, at: 5, digits: 2)
        put(day, at: 8, digits: 2)
        put(inDay / 3_600_000, at: 11, digits: 2)
        put(inDay / 60_000 % 60, at: 14, digits: 2)
        put(inDay / 1000 % 60, at: 17, digits: 2)
        put(inDay % 1000, at: 20, digits: 3)
        bytes[4] = 0x2D
        bytes[7] = 0x2D
        bytes[10] = 0x54
        bytes[13] = 0x3A
        bytes[16] = 0x3A
        bytes[19] = 0x2E
        bytes[23] = 0x5A
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The current time, at the millisecond precision that is stored.
    public static func now() -> Date {
        parse(format(Date())) ?? Date()
    }

    /// Accepts `2026-11-20T09:30:00Z`, with fractional seconds, or with a UTC offset.
    public static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= 40 else { return nil }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Milliseconds since 1970 of a stored time. The stored form (`format`) is read directly,
    /// without a date formatter, because screening reads two times per response; any other
    /// accepted form, and years before 1600 (where Foundation's calendar turns Julian), go
    /// through `parse`.
    public static func milliseconds(_ text: String) -> Int64? {
        var copy = text
        let fast = copy.withUTF8 { bytes -> Int64? in
            // 2026-11-20T01:30:00.250Z
            guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
                bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A
            else { return nil }
            func number(_ from: Int, _ count: Int) -> Int64? {
                var value: Int64 = 0
                for index in from..<(from + count) {
                    let byte = bytes[index]
                    guard byte >= 0x30, byte <= 0x39 else { return nil }
                    value = value * 10 + Int64(byte - 0x30)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                let millisecond = number(20, 3), year >= 1600, (1...12).contains(month), (1...31).contains(day),
                hour < 24,
                minute < 60, second < 61
            else { return nil }
            // Days from civil (proleptic Gregorian), after Howard Hinnant's algorithm.
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond
        }
        if let fast { return fast }
        return parse(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    /// `YYYY-MM-DD`, a calendar date that exists.
    public static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let daysInMonth = [
            31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
        return day <= daysInMonth[month - 1]
    }
}
