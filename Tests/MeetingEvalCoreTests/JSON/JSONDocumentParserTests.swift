import Foundation
import Testing

@testable import MeetingEvalCore

@Suite("JSON reader")
struct JSONDocumentParserTests {
    private func parse(_ text: String) throws -> DocumentNode {
        try DocumentNode.parseJSON(Data(text.utf8))
    }

    private func failure(_ text: String) -> String {
        failure(Data(text.utf8))
    }

    private func failure(_ data: Data) -> String {
        do {
            let node = try DocumentNode.parseJSON(data)
            Issue.record("expected an error, got \(node)")
            return ""
        } catch {
            return error.message
        }
    }

    @Test("scalars, lists and objects; keys sorted; no lines")
    func values() throws {
        let node = try parse(#" { "b": [1, -2.5, 3e2, 0, -0.0], "a": {"x": null, "t": true, "f": false}, "s": "" } "#)
        #expect(
            node
                == DocumentNode(
                    .object([
                        (
                            "a",
                            DocumentNode(
                                .object([
                                    ("f", DocumentNode(.bool(false))), ("t", DocumentNode(.bool(true))),
                                    ("x", DocumentNode(.null)),
                                ]))
                        ),
                        (
                            "b",
                            DocumentNode(
                                .array([
                                    DocumentNode(.number(1)), DocumentNode(.number(-2.5)), DocumentNode(.number(300)),
                                    DocumentNode(.number(0)), DocumentNode(.number(-0.0)),
                                ]))
                        ),
                        ("s", DocumentNode(.string(""))),
                    ])))
        #expect(node.line == nil)
        #expect(try parse("[]") == DocumentNode(.array([])))
        #expect(try parse("{}") == DocumentNode(.object([])))
        #expect(try parse("\u{FEFF}\"x\"") == DocumentNode(.string("x")))
    }

    @Test("numbers: integers exactly, long and fractional ones through the double reader")
    func numbers() throws {
        #expect(try parse("123456789012345") == DocumentNode(.number(123_456_789_012_345)))
        #expect(try parse("12345678901234567890") == DocumentNode(.number(12_345_678_901_234_567_890)))
        #expect(try parse("-0.125") == DocumentNode(.number(-0.125)))
        #expect(try parse("1E-2") == DocumentNode(.number(0.01)))
        #expect(try parse("2.5e+3") == DocumentNode(.number(2500)))
    }

