import Foundation

/// One stored answer, resolved against the questionnaire: option ids are option indices.
public enum AnswerCell: Sendable, Equatable {
    case none
    case rating(Int)
    case notApplicable
    case option(Int)
    case options([Int])
    case text(String)
}

/// Reads the stored answers JSON of a response (the canonical form the store writes:
/// `{"questionId": 4, "other": "optionId", "many": ["a", "b"], "remark": "text"}`) into cells
/// indexed like the plan's questions.
///
/// This is the innermost loop of a scorecard over a million responses, so it reads the UTF-8
/// bytes directly instead of building a dictionary per response. Anything outside that shape
/// falls back to Foundation's parser, so an unusual but valid document still reads right.
enum StoredAnswersReader {
    static func read(_ json: String, plan: ScoringPlan, into cells: inout [AnswerCell]) {
        for index in cells.indices { cells[index] = .none }
        var text = json
        let done = text.withUTF8 { bytes -> Bool in
            var parser = FlatJSONParser(bytes: bytes)
            return parser.parseObject { key, value in
                guard let index = plan.questionIndex[key] else { return }
                cells[index] = cell(value, question: plan.questions[index])
            }
        }
        if !done { readSlowly(json, plan: plan, into: &cells) }
    }

    private static func cell(_ value: FlatJSONValue, question: PlannedQuestion) -> AnswerCell {
        switch (question.type, value) {
        // A value off the scale is no answer (the validator never stores one), which also keeps
        // every later `value − min` within range.
        case (.rating, .integer(let number)):
            return (question.ratingMin...question.ratingMax).contains(number) ? .rating(number) : .none
        case (.rating, .string(let text)) where text == AnswerValue.notApplicableToken: return .notApplicable
        case (.single, .string(let id)): return question.optionIndex[id].map(AnswerCell.option) ?? .none
        case (.multiple, .strings(let ids)): return .options(ids.compactMap { question.optionIndex[$0] })
        case (.text, .string(let text)): return .text(text)
        default: return .none
        }
    }

    private static func readSlowly(_ json: String, plan: ScoringPlan, into cells: inout [AnswerCell]) {
        // The fast parser may have filled some cells before it gave up: start over.
        for index in cells.indices { cells[index] = .none }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return }
        for (key, raw) in object {
            guard let index = plan.questionIndex[key] else { continue }
            let value: FlatJSONValue
            if let number = raw as? NSNumber {
                // A boolean is never an answer; Foundation gives it as an NSNumber of C type `c`.
                guard String(cString: number.objCType) != "c", let integer = Int(exactly: number.doubleValue) else {
                    continue
                }
                value = .integer(integer)
            } else if let text = raw as? String {
                value = .string(text)
            } else if let list = raw as? [String] {
                value = .strings(list)
            } else {
                continue
            }
            cells[index] = cell(value, question: plan.questions[index])
        }
    }
}

enum FlatJSONValue {
    case integer(Int)
    case string(String)
    case strings([String])
}

/// A parser for one JSON object whose values are integers, strings or arrays of strings.
/// Returns false on anything else (the caller then uses a general parser).
struct FlatJSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parseObject(_ body: (String, FlatJSONValue) -> Void) -> Bool {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipSpace()
            guard let key = parseString() else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard let value = parseValue() else { return false }
            body(key, value)
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return false }
            skipSpace()
            return position == bytes.count
        }
    }

    private mutating func parseValue() -> FlatJSONValue? {
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return parseString().map(FlatJSONValue.string)
        case UInt8(ascii: "["):
            position += 1
            var items: [String] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return .strings(items) }
            while true {
                skipSpace()
                guard let item = parseString() else { return nil }
                items.append(item)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { return nil }
                return .strings(items)
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return parseInteger().map(FlatJSONValue.integer)
        default:
            return nil
        }
    }

    private mutating func parseInteger() -> Int? {
        var negative = false
        if take(UInt8(ascii: "-")) { negative = true }
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            digits += 1
            position += 1
        }
        // A fraction or exponent is not an integer answer: leave it to the general parser.
        if digits == 0 { return nil }
        // Nor is a leading zero (`01`), which is not JSON: the general parser refuses it.
        if digits > 1, bytes[position - digits] == UInt8(ascii: "0") { return nil }
        if position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        return negative ? -value : value
    }

    private mutating func parseString() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                if let simple = JSONEscape.byte(for: escape) {
                    buffer.append(simple)
                    continue
                }
                guard escape == UInt8(ascii: "u"), var scalar = parseHex4() else { return nil }
                if JSONEscape.isHighSurrogate(scalar) {
                    guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = parseHex4(),
                        JSONEscape.isLowSurrogate(low)
                    else { return nil }
                    scalar = JSONEscape.combine(high: scalar, low: low)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                if byte < 0x20 { return nil }
                buffer.append(byte)
            }
        }
        return nil
    }

    private mutating func parseHex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = JSONEscape.hexValue(bytes[position]) else { return nil }
            position += 1
            value = value << 4 | digit
        }
        return value
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }
}
