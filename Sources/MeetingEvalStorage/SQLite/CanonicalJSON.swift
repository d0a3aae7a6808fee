import Crypto
import Foundation
import MeetingEvalCore

/// Sorted-key JSON and SHA-256 digests: the same value always gives the same bytes and digest.
///
/// The generic form goes through `JSONEncoder`. The submission path writes answers and the
/// content digest by hand (`CanonicalJSONWriter`), byte for byte what the encoder writes —
/// digests stored by earlier versions must keep matching replays — at a fraction of the cost.
enum CanonicalJSON {
    static func data(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func string(_ value: some Encodable) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    static func sha256(_ data: Data) -> String {
        CanonicalText.hex(SHA256.hash(data: data))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        CanonicalText.hex(SHA256.hash(data: bytes))
    }

    /// The stored form of a response's answers.
    static func answers(_ answers: [String: AnswerValue]) -> String {
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

/// Writes JSON exactly as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` does:
/// `"` `\` and control characters escaped (the short forms where JSON has them, else `\u00xx`),
/// everything else, `/` and non-ASCII included, as it is; no spaces.
struct CanonicalJSONWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(512)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// An object from pairs already in key order; `value` writes each value.
    mutating func object<Value>(
        _ pairs: some Sequence<(key: String, value: Value)>, value: (inout CanonicalJSONWriter, Value) -> Void
    ) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (key, item) in pairs {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(key)
            bytes.append(UInt8(ascii: ":"))
            value(&self, item)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func array<Element>(_ items: [Element], element: (inout CanonicalJSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (position, item) in items.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func string(_ value: String) {
        CanonicalText.appendJSONString(value, to: &bytes)
    }
}
