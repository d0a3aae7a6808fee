import Foundation
import MeetingEvalCore

extension ScorecardDocument {
    /// The whole JSON document, pretty-printed, in chunks, with a `signature` member last.
    ///
    /// What is signed is what a verifier reads back from these bytes: every member is
    /// serialized, parsed again with the strict parser and canonicalized; the comments are
    /// taken one by one from the text as it streams out, so they never all sit in memory.
    public func writeJSON(
        signedBy signer: ScorecardSigner, signedAt: Date = Date(), to sink: (String) async throws -> Void
    ) async throws {
        let head = scorecard.jsonWithoutComments
        var text = head.serialized(indent: 2)
        if text.hasSuffix("\n}") { text.removeLast(2) }
        try await sink(text + ",\n  \"comments\": [")

        guard case .object(let members) = try DocumentNode.parseJSON(Data(head.serialized().utf8)).value else {
            preconditionFailure("a scorecard is a JSON object")
        }
        let ordered = JSONCanonicalization.sortedMembers(members)
        let before = ordered.filter { JSONCanonicalization.keyPrecedes($0.key, "comments") }
        let after = ordered.filter { !JSONCanonicalization.keyPrecedes($0.key, "comments") }
        var digester = ScorecardDigester()
        for member in before {
            digester.member(member.key, member.value, elementParts: ScorecardDigester.elementParts)
        }
        digester.beginArray("comments", elementParts: ScorecardDigester.elementParts("comments", count: spool.count))
        var lines = CommentLines()
        try await spool.write { chunk in
            try await sink(chunk)
            try lines.feed(chunk) { digester.element($0) }
        }
        try lines.finish { digester.element($0) }
        digester.endArray()
        for member in after {
            digester.member(member.key, member.value, elementParts: ScorecardDigester.elementParts)
        }

        let signature = try signer.signatureMember(
            documentDigest: digester.finish(), parts: digester.parts, signedAt: signedAt)
        var block = JSONOutput.object([("signature", signature)]).serialized(indent: 2)
        // "{\n  "signature": {…}\n}" → the member at the document's first level.
        block.removeFirst(2)
        block.removeLast(2)
        try await sink((spool.count == 0 ? "]" : "\n  ]") + ",\n" + block + "\n}\n")
    }

    /// The signed document as one string (for small evaluations and tests).
    public func jsonText(signedBy signer: ScorecardSigner, signedAt: Date = Date()) async throws -> String {
        var text = ""
        try await writeJSON(signedBy: signer, signedAt: signedAt) { text += $0 }
        return text
    }
}

/// Cuts the streamed body of the comments array (`\n    {…},\n    {…}`) into its elements:
/// one comment per line, as `CommentSpool` writes them (strings escape every line break).
private struct CommentLines {
    private var pending: [UInt8] = []

    mutating func feed(_ chunk: String, _ element: (DocumentNode) -> Void) throws {
        for byte in chunk.utf8 {
            if byte == 0x0A {
                try emit(element)
            } else {
                pending.append(byte)
            }
        }
    }

    mutating func finish(_ element: (DocumentNode) -> Void) throws {
        try emit(element)
    }

    private mutating func emit(_ element: (DocumentNode) -> Void) throws {
        defer { pending.removeAll(keepingCapacity: true) }
        var line = pending[...]
        while let first = line.first, first == 0x20 { line = line.dropFirst() }
        if line.last == UInt8(ascii: ",") { line = line.dropLast() }
        guard !line.isEmpty else { return }
        element(try DocumentNode.parseJSON(Data(line)))
    }
}
