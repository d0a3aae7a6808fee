import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

/// Fixture files and small helpers shared by the core tests.
enum TestDocuments {
    /// The text of `Fixtures/<name>`.
    static func fixture(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
            "missing fixture \(name)"
        )
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The valid definition that the rule tables mutate.
    static func baseDefinition() throws -> String { try fixture("base.yaml") }

    static func readYAML(_ text: String) -> QuestionnaireReader.Result {
        QuestionnaireSource.read(Data(text.utf8), format: .yaml)
    }

    static func readJSON(_ text: String) -> QuestionnaireReader.Result {
        QuestionnaireSource.read(Data(text.utf8), format: .json)
    }

    /// Parses JSON text that the test itself wrote, failing the test if it is not JSON.
    static func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DocumentNode {
        do {
            return try DocumentNode.parseJSON(Data(text.utf8))
        } catch {
            Issue.record("test JSON does not parse: \(error.message)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// 1-based number of the only line of `text` that contains `marker`; nil (and a recorded
    /// failure) when no line or several lines contain it.
    static func line(
        of marker: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let matches = lines.indices.filter { lines[$0].contains(marker) }
        guard matches.count == 1 else {
            Issue.record(
                "marker '\(marker)' is on \(matches.count) lines, expected exactly one",
                sourceLocation: sourceLocation)
            return nil
        }
        return matches[0] + 1
    }
}

/// A small textual change to a definition.
enum Edit: Sendable, CustomStringConvertible {
    /// Replaces the only occurrence of the first text by the second.
    case replace(String, String)
    /// Replaces everything from the only occurrence of the first text to the end.
    case replaceToEnd(String, String)
    /// Appends text at the end.
    case append(String)

    func apply(to text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        switch self {
        case .replace(let old, let new):
            let parts = text.components(separatedBy: old)
            guard parts.count == 2 else {
                Issue.record("'\(old)' occurs \(parts.count - 1) times, expected once", sourceLocation: sourceLocation)
                return text
            }
            return parts[0] + new + parts[1]
        case .replaceToEnd(let marker, let new):
            let parts = text.components(separatedBy: marker)
            guard parts.count == 2 else {
                Issue.record(
                    "'\(marker)' occurs \(parts.count - 1) times, expected once", sourceLocation: sourceLocation)
                return text
            }
            return parts[0] + new
        case .append(let addition):
            return text + addition
        }
    }

    var description: String {
        switch self {
        case .replace(let old, let new): return "replace \(old.debugDescription) by \(new.debugDescription)"
        case .replaceToEnd(let marker, let new):
            return "replace from \(marker.debugDescription) by \(new.debugDescription)"
        case .append(let addition): return "append \(addition.debugDescription)"
        }
    }
}

extension Array where Element == Edit {
    func apply(to text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        reduce(text) { $1.apply(to: $0, sourceLocation: sourceLocation) }
    }
}

extension Array where Element == ValidationIssue {
    /// `path: message` lines, for readable failure output.
    var summary: String {
        map { "\($0.line.map { "\($0): " } ?? "")\($0.path): \($0.message)" }.joined(separator: "\n")
    }
}
