import Foundation

/// How figures are written on the printable scorecard. Locale-independent on purpose: the
/// same digits as the JSON, so a reader can compare the two.
enum ScorecardFormat {
    static let dash = "—"

    /// A score as reported: two decimals; "—" for none.
    static func score(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? dash
    }

    /// A share (0…1) as a percentage with at most `decimals` decimals: `20%`, `33.3%`.
    static func percent(_ share: Double?, decimals: Int = 1) -> String {
        guard let share else { return dash }
        return plain(share * 100, decimals: decimals) + "%"
    }

    /// A number without trailing zeros: `80`, `62.5`.
    static func plain(_ value: Double, decimals: Int = 2) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A count with thousands separators: `1,234`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    static func count(_ value: Int?) -> String {
        value.map { count($0) } ?? dash
    }
}
