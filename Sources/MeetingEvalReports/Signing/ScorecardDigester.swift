import Crypto
import Foundation
import MeetingEvalCore

/// SHA-256 of a scorecard's canonical bytes (`JSONCanonicalization`, without the `signature`
/// member) and the manifest of its parts, computed member by member so that the comments can
/// stream through without the whole document in memory.
///
/// Parts name what a failed check reports as changed: every top-level member is one part
/// (`overall`, `screening`), except a list, whose elements are one part each — named by their
/// `id` when every element has a different one (`venues[hefei]`), else by position
/// (`comments[0]`). An empty list, or one longer than `maxElementParts`, is one part under its
/// own name. A part's digest is SHA-256 (hex) of its canonical bytes.
///
/// Members must be given in canonical order (`JSONCanonicalization.keyPrecedes`).
struct ScorecardDigester {
    /// Lists longer than this are one part, so that the manifest stays small next to a list
    /// of many thousands of comments.
    static let maxElementParts = 1000

    /// The signer's rule: per-element parts for a list of 1…`maxElementParts` elements.
    static func elementParts(_ key: String, count: Int) -> Bool {
        (1...maxElementParts).contains(count)
    }

    private var document = SHA256()
    private var members = 0
    private(set) var parts: [(name: String, digest: String)] = []
    private var array: OpenArray?

    private struct OpenArray {
        var key: String
        var perElement: Bool
        var whole = SHA256()
        var count = 0
        var elements: [(id: String?, digest: String)] = []
    }

    init() {
        document.update(data: [UInt8(ascii: "{")])
    }

    /// Adds a member; a list gets per-element parts when `elementParts` says so.
    mutating func member(_ key: String, _ value: DocumentNode, elementParts: (String, Int) -> Bool) {
        if case .array(let items) = value.value {
            beginArray(key, elementParts: elementParts(key, items.count))
            for item in items { element(item) }
            endArray()
            return
        }
        let bytes = JSONCanonicalization.bytes(of: value)
        writeKey(key)
        document.update(data: bytes)
        parts.append((key, HexText.lowercase(SHA256.hash(data: bytes))))
    }

    mutating func beginArray(_ key: String, elementParts: Bool) {
        precondition(array == nil, "a list is already open")
        writeKey(key)
        document.update(data: [UInt8(ascii: "[")])
        var open = OpenArray(key: key, perElement: elementParts)
        open.whole.update(data: [UInt8(ascii: "[")])
        array = open
    }

    mutating func element(_ node: DocumentNode) {
        guard var open = array else { preconditionFailure("no open list") }
        let bytes = JSONCanonicalization.bytes(of: node)
        if open.count > 0 {
            document.update(data: [UInt8(ascii: ",")])
            open.whole.update(data: [UInt8(ascii: ",")])
        }
        document.update(data: bytes)
        open.whole.update(data: bytes)
        open.count += 1
        if open.perElement {
            var id: String?
            if case .string(let text)? = node["id"]?.value { id = text }
            open.elements.append((id, HexText.lowercase(SHA256.hash(data: bytes))))
        }
        array = open
    }

    mutating func endArray() {
        guard var open = array else { preconditionFailure("no open list") }
        array = nil
        document.update(data: [UInt8(ascii: "]")])
        open.whole.update(data: [UInt8(ascii: "]")])
        guard open.perElement, open.count > 0 else {
            parts.append((open.key, HexText.lowercase(open.whole.finalize())))
            return
        }
        let ids = open.elements.compactMap(\.id)
        let byId = ids.count == open.elements.count && Set(ids).count == ids.count
        for (position, element) in open.elements.enumerated() {
            parts.append(("\(open.key)[\(byId ? element.id! : String(position))]", element.digest))
        }
    }

    /// The document digest (hex); the digester cannot be used afterwards.
    mutating func finish() -> String {
        precondition(array == nil, "a list is still open")
        document.update(data: [UInt8(ascii: "}")])
        return HexText.lowercase(document.finalize())
    }

    private mutating func writeKey(_ key: String) {
        var bytes: [UInt8] = members > 0 ? [UInt8(ascii: ",")] : []
        JSONStringEscaper.canonical.append(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        document.update(data: bytes)
        members += 1
    }
}
