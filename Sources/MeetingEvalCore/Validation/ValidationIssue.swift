/// One problem found in a document: where it is and what is wrong.
public struct ValidationIssue: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable {
        case error
        case warning
    }

    /// Dotted path such as `dimensions[1].questions[0].options` or `answers.notice`.
    public var path: String
    public var message: String
    /// 1-based source line, for YAML files.
    public var line: Int?
    public var severity: Severity

    public init(path: String, message: String, line: Int? = nil, severity: Severity = .error) {
        self.path = path
        self.message = message
        self.line = line
        self.severity = severity
    }

    private enum CodingKeys: String, CodingKey {
        case path, message, line
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.path = try container.decode(String.self, forKey: .path)
        self.message = try container.decode(String.self, forKey: .message)
        self.line = try container.decodeIfPresent(Int.self, forKey: .line)
        self.severity = .error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(line, forKey: .line)
    }

    /// `file:line: path: message`, the form the command line prints.
    public func formatted(file: String?) -> String {
        var location = file ?? "<input>"
        if let line { location += ":\(line)" }
        return "\(location): \(path.isEmpty ? "(document)" : path): \(message)"
    }
}

/// A path into a document, rendered as `dimensions[1].questions[0].id`.
public struct DocumentPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    public static let root = DocumentPath()

    public func appending(_ key: String) -> DocumentPath { DocumentPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> DocumentPath { DocumentPath(components + [.index(index)]) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    public var parent: DocumentPath? {
        components.isEmpty ? nil : DocumentPath(Array(components.dropLast()))
    }
}
