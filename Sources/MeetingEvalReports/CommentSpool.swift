import Foundation
import MeetingEvalCore

/// The comments of a scorecard as the exact bytes of its JSON array body, kept in memory up
/// to a threshold and in a temporary file beyond it, so that a scorecard over a million
/// responses streams its comments instead of holding them. The file is removed with the spool.
final class CommentSpool: @unchecked Sendable {
    private let memoryLimit: Int
    private var memory = ""
    private var file: FileHandle?
    private var url: URL?
    private var pending = Data()
    private(set) var count = 0

    init(memoryLimit: Int = 1 << 20) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        try? file?.close()
        if let url { try? FileManager.default.removeItem(at: url) }
    }

    /// Appends one comment, with the separator and indentation of a pretty-printed array.
    func append(_ comment: Scorecard.Comment) throws {
        let piece = (count == 0 ? "\n    " : ",\n    ") + comment.json.serialized()
        count += 1
        if file == nil && memory.utf8.count + piece.utf8.count <= memoryLimit {
            memory += piece
            return
        }
        if file == nil { try openFile() }
        pending.append(contentsOf: piece.utf8)
        if pending.count >= 1 << 16 { try flush() }
    }

    private func openFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("meeting-eval-comments-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: Data(memory.utf8)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        self.url = url
        file = try FileHandle(forWritingTo: url)
        try file?.seekToEnd()
        memory = ""
    }

    private func flush() throws {
        guard let file, !pending.isEmpty else { return }
        try file.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes the array body in chunks of about 256 KiB.
    func write(to sink: (String) async throws -> Void) async throws {
        guard let url else {
            if !memory.isEmpty { try await sink(memory) }
            return
        }
        try flush()
        let reader = try FileHandle(forReadingFrom: url)
        defer { try? reader.close() }
        var carry = Data()
        while let chunk = try reader.read(upToCount: 1 << 18), !chunk.isEmpty {
            carry.append(chunk)
            // Cut at the last complete UTF-8 character.
            var end = carry.count
            while end > 0 && (carry[carry.startIndex + end - 1] & 0xC0) == 0x80 { end -= 1 }
            if end > 0 && carry[carry.startIndex + end - 1] >= 0xC0 { end -= 1 }
            try await sink(String(decoding: carry.prefix(end), as: UTF8.self))
            carry = Data(carry.dropFirst(end))
        }
        if !carry.isEmpty { try await sink(String(decoding: carry, as: UTF8.self)) }
    }
}

/// A scorecard with all of its comments: the JSON document streams from here.
public struct ScorecardDocument: Sendable {
    /// The scorecard; its `comments` hold at most `ScorecardService.keptComments`.
    public let scorecard: Scorecard
    /// The questionnaire version it was scored with (for the printable page's scales and options).
    public let questionnaire: Questionnaire
    let spool: CommentSpool

    /// The whole JSON document, pretty-printed, in chunks.
    public func writeJSON(to sink: (String) async throws -> Void) async throws {
        var head = scorecard.jsonWithoutComments.serialized(indent: 2)
        if head.hasSuffix("\n}") { head.removeLast(2) }
        try await sink(head + ",\n  \"comments\": [")
        try await spool.write(to: sink)
        try await sink(spool.count == 0 ? "]\n}\n" : "\n  ]\n}\n")
    }

    /// The whole JSON document as one string (for small evaluations and tests).
    public func jsonText() async throws -> String {
        var text = ""
        try await writeJSON { text += $0 }
        return text
    }
}
