import Foundation

/// The one JSON reader: JSON text (RFC 8259) straight from its UTF-8 bytes.
///
/// Every request body goes through here, so it is written for the submission path: one pass
/// over the bytes, strings without escapes made in one step, integers read without going
/// through text. It is strict where a lenient reader would let ambiguity in: a key twice in
/// one object, a number too large for a double, an unpaired surrogate, a control character in
/// a string, nesting deeper than `maxDepth` and anything after the value are errors, each
/// reported with its line and column.
///
/// Two entry points share the one tokenizer: `parse` gives a `DocumentNode` tree, and
/// `readMembers` gives an object's members one by one without building a tree (the stored
/// answers a scorecard reads, a million times over).
struct JSONDocumentParser {
    /// Deeper than any questionnaire or submission; keeps the recursion's stack small.
    static let maxDepth = 128

    private let bytes: UnsafeRawBufferPointer
    /// `bytes.count`, kept: a raw buffer computes its count from two pointers at every use.
    private let end: Int
    /// True when the bytes are known to be valid UTF-8 (those of a Swift string), so that
    /// strings need no second check.
    private let isValidUTF8: Bool
    private var index = 0
    private var depth = 0

    private init(bytes: UnsafeRawBufferPointer, isValidUTF8: Bool = false) {
        self.bytes = bytes
        self.end = bytes.count
        self.isValidUTF8 = isValidUTF8
    }

    static func parse(_ data: Data) throws(DocumentError) -> DocumentNode {
        let result = data.withUnsafeBytes { raw -> Result<DocumentNode, DocumentError> in
            var parser = JSONDocumentParser(bytes: raw)
            return Result { () throws(DocumentError) in try parser.document() }
        }
        return try result.get()
    }

    /// Reads a JSON object from `text` member by member: `body` gets each key and value in
    /// the order written. Strings, numbers, booleans, null and lists of strings are given as
    /// they are; any other value (an object, a list holding anything but strings) is read
    /// and checked whole and given as `.other`.
    ///
    /// As strict as `parse` — the same errors, with where they are — except that a key twice
    /// is given twice (the caller decides; the stored-answers reader keeps the last). A text
    /// that is not one JSON object throws, possibly after `body` has seen some members.
    @inline(__always)  // so that `body` is inlined at the call site: no closure call per member
    static func readMembers(
        of text: String, _ body: (String, JSONMemberValue) -> Void
    ) throws(DocumentError) {
        var text = text
        let result = text.withUTF8 { utf8 -> Result<Void, DocumentError> in
            var parser = JSONDocumentParser(bytes: UnsafeRawBufferPointer(utf8), isValidUTF8: true)
            return Result { () throws(DocumentError) in try parser.members(body) }
        }
        try result.get()
    }

    private mutating func document() throws(DocumentError) -> DocumentNode {
        // A UTF-8 byte order mark is tolerated (RFC 8259 §8.1 lets a parser ignore it).
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard index < end else { throw fail("the body is empty") }
        let node = try value()
        skipWhitespace()
        guard index == end else { throw fail("unexpected text after the JSON value") }
        return node
    }

