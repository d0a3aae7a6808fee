import Foundation

/// The evaluator's opinion (评估意见): what a body may hold and how writing it changes the
/// evaluation. Any status may get one: the opinion is usually written after closing.
public enum OpinionRules {
    public static let maxLength = 20_000

    /// Reads `{"text": "…"}`: text required, trimmed, 1…`maxLength` characters, no control
    /// characters other than line breaks and tabs.
    public static func read(_ node: DocumentNode) -> Result<String, IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else {
            return .failure(IssueList(issues.errors))
        }
        root.warnAboutUnknownKeys(["text"])
        let raw = root.string("text", required: true)
        let path = DocumentPath.root.appending("text")
        let text = raw?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text {
            if text.isEmpty {
                issues.error(path, "must not be empty")
            } else if text.count > maxLength {
                issues.error(path, "must be at most \(maxLength) characters")
            } else if text.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r"
            }) {
                issues.error(path, "must not contain control characters other than line breaks and tabs")
            }
        }
        guard !issues.hasErrors, let text else { return .failure(IssueList(issues.errors)) }
        return .success(text)
    }

    /// The change that stores `text` as the opinion, with an `evaluation.opinion` audit event
    /// carrying the text before and after; nil when the opinion already says exactly this.
    public static func change(_ evaluation: Evaluation, text: String, author: String, at now: Date)
        -> EvaluationChange?
    {
        guard evaluation.opinion?.text != text else { return nil }
        var changed = evaluation
        changed.opinion = EvaluationOpinion(text: text, author: author, updatedAt: now)
        return EvaluationChange(
            evaluation: changed, action: "evaluation.opinion",
            detail: ["before": evaluation.opinion?.text ?? "", "after": text])
    }
}
