/// Text from a file, made safe to print on a terminal: control characters (C0 but the line
/// break that separates lines, DEL, C1) and the bidirectional overrides and isolates are
/// written as `\u{…}`, and a backslash as `\\`. A tampered scorecard could otherwise hold
/// escape sequences that erase a line and print a fake "signature valid", or reorder text.
enum TerminalText {
    static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value)
            let bidi =
                (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
                || value == 0x200E || value == 0x200F || value == 0x061C
            if scalar == "\\" {
                out += "\\\\"
            } else if control || bidi {
                out += "\\u{\(String(value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Each line escaped, joined by line breaks.
    static func lines(_ lines: [String]) -> String {
        lines.map(escaped).joined(separator: "\n")
    }
}
