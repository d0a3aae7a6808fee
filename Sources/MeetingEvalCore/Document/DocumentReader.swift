/// Collects the problems found while reading a document, and remembers the source line of
/// every path it visited so that later (semantic) checks can point at lines too.
public final class IssueCollector {
    public private(set) var issues: [ValidationIssue] = []
    private var lines: [String: Int] = [:]

    public init() {}

    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
    public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [ValidationIssue] { issues.filter { $0.severity == .warning } }

    public func record(_ path: DocumentPath, line: Int?) {
        if let line { lines[path.description] = line }
    }

    /// The line of `path`, or of its nearest ancestor that has one.
    public func line(for path: DocumentPath) -> Int? {
        var current: DocumentPath? = path
        while let candidate = current {
            if let line = lines[candidate.description] { return line }
            current = candidate.parent
        }
        return nil
    }

    public func error(_ path: DocumentPath, _ message: String) {
        issues.append(ValidationIssue(path: path.description, message: message, line: line(for: path)))
    }

    public func warning(_ path: DocumentPath, _ message: String) {
        issues.append(
            ValidationIssue(path: path.description, message: message, line: line(for: path), severity: .warning)
        )
    }
}

/// Reads the fields of one object node, reporting each missing field or wrong type once.
public struct ObjectReader {
    public let node: DocumentNode
    public let path: DocumentPath
    public let issues: IssueCollector
    private let pairs: [(key: String, value: DocumentNode)]

    /// Returns nil (and reports) when `node` is not an object.
    public init?(_ node: DocumentNode, at path: DocumentPath, issues: IssueCollector) {
        issues.record(path, line: node.line)
        guard case .object(let pairs) = node.value else {
            issues.error(path, "must be an object, found \(node.kindName)")
            return nil
        }
        self.node = node
        self.path = path
        self.issues = issues
        self.pairs = pairs
        for pair in pairs { issues.record(path.appending(pair.key), line: pair.value.line) }
    }

    public var keys: [String] { pairs.map(\.key) }

    public func has(_ key: String) -> Bool {
        guard let value = node[key] else { return false }
        return value.value != .null
    }

    /// The raw node for `key`; reports a missing required field.
    public func value(_ key: String, required: Bool) -> DocumentNode? {
        guard let value = node[key], value.value != .null else {
            if required { issues.error(path.appending(key), "is required") }
            return nil
        }
        return value
    }

    public func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        return Self.string(value, at: path.appending(key), issues: issues)
    }

    public func integer(_ key: String, required: Bool = false) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        return Self.integer(value, at: path.appending(key), issues: issues)
    }

    public func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value.value, number.isFinite else {
            issues.error(path.appending(key), "must be a number, found \(value.kindName)")
            return nil
        }
        return number
    }

    public func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        guard case .bool(let flag) = value.value else {
            issues.error(path.appending(key), "must be true or false, found \(value.kindName)")
            return nil
        }
        return flag
    }

    public func array(_ key: String, required: Bool = false) -> [DocumentNode]? {
        guard let value = value(key, required: required) else { return nil }
        guard case .array(let items) = value.value else {
            issues.error(path.appending(key), "must be a list, found \(value.kindName)")
            return nil
        }
        for (index, item) in items.enumerated() { issues.record(path.appending(key).appending(index), line: item.line) }
        return items
    }

    public func object(_ key: String, required: Bool = false) -> ObjectReader? {
        guard let value = value(key, required: required) else { return nil }
        return ObjectReader(value, at: path.appending(key), issues: issues)
    }

    /// Warns about keys this reader does not know: usually a typo that would silently drop a setting.
    public func warnAboutUnknownKeys(_ known: Set<String>) {
        for key in keys where !known.contains(key) {
            issues.warning(path.appending(key), "unknown field '\(key)' is ignored")
        }
    }

    public static func string(_ node: DocumentNode, at path: DocumentPath, issues: IssueCollector) -> String? {
        switch node.value {
        case .string(let text): return text
        case .number, .bool:
            if let raw = node.rawScalar { return raw }
            fallthrough
        default:
            issues.error(path, "must be a string, found \(node.kindName)")
            return nil
        }
    }

    public static func integer(_ node: DocumentNode, at path: DocumentPath, issues: IssueCollector) -> Int? {
        guard case .number(let number) = node.value, let integer = Int(exactly: number) else {
            let found: String
            if case .number(let number) = node.value {
                found = number.rounded() == number ? "a number out of range" : "a fraction"
            } else {
                found = node.kindName
            }
            issues.error(path, "must be a whole number, found \(found)")
            return nil
        }
        return integer
    }
}
