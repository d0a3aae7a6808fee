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

extension DocumentNode {
    /// Parses JSON text (see `JSONDocumentParser`). Throws `DocumentError.malformed` with the
    /// reason and where in the text it is.
    public static func parseJSON(_ data: Data) throws(DocumentError) -> DocumentNode {
        try JSONDocumentParser.parse(data)
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
