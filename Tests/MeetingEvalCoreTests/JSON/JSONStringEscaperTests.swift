import Foundation
import Testing

@testable import MeetingEvalCore

/// The one string escaper, option by option, on the strings where JSON writers differ.
@Suite("JSON string escaper")
struct JSONStringEscaperTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var canonical: String
        var output: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain ASCII", text: "plain text 123", canonical: #""plain text 123""#, output: #""plain text 123""#),
        Case(name: "empty", text: "", canonical: #""""#, output: #""""#),
        Case(name: "quote and backslash", text: #"a"b\c"#, canonical: #""a\"b\\c""#, output: #""a\"b\\c""#),
        Case(name: "slash", text: "a/b</script>", canonical: #""a/b</script>""#, output: #""a/b</script>""#),
        Case(
            name: "control characters with short forms", text: "\u{8}\u{9}\u{A}\u{C}\u{D}",
            canonical: #""\b\t\n\f\r""#, output: #""\u0008\t\n\u000c\r""#),
        Case(
            name: "other control characters", text: "\u{0}\u{1}\u{B}\u{1B}\u{1F}",
            canonical: #""\u0000\u0001\u000b\u001b\u001f""#, output: #""\u0000\u0001\u000b\u001b\u001f""#),
        Case(name: "DEL is not a control character for JSON", text: "\u{7F}", canonical: "\"\u{7F}\"", output: "\"\u{7F}\""),
        Case(
            name: "U+2028 and U+2029", text: "a\u{2028}b\u{2029}c", canonical: "\"a\u{2028}b\u{2029}c\"",
            output: #""a\u2028b\u2029c""#),
        Case(
            name: "neighbours of U+2028 (same lead byte)", text: "\u{2027}\u{202A}\u{20AC}\u{2000}",
            canonical: "\"\u{2027}\u{202A}\u{20AC}\u{2000}\"", output: "\"\u{2027}\u{202A}\u{20AC}\u{2000}\""),
        Case(name: "lead byte at the end", text: "x€", canonical: "\"x€\"", output: "\"x€\""),
        Case(
            name: "non-ASCII as UTF-8", text: "é 会议 Ω", canonical: "\"é 会议 Ω\"", output: "\"é 会议 Ω\""),
        Case(
            name: "non-BMP characters as UTF-8, never as surrogate pairs", text: "😀𝄞👨‍👩‍👧",
            canonical: "\"😀𝄞👨‍👩‍👧\"", output: "\"😀𝄞👨‍👩‍👧\""),
        Case(
            name: "replacement character (what a lone surrogate becomes in a Swift string)", text: "\u{FFFD}",
            canonical: "\"\u{FFFD}\"", output: "\"\u{FFFD}\""),
        Case(
            name: "everything at once", text: "\"\\/\u{8}\n\u{2028}😀\u{1F}",
            canonical: "\"\\\"\\\\/\\b\\n\u{2028}😀\\u001f\"", output: #""\"\\/\u0008\n\u2028😀\u001f""#),
    ]

    static func bytes(_ escaper: JSONStringEscaper, _ text: String) -> String {
        var bytes: [UInt8] = [0x41]
        escaper.append(text, to: &bytes)
        #expect(bytes.first == 0x41, "appends, keeping what was there")
        return String(decoding: bytes.dropFirst(), as: UTF8.self)
    }

    @Test("canonical form (RFC 8785, JSONEncoder without escaped slashes)", arguments: cases)
    func canonical(_ example: Case) {
        #expect(JSONStringEscaper.canonical.quoted(example.text) == example.canonical)
        #expect(Self.bytes(.canonical, example.text) == example.canonical)
    }

    @Test("output form (API bodies, scorecards)", arguments: cases)
    func output(_ example: Case) {
        #expect(JSONStringEscaper.output.quoted(example.text) == example.output)
        #expect(Self.bytes(.output, example.text) == example.output)
        #expect(JSONOutput.string(example.text).serialized() == example.output)
    }

    @Test("escapesSlash writes / as \\/, in either form", arguments: cases)
    func slash(_ example: Case) {
        var canonical = JSONStringEscaper.canonical
        canonical.escapesSlash = true
        var output = JSONStringEscaper.output
        output.escapesSlash = true
        #expect(canonical.quoted(example.text) == example.canonical.replacingOccurrences(of: "/", with: "\\/"))
        #expect(output.quoted(example.text) == example.output.replacingOccurrences(of: "/", with: "\\/"))
        #expect(Self.bytes(output, example.text) == example.output.replacingOccurrences(of: "/", with: "\\/"))
    }

    @Test("uppercaseHex changes only the digits of \\u escapes")
    func uppercaseHex() {
        var escaper = JSONStringEscaper.output
        escaper.uppercaseHex = true
        #expect(escaper.quoted("\u{C}\u{1F}\u{2028}\u{2029}abc\u{7F}") == "\"\\u000C\\u001F\\u2028\\u2029abc\u{7F}\"")
        var canonical = JSONStringEscaper.canonical
        canonical.uppercaseHex = true
        #expect(canonical.quoted("\u{C}\u{1B}\u{2028}") == "\"\\f\\u001B\u{2028}\"")
    }

    @Test("each option alone")
    func optionsAlone() {
        let text = "/\u{8}\u{2028}\u{1F}"
        #expect(JSONStringEscaper().quoted(text) == "\"/\\b\u{2028}\\u001f\"")
        #expect(JSONStringEscaper(shortEscapes: .tabAndLineBreaks).quoted(text) == "\"/\\u0008\u{2028}\\u001f\"")
        #expect(JSONStringEscaper(escapesLineSeparators: true).quoted(text) == #""/\b\u2028\u001f""#)
        #expect(JSONStringEscaper(escapesSlash: true).quoted(text) == "\"\\/\\b\u{2028}\\u001f\"")
        #expect(JSONStringEscaper(uppercaseHex: true).quoted(text) == "\"/\\b\u{2028}\\u001F\"")
        #expect(JSONStringEscaper() == .canonical)
    }

    @Test("a lone surrogate cannot be in a Swift string, so it is never written")
    func loneSurrogates() {
        #expect(Unicode.Scalar(UInt32(0xD800)) == nil)
        #expect(Unicode.Scalar(UInt32(0xDFFF)) == nil)
        // The UTF-8 form of a lone surrogate (ED A0 80) is repaired to U+FFFD when decoded.
        let repaired = String(decoding: [0x61, 0xED, 0xA0, 0x80, 0x62] as [UInt8], as: UTF8.self)
        #expect(JSONStringEscaper.canonical.quoted(repaired) == "\"a\u{FFFD}\u{FFFD}\u{FFFD}b\"")
        // And a \u escape holding one is refused by the reader.
        #expect(throws: DocumentError.self) { try DocumentNode.parseJSON(Data(#""\ud800""#.utf8)) }
    }

    /// Text from every range where the forms differ, so that every escape occurs.
    static func randomText(_ random: inout SeededGenerator) -> String {
        let pools: [ClosedRange<UInt32>] = [0x00...0x1F, 0x20...0x7F, 0x80...0x7FF, 0x2020...0x2030, 0x1F300...0x1FAFF]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...20, using: &random) {
            if random.chance(0.2) {
                scalars.append(random.pick(["\"", "\\", "/"] as [Unicode.Scalar]))
            } else if let scalar = Unicode.Scalar(UInt32.random(in: random.pick(pools), using: &random)) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    @Test("every form reads back as the same text; the byte and the String writers agree")
    func roundTrip() throws {
        var random = SeededGenerator(seed: 0x5EED_0E5C)
        let escapers: [JSONStringEscaper] = [
            .canonical, .output, JSONStringEscaper(escapesSlash: true, uppercaseHex: true),
            JSONStringEscaper(shortEscapes: .tabAndLineBreaks, escapesLineSeparators: true, escapesSlash: true),
        ]
        for _ in 0..<300 {
            let text = Self.randomText(&random)
            for escaper in escapers {
                let quoted = escaper.quoted(text)
                #expect(Self.bytes(escaper, text) == quoted)
                #expect(escaper.needsEscaping(text) == (quoted != "\"" + text + "\""))
                let node = try DocumentNode.parseJSON(Data(quoted.utf8))
                #expect(node.value == .string(text), "\(quoted)")
                // Foundation, as an independent reader, agrees.
                let foundation = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed)
                #expect(foundation as? String == text)
            }
        }
    }

    @Test("the canonical form is what JSONEncoder writes; escapesSlash is JSONEncoder's default")
    func matchesJSONEncoder() throws {
        var random = SeededGenerator(seed: 0x5EED_0E5D)
        let texts = Self.cases.map(\.text) + (0..<200).map { _ in Self.randomText(&random) }
        let withoutSlashes = JSONEncoder()
        withoutSlashes.outputFormatting = [.withoutEscapingSlashes]
        let plain = JSONEncoder()
        for text in texts {
            let expected = String(decoding: try withoutSlashes.encode(text), as: UTF8.self)
            #expect(JSONStringEscaper.canonical.quoted(text) == expected)
            let expectedEscaped = String(decoding: try plain.encode(text), as: UTF8.self)
            #expect(JSONStringEscaper(escapesSlash: true).quoted(text) == expectedEscaped)
        }
    }
}