    @inline(__always)
    private mutating func members(_ body: (String, JSONMemberValue) -> Void) throws(DocumentError) {
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard peek(UInt8(ascii: "{")) else { throw fail("expected an object") }
        try enter()
        index += 1
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
        } else {
            while true {
                let key = try memberKey()
                body(key, try memberValue())
                if try continues(inside: .object) { continue }
                break
            }
        }
        depth -= 1
        skipWhitespace()
        guard index == end else { throw fail("unexpected text after the JSON value") }
    }

    /// A member's quoted key and its `:`, leaving the index at the value.
    @inline(__always)
    private mutating func memberKey() throws(DocumentError) -> String {
        skipWhitespace()
        guard index < end else { throw fail("the text ends inside an object") }
        guard peek(UInt8(ascii: "\"")) else { throw fail("expected a quoted key") }
        let key = try string()
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else { throw fail("expected ':' after a key") }
        index += 1
        skipWhitespace()
        return key
    }

    /// What a separator closes.
    private enum Container {
        case object, list

        var close: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }
        var ending: String { self == .object ? "the text ends inside an object" : "the text ends inside a list" }
        var expected: String { self == .object ? "expected ',' or '}' in an object" : "expected ',' or ']' in a list" }
    }

    /// After a member or an item: true when a `,` says another follows, false at the closing
    /// bracket, which it consumes.
    @inline(__always)
    private mutating func continues(inside container: Container) throws(DocumentError) -> Bool {
        skipWhitespace()
        guard index < end else { throw fail(container.ending) }
        let separator = bytes[index]
        index += 1
        if separator == UInt8(ascii: ",") { return true }
        guard separator == container.close else {
            index -= 1
            throw fail(container.expected)
        }
        return false
    }

    private mutating func memberValue() throws(DocumentError) -> JSONMemberValue {
        guard index < end else { throw fail("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "["): return try stringList()
        default:
            switch try value().value {
            case .null: return .null
            case .bool(let value): return .bool(value)
            default: return .other
            }
        }
    }

    /// A list, as `.strings` when it holds only strings, else `.other` (read and checked whole).
    private mutating func stringList() throws(DocumentError) -> JSONMemberValue {
        try enter()
        index += 1
        var items: [String] = []
        var onlyStrings = true
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            depth -= 1
            return .strings(items)
        }
        while true {
            skipWhitespace()
            if onlyStrings, peek(UInt8(ascii: "\"")) {
                items.append(try string())
            } else {
                onlyStrings = false
                _ = try value()
            }
            if try continues(inside: .list) { continue }
            break
        }
        depth -= 1
        return onlyStrings ? .strings(items) : .other
    }

    private mutating func value() throws(DocumentError) -> DocumentNode {
        guard index < end else { throw fail("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return DocumentNode(.string(try string()))
        case UInt8(ascii: "t"):
            try literal("true")
            return DocumentNode(.bool(true))
        case UInt8(ascii: "f"):
            try literal("false")
            return DocumentNode(.bool(false))
        case UInt8(ascii: "n"):
            try literal("null")
            return DocumentNode(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return DocumentNode(.number(try number()))
        default:
            throw fail("unexpected character \(describe(at: index)) where a value should be")
        }
    }

    private mutating func object() throws(DocumentError) -> DocumentNode {
        try enter()
        let objectStart = index
        index += 1
        var pairs: [(key: String, value: DocumentNode)] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            depth -= 1
            return DocumentNode(.object(pairs))
        }
        while true {
            let key = try memberKey()
            pairs.append((key, try value()))
            if try continues(inside: .object) { continue }
            break
        }
        depth -= 1
        // JSON objects are unordered; sorted keys make equal documents equal nodes.
        pairs.sort { $0.key < $1.key }
        for position in pairs.indices.dropFirst() where pairs[position].key == pairs[position - 1].key {
            throw DocumentError.malformed(
                message("the key \"\(pairs[position].key.prefix(40))\" appears twice in one object", at: objectStart))
        }
        return DocumentNode(.object(pairs))
    }

    private mutating func array() throws(DocumentError) -> DocumentNode {
        try enter()
        index += 1
        var items: [DocumentNode] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            depth -= 1
            return DocumentNode(.array(items))
        }
        while true {
            skipWhitespace()
            items.append(try value())
            if try continues(inside: .list) { continue }
            break
        }
        depth -= 1
        return DocumentNode(.array(items))
    }

    private mutating func enter() throws(DocumentError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("the JSON is nested more than \(Self.maxDepth) levels deep") }
    }

    // MARK: - Strings

    /// Reads a string starting at its opening quote.
    private mutating func string() throws(DocumentError) -> String {
        index += 1
        let start = index
        // The common case: no escapes, so the bytes between the quotes are the string.
        var highBits: UInt8 = 0
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8String(from: start, to: index, isASCII: highBits < 0x80)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("a control character must be escaped inside a string") }
            highBits |= byte
            index += 1
        }
        guard index < end else { throw fail("a string is not closed") }
        var scalars = Array(bytes[start..<index])
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: scalars, as: UTF8.self) else {
                    throw fail("a string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &scalars)
            case ..<0x20:
                throw fail("a control character must be escaped inside a string")
            default:
                scalars.append(byte)
                index += 1
            }
        }
        throw fail("a string is not closed")
    }

    private mutating func escape(into output: inout [UInt8]) throws(DocumentError) {
        index += 1
        guard index < end else { throw fail("a string is not closed") }
        let code = bytes[index]
        index += 1
        if let byte = Self.byte(for: code) {
            output.append(byte)
            return
        }
        guard code == UInt8(ascii: "u") else {
            index -= 1
            throw fail("unknown escape \\\(describe(at: index))")
        }
        var value = try hex4()
        if Self.isHighSurrogate(value) {
            guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw fail("a \\u escape holds half of a surrogate pair") }
            index += 2
            let low = try hex4()
            guard Self.isLowSurrogate(low) else { throw fail("a \\u escape holds half of a surrogate pair") }
            value = Self.combine(high: value, low: low)
        } else if Self.isLowSurrogate(value) {
            throw fail("a \\u escape holds half of a surrogate pair")
        }
        guard let scalar = Unicode.Scalar(value) else { throw fail("a \\u escape is not a character") }
        output.append(contentsOf: UTF8.encode(scalar)!)
    }

    private mutating func hex4() throws(DocumentError) -> UInt32 {
        guard index + 4 <= end else { throw fail("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[index]) else {
                throw fail("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func utf8String(from start: Int, to end: Int, isASCII: Bool) throws(DocumentError) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        // ASCII, or bytes known to be valid: made in one step, without checking them again
        // (which costs as much again).
        if isASCII || isValidUTF8 { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw DocumentError.malformed(message("a string is not valid UTF-8", at: start))
        }
        return text
    }

    /// The byte a one-letter escape stands for (`\n` → 0x0A, `\/` → `/` …); nil for `u`, which
    /// needs four hex digits, and for letters JSON does not have.
    private static func byte(for letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return letter
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// The value of one hex digit.
    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func isHighSurrogate(_ value: UInt32) -> Bool { (0xD800...0xDBFF).contains(value) }
    private static func isLowSurrogate(_ value: UInt32) -> Bool { (0xDC00...0xDFFF).contains(value) }

    /// The character a surrogate pair encodes.
    private static func combine(high: UInt32, low: UInt32) -> UInt32 {
        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }

    // MARK: - Numbers and literals

    private mutating func number() throws(DocumentError) -> Double {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < end, isDigit(bytes[index]) else { throw fail("a number needs digits") }
        var integer: UInt64 = 0
        var digits = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(bytes[index]) { throw fail("a number must not start with 0") }
            digits = 1
        } else {
            while index < end, isDigit(bytes[index]) {
                if digits < 18 { integer = integer * 10 + UInt64(bytes[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
        }
        var plainInteger = digits <= 15
        if index < end, bytes[index] == UInt8(ascii: ".") {
            plainInteger = false
            index += 1
            guard index < end, isDigit(bytes[index]) else { throw fail("a number needs digits after '.'") }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            plainInteger = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < end, isDigit(bytes[index]) else {
                throw fail("a number needs digits in its exponent")
            }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if plainInteger {
            let value = Double(integer)
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            index = start
            throw fail("the number \(text.prefix(40)) is too large")
        }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func literal(_ word: StaticString) throws(DocumentError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { throw fail("unexpected end of the text") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail("unexpected character \(describe(at: index)) where a value should be")
        }
        index += count
    }

    // MARK: - Errors

    private mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < end && bytes[index] == byte
    }

    private func describe(at offset: Int) -> String {
        guard offset < end else { return "end of text" }
        let byte = bytes[offset]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }

    private func fail(_ reason: String) -> DocumentError {
        .malformed(message(reason, at: index))
    }

    /// "…: reason (line L, column C)"; columns count bytes, as editors showing UTF-8 do for ASCII.
    private func message(_ reason: String, at offset: Int) -> String {
        var line = 1
        var lineStart = 0
        for position in 0..<min(offset, end) where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        return "The body is not valid JSON: \(reason) (line \(line), column \(offset - lineStart + 1))."
    }
}

/// One member's value as `JSONDocumentParser.readMembers` gives it.
enum JSONMemberValue {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    /// A list of strings only (also an empty list).
    case strings([String])
    /// An object, or a list holding anything but strings: read and checked, not kept.
    case other
}
