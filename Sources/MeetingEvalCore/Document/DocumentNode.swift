import Foundation

/// A parsed JSON or YAML document as a plain tree.
///
/// Questionnaire files, request bodies and stored definitions are all read through this one
/// type, so that every reader reports wrong types and missing fields the same way, with a path
/// and (for YAML) the line the value came from.
public struct DocumentNode: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([DocumentNode])
        /// Keys in document order for YAML, sorted for JSON (JSON objects are unordered).
        case object([(key: String, value: DocumentNode)])

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.null, .null): return true
            case (.bool(let a), .bool(let b)): return a == b
            case (.number(let a), .number(let b)): return a == b
            case (.string(let a), .string(let b)): return a == b
            case (.array(let a), .array(let b)): return a == b
            case (.object(let a), .object(let b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            default: return false
            }
        }
    }

    public var value: Value
    /// 1-based line in the source file, when the source has lines (YAML).
    public var line: Int?
    /// The scalar exactly as written, for YAML plain scalars: lets `id: 2024` or `id: no`
    /// be read as the strings they were meant to be.
    public var rawScalar: String?

    public init(_ value: Value, line: Int? = nil, rawScalar: String? = nil) {
        self.value = value
        self.line = line
        self.rawScalar = rawScalar
    }

    /// The value for `key` when this node is an object.
    public subscript(key: String) -> DocumentNode? {
        guard case .object(let pairs) = value else { return nil }
        return pairs.last(where: { $0.key == key })?.value
    }

    /// A short name of the node's kind, used in error messages.
    public var kindName: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

extension DocumentNode: Decodable {
    /// Decodes any JSON value. Booleans and numbers stay apart (JSONDecoder is strict about
    /// them), so a rating sent as `true` is reported as a wrong type rather than read as 1.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var pairs: [(key: String, value: DocumentNode)] = []
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                pairs.append((key.stringValue, try keyed.decode(DocumentNode.self, forKey: key)))
            }
            self.init(.object(pairs))
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [DocumentNode] = []
            if let count = unkeyed.count { items.reserveCapacity(count) }
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(DocumentNode.self)) }
            self.init(.array(items))
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self.init(.null)
        } else if let bool = try? single.decode(Bool.self) {
            self.init(.bool(bool))
        } else if let number = try? single.decode(Double.self) {
            self.init(.number(number))
        } else {
            self.init(.string(try single.decode(String.self)))
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension DocumentNode {
    /// Parses JSON text. Throws `DocumentError.malformed` with a readable reason.
    public static func parseJSON(_ data: Data) throws(DocumentError) -> DocumentNode {
        do {
            return try JSONDecoder().decode(DocumentNode.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(Self.describe(error))
        } catch {
            throw .malformed("The body is not valid JSON.")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as NSError?,
                let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
            {
                return "The body is not valid JSON: \(detail)"
            }
            return "The body is not valid JSON."
        default:
            return "The body is not valid JSON."
        }
    }
}

/// Why a document could not be read at all.
public enum DocumentError: Error, Sendable, Equatable {
    case malformed(String)

    public var message: String {
        switch self {
        case .malformed(let message): return message
        }
    }
}
