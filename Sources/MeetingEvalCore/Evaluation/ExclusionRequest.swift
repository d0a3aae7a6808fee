import Foundation

/// The body of an evaluator's exclusion or re-inclusion: `{"reason": "…"}`.
public enum ExclusionRequest {
    /// The trimmed reason; nil when it is optional and absent.
    public static func read(_ node: DocumentNode, required: Bool, maxLength: Int) -> Result<String?, IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else {
            return .failure(IssueList(issues.errors))
        }
        for key in root.keys where key != "reason" {
            issues.error(.root.appending(key), "unknown field '\(key.prefix(64))'")
        }
        let path = DocumentPath.root.appending("reason")
        var reason = root.string("reason", required: required)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text = reason {
            if text.isEmpty {
                if required { issues.error(path, "must not be empty") }
                reason = nil
            } else if text.count > maxLength {
                issues.error(path, "must be at most \(maxLength) characters")
            } else if text.containsControlCharacters(except: "\n\t") {
                issues.error(path, "must not contain control characters")
            }
        }
        return issues.hasErrors ? .failure(IssueList(issues.errors)) : .success(reason)
    }
}
