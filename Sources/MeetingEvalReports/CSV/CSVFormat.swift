import MeetingEvalCore

/// CSV as spreadsheet programs open it right and safely: UTF-8 with a byte-order mark (so
/// Excel shows Chinese), CRLF rows, RFC 4180 quoting, and formula injection neutralized.
public enum CSVFormat {
    public static let byteOrderMark = "\u{FEFF}"

    /// One row, ending in CRLF.
    public static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// A cell that a spreadsheet would run as a formula gets a leading apostrophe, which
    /// spreadsheets show as text (CWE-1236): one that begins with `=`, `+`, `-`, `@`, a tab or
    /// a carriage return, or with their full-width forms `＝ ＋ － ＠` (which some spreadsheets
    /// read as the ASCII ones), also after leading spaces or quotes (which spreadsheets skip
    /// when they read a formula). Plain numbers such as `-12` stay numbers. Cells with commas,
    /// quotes or line breaks are quoted, quotes doubled.
    public static func cell(_ value: String) -> String {
        var text = value
        if startsAFormula(text), !isPlainNumber(text) { text = "'" + text }
        let needsQuotes = text.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Characters a spreadsheet reads as the start of a formula, and those it skips before one.
    static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]
    static let skippedBeforeFormula: Set<Unicode.Scalar> = [" ", "\"", "\u{3000}", "\u{A0}"]

    static func startsAFormula(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first(where: { !skippedBeforeFormula.contains($0) }) else { return false }
        return formulaStarts.contains(first)
    }

    /// `-12` or `-3.5`: a number, which no spreadsheet runs, so it stays a number.
    static func isPlainNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = String(scalars).split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A number as written by the scorecard's JSON (shortest form), empty for nil.
    public static func number(_ value: Double?) -> String {
        value.map(JSONOutput.format) ?? ""
    }

    public static func number(_ value: Int?) -> String {
        value.map(String.init) ?? ""
    }
}
