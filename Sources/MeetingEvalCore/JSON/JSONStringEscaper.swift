/// Writes a Swift string as a JSON string literal. Every JSON text the program writes by hand
/// — stored answers and content digests, the signed scorecard's canonical form, API bodies and
/// scorecards — quotes its strings here; the forms differ only in the options below.
///
/// `"` and `\` are always escaped, every control character (U+0000–U+001F) always is, and
/// everything else is written as its UTF-8 bytes unless an option says otherwise. A Swift
/// string holds no lone surrogate, so none can be written.
public struct JSONStringEscaper: Sendable, Equatable {
    /// Which control characters are written with a two-character escape; the others are
    /// written as `\u00XX`.
    public enum ShortEscapes: Sendable, Equatable {
        /// `\b` `\t` `\n` `\f` `\r` (RFC 8785, and what `JSONEncoder` writes).
        case all
        /// `\t` `\n` `\r` only: backspace and form feed as `\u0008` and `\u000c`.
        case tabAndLineBreaks
    }

    /// Which control characters get a two-character escape.
    public var shortEscapes: ShortEscapes
    /// Writes U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR as `\u2028` and `\u2029`,
    /// so the text can also be pasted into a JavaScript string literal (before ES2019 they
    /// ended one).
    public var escapesLineSeparators: Bool
    /// Writes `/` as `\/` (what `JSONEncoder` does without `.withoutEscapingSlashes`).
    public var escapesSlash: Bool
    /// Uppercase hex digits in `\u` escapes (`\u001F` instead of `\u001f`).
    public var uppercaseHex: Bool

    public init(
        shortEscapes: ShortEscapes = .all, escapesLineSeparators: Bool = false, escapesSlash: Bool = false,
        uppercaseHex: Bool = false
    ) {
        self.shortEscapes = shortEscapes
        self.escapesLineSeparators = escapesLineSeparators
        self.escapesSlash = escapesSlash
        self.uppercaseHex = uppercaseHex
    }

    /// The canonical form: RFC 8785 (§3.2.2.2), and byte for byte what `JSONEncoder` writes
    /// with `.withoutEscapingSlashes` — `\b \t \n \f \r`, other control characters as
    /// `\u00xx` in lowercase hex, `/` and every other character as it is. Stored answers,
    /// content digests and the signed scorecard's canonical form are written so; digests
    /// stored by earlier versions depend on it not changing.
    public static let canonical = JSONStringEscaper()

    /// The form of API bodies and scorecards (`JSONOutput`): `\t \n \r`, other control
    /// characters as `\u00xx` in lowercase hex, U+2028 and U+2029 escaped, `/` as it is.
    public static let output = JSONStringEscaper(shortEscapes: .tabAndLineBreaks, escapesLineSeparators: true)

    /// `text` as a JSON string literal, quotes included, appended to `output`.
    public func append(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var copy = text
        copy.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied whole.
            var runStart = 0
            var offset = 0
            while offset < utf8.count {
                let byte = utf8[offset]
                guard mayNeedEscape(byte) else {
                    offset += 1
                    continue
                }
                if byte == 0xE2 {
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
                    guard offset + 2 < utf8.count, utf8[offset + 1] == 0x80, utf8[offset + 2] | 1 == 0xA9 else {
                        offset += 1
                        continue
                    }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                    appendUnicodeEscape(utf8[offset + 2] == 0xA8 ? 0x2028 : 0x2029, to: &output)
                    offset += 3
                    runStart = offset
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                appendEscape(byte, to: &output)
                offset += 1
                runStart = offset
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal, quotes included, appended to `output`.
    public func append(_ text: String, to output: inout String) {
        output += "\""
        // Most texts need no escape at all: copy them whole.
        if !needsEscaping(text) {
            output += text
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count + 16)
            append(text, to: &bytes)
            output += String(decoding: bytes[1..<(bytes.count - 1)], as: UTF8.self)
        }
        output += "\""
    }

    /// `text` as a JSON string literal, quotes included.
    public func quoted(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }

    /// Whether any character of `text` is written other than as its UTF-8 bytes.
    public func needsEscaping(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard mayNeedEscape(byte) else { continue }
            guard byte == 0xE2 else { return true }
            if utf8.next() == 0x80, let last = utf8.next(), last | 1 == 0xA9 { return true }
        }
        return false
    }

    /// True for a byte that is escaped, or (0xE2) may start U+2028 or U+2029 when those are.
    @inline(__always)
    private func mayNeedEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            || (byte == UInt8(ascii: "/") && escapesSlash) || (byte == 0xE2 && escapesLineSeparators)
    }

    private func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            output.append(UInt8(ascii: "\\"))
            output.append(byte)
        case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x08 where shortEscapes == .all: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C where shortEscapes == .all: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        default: appendUnicodeEscape(UInt16(byte), to: &output)
        }
    }

    private func appendUnicodeEscape(_ unit: UInt16, to output: inout [UInt8]) {
        let digits = uppercaseHex ? Self.upperDigits : Self.lowerDigits
        output.append(contentsOf: [
            UInt8(ascii: "\\"), UInt8(ascii: "u"), digits[Int(unit >> 12)], digits[Int(unit >> 8 & 0xF)],
            digits[Int(unit >> 4 & 0xF)], digits[Int(unit & 0xF)],
        ])
    }

    private static let lowerDigits = Array("0123456789abcdef".utf8)
    private static let upperDigits = Array("0123456789ABCDEF".utf8)
}

/// Hex text of bytes: SHA-256 digests as they are stored and shown (content digests, hashed
/// secrets, key fingerprints, the included-responses digest).
public enum HexText {
    /// Lowercase hex of `bytes`, two digits a byte.
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
