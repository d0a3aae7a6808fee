import Foundation

/// Sorted-key JSON: the same value always gives the same bytes (the store's JSON columns and
/// the text its SHA-256 digests are taken over).
///
/// The generic form goes through `JSONEncoder`. The submission path writes answers and the
/// content digest by hand (`CanonicalJSONWriter`), byte for byte what the encoder writes —
/// digests stored by earlier versions must keep matching replays — at a fraction of the cost.
public enum CanonicalJSON {
    /// `value` as `JSONEncoder` writes it with `.sortedKeys` and `.withoutEscapingSlashes`.
    public static func data(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    public static func string(_ value: some Encodable) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    /// The stored form of a response's answers.
    public static func answers(_ answers: [String: AnswerValue]) -> String {
        var writer = CanonicalJSONWriter()
        writer.object(answers.sorted { $0.key < $1.key }) { writer, value in
            switch value {
            case .rating(let number): writer.integer(number)
            case .notApplicable: writer.string(AnswerValue.notApplicableToken)
            case .option(let id): writer.string(id)
            case .options(let ids): writer.array(ids) { $0.string($1) }
            case .text(let text): writer.string(text)
            }
        }
        return writer.text
    }
}

/// The one canonical JSON writer: no whitespace, strings in the canonical form
/// (`JSONStringEscaper.canonical`).
///
/// Written member by member (`object`, `array`, `string`, `integer`) it gives what `JSONEncoder`
/// with `.sortedKeys` and `.withoutEscapingSlashes` gives for the same pairs in the same order
/// (stored answers, content digests). Given a parsed document (`node`) it writes the RFC 8785
/// form (`JSONCanonicalization`): members sorted by the UTF-16 code units of their keys,
/// numbers as ECMAScript prints them.
public struct CanonicalJSONWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init() {
        bytes = []
        bytes.reserveCapacity(512)
    }

    /// A writer that appends to `bytes`.
    public init(appendingTo bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// An object from pairs already in key order; `value` writes each value.
    public mutating func object<Value>(
        _ pairs: some Sequence<(key: String, value: Value)>, value: (inout CanonicalJSONWriter, Value) -> Void
    ) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (name, item) in pairs {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            key(name)
            value(&self, item)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func array<Element>(_ items: [Element], element: (inout CanonicalJSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (position, item) in items.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A member's key and the `:` after it.
    public mutating func key(_ key: String) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A double as RFC 8785 writes it (`JSONCanonicalization.number`).
    public mutating func number(_ value: Double) {
        bytes.append(contentsOf: JSONCanonicalization.number(value).utf8)
    }

    public mutating func string(_ value: String) {
        JSONStringEscaper.canonical.append(value, to: &bytes)
    }

    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// `node` in RFC 8785 canonical form.
    public mutating func node(_ node: DocumentNode) {
        switch node.value {
        case .null: null()
        case .bool(let value): bool(value)
        case .number(let value): number(value)
        case .string(let value): string(value)
        case .array(let items): array(items) { $0.node($1) }
        case .object(let pairs): object(JSONCanonicalization.sortedMembers(pairs)) { $0.node($1) }
        }
    }
}
