import MeetingEvalCore

extension JSONOutput {
    /// This value as a parsed document would hold it: what a verifier reads back from the
    /// serialized text (integers and doubles both become doubles; objects keep their members).
    var documentNode: DocumentNode {
        switch self {
        case .null: return DocumentNode(.null)
        case .bool(let value): return DocumentNode(.bool(value))
        case .integer(let value): return DocumentNode(.number(Double(value)))
        case .number(let value): return DocumentNode(value.isFinite ? .number(value) : .null)
        case .string(let value): return DocumentNode(.string(value))
        case .array(let items): return DocumentNode(.array(items.map(\.documentNode)))
        case .object(let pairs): return DocumentNode(.object(pairs.map { (key: $0.0, value: $0.1.documentNode) }))
        }
    }
}
