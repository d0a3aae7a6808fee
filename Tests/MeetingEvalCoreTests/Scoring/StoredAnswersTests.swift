import Foundation
import Testing

@testable import MeetingEvalCore

/// The stored-answers reader (the JSON reader's member-by-member entry point), on the canonical
/// form and on every other JSON object; "slow" cases put a member that is no answer (a nested
/// object) in front, which the reader reads whole and skips.
@Suite("Stored answers reader")
struct StoredAnswersTests {
    static let questionnaire = Build.questionnaire([
        Build.dimension(
            "a", weight: 1,
            [
                Build.rating("r", notApplicable: true), Build.single("s", [("good", 100), ("bad", 0)]),
            ]),
        Build.dimension("remarks", weight: nil, [Build.multiple("m", ["x", "y", "z"]), Build.text("t")]),
    ])
    static let plan = ScoringPlan(questionnaire: questionnaire, evaluation: Build.evaluation(for: questionnaire))

    /// Cells in question order: r, s, m, t.
    static func cells(_ json: String) -> [AnswerCell] {
        var cells = Array(repeating: AnswerCell.none, count: plan.questions.count)
        StoredAnswersReader.read(json, plan: plan, into: &cells)
        return cells
    }

    /// The same document with a member the fast parser refuses (a nested object) in front,
    /// so that Foundation's parser reads it.
    static func slowCells(_ json: String) -> [AnswerCell] {
        let body = json.drop { $0 != "{" }.dropFirst()
        let separator = body.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("}") ? "" : ","
        return cells(#"{"zz":{"nested":[1,2]}"# + separator + body)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var expected: [AnswerCell]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "canonical form", json: #"{"m":["x","z"],"r":4,"s":"good","t":"ok"}"#,
            expected: [.rating(4), .option(0), .options([0, 2]), .text("ok")]),
        Case(name: "not applicable", json: #"{"r":"na"}"#, expected: [.notApplicable, .none, .none, .none]),
        Case(
            name: "escapes", json: #"{"t":"a\"b\\c\/d\ne\tf\r\b\f\u00e9"}"#,
            expected: [.none, .none, .none, .text("a\"b\\c/d\ne\tf\r\u{8}\u{C}é")]),
        Case(
            name: "surrogate pair", json: #"{"t":"\ud83d\ude00 ok \uD83D\uDC4D"}"#,
            expected: [.none, .none, .none, .text("😀 ok 👍")]),
        Case(
            name: "Chinese text, raw and escaped", json: #"{"t":"建议压缩会议时间，少念稿。\u4f1a\u8bae"}"#,
            expected: [.none, .none, .none, .text("建议压缩会议时间，少念稿。会议")]),
        Case(
            name: "emoji and combining marks raw", json: #"{"t":"👨‍👩‍👧 é"}"#,
            expected: [.none, .none, .none, .text("👨‍👩‍👧 é")]),
        Case(
            name: "whitespace everywhere",
            json: " \n{ \"r\" :\t4 ,\r\n \"s\" : \"good\" , \"m\" : [ \"x\" , \"z\" ] , \"t\" : \" \" }\n ",
            expected: [.rating(4), .option(0), .options([0, 2]), .text(" ")]),
        Case(name: "escaped key", json: #"{"\u0072":2}"#, expected: [.rating(2), .none, .none, .none]),
        Case(name: "empty object", json: "{}", expected: [.none, .none, .none, .none]),
        Case(name: "empty list", json: #"{"m":[]}"#, expected: [.none, .none, .options([]), .none]),
        Case(
            name: "unknown keys and option ids", json: #"{"other":5,"s":"unknown","m":["x","nope","y"]}"#,
            expected: [.none, .none, .options([0, 1]), .none]),
        Case(name: "wrong types", json: #"{"r":"4","s":1,"m":"x","t":["a"]}"#, expected: [.none, .none, .none, .none]),
        Case(
            name: "float 4.0 (fast parser refuses, Foundation reads 4)", json: #"{"r":4.0,"s":"good","t":"after"}"#,
            expected: [.rating(4), .option(0), .none, .text("after")]),
        Case(name: "exponent 4e0", json: #"{"r":4e0,"t":"x"}"#, expected: [.rating(4), .none, .none, .text("x")]),
        Case(
            name: "fraction 3.5 is no rating", json: #"{"r":3.5,"t":"x"}"#, expected: [.none, .none, .none, .text("x")]),
        Case(
            name: "nested object (fast parser refuses)",
            json: #"{"r":3,"extra":{"a":[1,{"b":null}]},"t":"after object"}"#,
            expected: [.rating(3), .none, .none, .text("after object")]),
        Case(name: "null", json: #"{"r":null,"t":"x"}"#, expected: [.none, .none, .none, .text("x")]),
        Case(
            name: "numbers in a list", json: #"{"m":["x",1],"t":"x"}"#, expected: [.none, .none, .none, .text("x")]),
        Case(name: "not JSON", json: #"{"r":4"#, expected: [.none, .none, .none, .none]),
        // Found by Fuzz/ (stored-answers): the fast parser read 01 as 1 where Foundation refuses it.
        Case(name: "not JSON: a leading zero", json: #"{"r":01,"t":"x"}"#, expected: [.none, .none, .none, .none]),
        Case(
            name: "not JSON: a negative leading zero", json: #"{"t":"x","r":-05}"#,
            expected: [.none, .none, .none, .none]),
        Case(name: "trailing garbage", json: #"{"r":4} x"#, expected: [.none, .none, .none, .none]),
        Case(name: "a list, not an object", json: #"[{"r":4}]"#, expected: [.none, .none, .none, .none]),
        Case(
            name: "duplicate key: the last wins", json: #"{"r":1,"r":5}"#,
            expected: [.rating(5), .none, .none, .none]),
    ]

    @Test("reads every shape of stored answers", arguments: cases)
    func reads(_ example: Case) {
        #expect(Self.cells(example.json) == example.expected)
    }

    @Test("the previous response's cells never leak into the next")
    func cellsReset() {
        var cells = Array(repeating: AnswerCell.none, count: Self.plan.questions.count)
        StoredAnswersReader.read(#"{"r":4,"s":"good","m":["x"],"t":"a"}"#, plan: Self.plan, into: &cells)
        StoredAnswersReader.read(#"{"t":"b"}"#, plan: Self.plan, into: &cells)
        #expect(cells == [.none, .none, .none, .text("b")])
        // Fast parse fails half-way (after r was read), Foundation parse fails too: nothing is left.
        StoredAnswersReader.read(#"{"r":4,"s":tru}"#, plan: Self.plan, into: &cells)
        #expect(cells == [.none, .none, .none, .none])
    }

    @Test("a boolean is no rating, also on the slow path")
    func booleanIsNoRating() {
        #expect(Self.cells(#"{"r":true,"t":"x"}"#) == [.none, .none, .none, .text("x")])
        #expect(Self.cells(#"{"r":false}"#) == [.none, .none, .none, .none])
    }

    // MARK: Random texts

    /// Text drawn from ASCII (quotes, backslashes, controls included), Latin, CJK, and astral
    /// scalars, so that every escape and every UTF-8 length occurs.
    static func randomText(_ random: inout SeededGenerator) -> String {
        let pools: [ClosedRange<UInt32>] = [
            0x00...0x1F, 0x20...0x7E, 0x20...0x7E, 0x80...0x7FF, 0x4E00...0x9FFF, 0xE000...0xFFFD, 0x1F300...0x1FAFF,
        ]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...24, using: &random) {
            if random.chance(0.15) {
                scalars.append(random.pick(["\"", "\\", "/", "\n", "\u{2028}"] as [Unicode.Scalar]))
                continue
            }
            let pool = random.pick(pools)
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &random)) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// JSON string literal of `text`, escaping in one of several styles.
    static func literal(_ text: String, _ random: inout SeededGenerator) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            let style = Int.random(in: 0..<4, using: &random)
            func hex(_ unit: UInt16, upper: Bool) -> String {
                let digits = String(unit, radix: 16, uppercase: upper)
                return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += style == 0 ? hex(0x5C, upper: false) : "\\\\"
            case "\n": out += style == 0 ? hex(0x0A, upper: true) : "\\n"
            case "/": out += style == 1 ? "\\/" : "/"
            default:
                if scalar.value < 0x20 || style == 2 {
                    out += UTF16.encode(scalar)!.map { hex($0, upper: random.chance(0.5)) }.joined()
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test("random texts in random escape styles read back exactly, on the fast and the slow path")
    func randomTexts() throws {
        var random = SeededGenerator(seed: 0x5EED_0001)
        for round in 0..<400 {
            let text = Self.randomText(&random)
            let options = ["x", "y", "z"].filter { _ in random.chance(0.5) }
            let rating = Int.random(in: 1...5, using: &random)
            let members = [
                #""t":"# + Self.literal(text, &random),
                #""r":\#(rating)"#,
                #""m":["# + options.map { #""\#($0)""# }.joined(separator: ",") + "]",
                #""s":"bad""#,
            ].shuffled(using: &random)
            let space = random.chance(0.3) ? " \n" : ""
            let json = "{" + space + members.joined(separator: "," + space) + space + "}"
            let expected: [AnswerCell] = [
                .rating(rating), .option(1), .options(options.map { ["x", "y", "z"].firstIndex(of: $0)! }), .text(text),
            ]
            #expect(Self.cells(json) == expected, "round \(round): \(json)")
            #expect(Self.slowCells(json) == expected, "round \(round), slow path: \(json)")
            // Foundation's own encoding of the text reads back too.
            let encoded = String(decoding: try JSONSerialization.data(withJSONObject: ["t": text]), as: UTF8.self)
            #expect(Self.cells(encoded) == [.none, .none, .none, .text(text)], "round \(round): \(encoded)")
        }
    }

    @Test("the fast and the slow path agree on the listed cases")
    func pathsAgree() {
        for example in Self.cases
        where example.json.hasPrefix("{") && !example.name.hasPrefix("not JSON")
            && !example.name.hasPrefix("trailing")
        {
            #expect(Self.slowCells(example.json) == example.expected, "\(example.name)")
        }
    }

    @Test("a lone surrogate makes the document unreadable for both parsers: nothing is read, nothing crashes")
    func loneSurrogate() {
        #expect(Self.cells(#"{"r":4,"t":"\ud83d x"}"#) == [.none, .none, .none, .none])
        #expect(Self.cells(#"{"r":4,"t":"\udc00 x"}"#) == [.none, .none, .none, .none])
    }

    /// A rating far outside the scale (which the validator never stores) once overflowed
    /// `value − min`; the reader now treats any off-scale value as no answer.
    @Test("an out-of-range stored rating is ignored, not a crash")
    func hugeRating() {
        var builder = ScorecardBuilder(plan: Self.plan)
        builder.add(Build.response("x", #"{"r":-9223372036854775808,"s":"good"}"#))
        let card = builder.finish(generatedAt: Build.generatedAt)
        #expect(card.overall.score == 100)
    }
}
