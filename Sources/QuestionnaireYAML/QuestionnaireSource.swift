import Foundation
import MeetingEvalCore
import Yams

/// Reads questionnaire definitions from YAML or JSON text into the core model.
///
/// YAML keeps line numbers on every node, so problems point at `file:line`. Anchors and aliases
/// are expanded, but documents are capped in size and node count so that an alias bomb is an
/// error rather than an exhausted server.
public enum QuestionnaireSource {
    public enum Format: String, Sendable {
        case yaml, json

        /// From a file extension or a media type.
        public static func guess(fileName: String) -> Format {
            fileName.lowercased().hasSuffix(".json") ? .json : .yaml
        }
    }

    public static let maxDocumentBytes = 1 << 20
    public static let maxNodes = 100_000

    /// Parses text into a document tree, or reports why it cannot.
    public static func parse(_ data: Data, format: Format) -> Result<DocumentNode, IssueList> {
        guard data.count <= maxDocumentBytes else {
            return .failure(
                IssueList([ValidationIssue(path: "", message: "the document is larger than \(maxDocumentBytes) bytes")])
            )
        }
        switch format {
        case .json:
            do {
                return .success(try DocumentNode.parseJSON(data))
            } catch {
                return .failure(IssueList([ValidationIssue(path: "", message: error.message)]))
            }
        case .yaml:
            guard let text = String(data: data, encoding: .utf8) else {
                return .failure(IssueList([ValidationIssue(path: "", message: "the file is not UTF-8 text")]))
            }
            return parseYAML(text)
        }
    }

    /// Reads and validates a definition: the questionnaire, or every problem found.
    public static func read(_ data: Data, format: Format) -> QuestionnaireReader.Result {
        switch parse(data, format: format) {
        case .failure(let list): return QuestionnaireReader.Result(questionnaire: nil, issues: list.issues)
        case .success(let node): return QuestionnaireReader.read(node)
        }
    }

    /// Reads a file; the format follows its extension (`.json`, otherwise YAML).
    public static func read(fileAt url: URL) -> QuestionnaireReader.Result {
        do {
            let data = try Data(contentsOf: url)
            return read(data, format: .guess(fileName: url.lastPathComponent))
        } catch {
            return QuestionnaireReader.Result(
                questionnaire: nil, issues: [ValidationIssue(path: "", message: "cannot read the file")]
            )
        }
    }

    static func parseYAML(_ text: String) -> Result<DocumentNode, IssueList> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(IssueList([describe(error)]))
        } catch {
            return .failure(IssueList([ValidationIssue(path: "", message: "the YAML cannot be read")]))
        }
        guard let root else {
            return .failure(IssueList([ValidationIssue(path: "", message: "the document is empty")]))
        }
        var budget = maxNodes
        guard let node = convert(root, budget: &budget) else {
            return .failure(
                IssueList([
                    ValidationIssue(
                        path: "", message: "the document has more than \(maxNodes) nodes (alias expansion?)")
                ])
            )
        }
        return .success(node)
    }

    private static func convert(_ node: Node, budget: inout Int) -> DocumentNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            let raw = scalar.string
            if scalar.style != .plain { return DocumentNode(.string(raw), line: line) }
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return DocumentNode(.null, line: line, rawScalar: raw)
            case .bool: return DocumentNode(node.bool.map { .bool($0) } ?? .string(raw), line: line, rawScalar: raw)
            case .int, .float:
                if let number = node.float ?? node.int.map(Double.init), number.isFinite {
                    return DocumentNode(.number(number), line: line, rawScalar: raw)
                }
                return DocumentNode(.string(raw), line: line)
            default: return DocumentNode(.string(raw), line: line)
            }
        case .sequence(let sequence):
            var items: [DocumentNode] = []
            for item in sequence {
                guard let converted = convert(item, budget: &budget) else { return nil }
                items.append(converted)
            }
            return DocumentNode(.array(items), line: line)
        case .mapping(let mapping):
            var pairs: [(key: String, value: DocumentNode)] = []
            for (key, value) in mapping {
                guard let converted = convert(value, budget: &budget) else { return nil }
                pairs.append((key.string ?? "\(key)", converted))
            }
            return DocumentNode(.object(pairs), line: line)
        case .alias:
            return DocumentNode(.null, line: line)
        }
    }

    private static func describe(_ error: YamlError) -> ValidationIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            // libyaml appends hints meant for C programmers ("…, set with yaml_set_…").
            let text = problem.components(separatedBy: ", set with").first ?? problem
            return ValidationIssue(path: "", message: "YAML syntax error: \(text)", line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ValidationIssue(
                path: "", message: "duplicate key \(duplicates.joined(separator: ", ")) in one mapping",
                line: context.mark.line
            )
        case .reader(let problem, _, _, _):
            return ValidationIssue(path: "", message: "cannot read the YAML text: \(problem)")
        default:
            return ValidationIssue(path: "", message: "the YAML cannot be read")
        }
    }
}