    @Test("escapes, surrogate pairs and non-ASCII text")
    func strings() throws {
        #expect(
            try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\u4F1A\ud83d\ude00 会议""#)
                == DocumentNode(.string("a\"b\\c/d\u{8}\u{c}\n\r\té会😀 会议")))
    }

    @Test(
        "malformed text is refused with the reason and where",
        arguments: [
            ("", "the body is empty"),
            ("   ", "the body is empty"),
            ("{", "the text ends"),
            ("[1,", "the text ends"),
            ("[1 2]", "expected ',' or ']'"),
            ("{\"a\" 1}", "expected ':'"),
            ("{\"a\":1 \"b\":2}", "expected ',' or '}'"),
            ("{a:1}", "expected a quoted key"),
            ("{'a':1}", "expected a quoted key"),
            ("[1,]", "where a value should be"),
            ("nul", "unexpected end"),
            ("nulL", "unexpected character"),
            ("01", "must not start with 0"),
            ("-", "a number needs digits"),
            ("1.", "digits after '.'"),
            ("1e", "digits in its exponent"),
            ("1e400", "too large"),
            ("-1e400", "too large"),
            ("+1", "unexpected character '+'"),
            ("NaN", "unexpected character 'N'"),
            ("\"abc", "not closed"),
            ("\"a\\", "not closed"),
            ("\"a\nb\"", "control character"),
            ("\"a\\x\"", "unknown escape"),
            ("\"\\u12\"", "four hex digits"),
            ("\"\\ud800\"", "surrogate"),
            ("\"\\udc00\"", "surrogate"),
            ("\"\\ud800\\u0041\"", "surrogate"),
            ("{\"a\":1,\"a\":2}", "appears twice"),
            ("{\"b\":{\"a\":1,\"c\":1,\"a\":1}}", "appears twice"),
            ("[1] [2]", "after the JSON value"),
            ("{} x", "after the JSON value"),
        ])
    func malformed(_ text: String, _ reason: String) {
        let message = failure(text)
        #expect(message.hasPrefix("The body is not valid JSON: "), "\(message)")
        #expect(message.contains(reason), "\(message)")
        #expect(message.contains("line "), "\(message)")
    }

    @Test("the position counts lines and columns")
    func position() {
        #expect(failure("{\n  \"a\": 1,\n  \"b\": x\n}").hasSuffix("(line 3, column 8)."))
    }

    @Test("bytes that are not UTF-8 are refused, inside and outside strings")
    func notUTF8() {
        #expect(failure(Data([0x22, 0xFF, 0xFE, 0x22])).contains("not valid UTF-8"))
        #expect(failure(Data([0x22, 0x5C, 0x6E, 0xC3, 0x22])).contains("not valid UTF-8"))
        #expect(failure(Data([0xFF])).contains("byte 0xFF"))
    }

    @Test("nesting is limited; deep documents give an error, not a crash", arguments: [129, 100_000])
    func nesting(_ depth: Int) {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(failure(text).contains("nested more than 128"))
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(failure(objects).contains("nested more than 128"))
    }

    @Test("128 levels are read")
    func deepestAllowed() throws {
        let text = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        _ = try parse(text)
    }

    /// Random documents written by Foundation's serializer read back as the same tree.
    @Test("agrees with Foundation's JSON on random documents", arguments: 0..<50)
    func agreesWithFoundation(_ seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &+ 11)
        let value = Self.randomValue(&random, depth: 0)
        for options: JSONSerialization.WritingOptions in [[.fragmentsAllowed], [.fragmentsAllowed, .prettyPrinted]] {
            let data = try JSONSerialization.data(withJSONObject: value.foundation, options: options)
            #expect(try DocumentNode.parseJSON(data) == value.node)
        }
    }

    private struct Generated {
        var node: DocumentNode
        var foundation: Any
    }

    private static let alphabet: [String] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7f}", "é", "会", "😀", "\u{2028}",
    ]

    private static func randomString(_ random: inout SeededRandom) -> String {
        (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
    }

    private static func randomValue(_ random: inout SeededRandom, depth: Int) -> Generated {
        switch Int.random(in: 0..<(depth < 4 ? 7 : 5), using: &random) {
        case 0: return Generated(node: DocumentNode(.null), foundation: NSNull())
        case 1:
            let flag = Bool.random(using: &random)
            return Generated(node: DocumentNode(.bool(flag)), foundation: flag)
        case 2:
            let number = Int.random(in: -1_000_000...1_000_000, using: &random)
            return Generated(node: DocumentNode(.number(Double(number))), foundation: number)
        case 3:
            let number = Double(Int.random(in: -100_000...100_000, using: &random)) / 64
            return Generated(node: DocumentNode(.number(number)), foundation: number)
        case 4:
            let text = randomString(&random)
            return Generated(node: DocumentNode(.string(text)), foundation: text)
        case 5:
            let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(&random, depth: depth + 1) }
            return Generated(node: DocumentNode(.array(items.map(\.node))), foundation: items.map(\.foundation))
        default:
            var pairs: [String: Generated] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                pairs[randomString(&random)] = randomValue(&random, depth: depth + 1)
            }
            let sorted = pairs.sorted { $0.key < $1.key }
            return Generated(
                node: DocumentNode(.object(sorted.map { ($0.key, $0.value.node) })),
                foundation: pairs.mapValues(\.foundation))
        }
    }
}
