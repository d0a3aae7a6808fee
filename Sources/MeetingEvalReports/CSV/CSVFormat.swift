import MeetingEvalCore

/// CSV as spreadsheet programs open it right and safely: UTF-8 with a byte-order mark (so
/// Excel shows Chinese), CRLF rows, RFC 4180 quoting, and formula injection neutralized.
public enum CSVFormat {
    public static let byteOrderMark = "\u{FEFF}"

    /// One row, ending in CRLF.
    public static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// A cell that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return; CWE-1236) gets a leading apostrophe, which spreadsheets show
    /// as text. Cells with commas, quotes or line breaks are quoted, quotes doubled.
    public static func cell(_ value: String) -> String {
        var text = value
        switch text.utf8.first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"),
            UInt8(ascii: "\r"):
            if !isPlainNumber(text) { text = "'" + text }
        default:
            break
        }
        let needsQuotes = text.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
