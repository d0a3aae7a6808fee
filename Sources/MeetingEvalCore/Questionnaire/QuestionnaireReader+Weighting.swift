import Foundation

/// `weighting:` (the dimensions' weights) and `questionWeighting:` (a dimension's questions'
/// weights) given as pairwise judgments: read, checked and turned into weights (see `AHP`).
extension QuestionnaireReader {
    /// One judgment as written, with where it was written.
    struct WrittenJudgment {
        var judgment: PairwiseJudgment
        var path: DocumentPath
    }

    /// Reads a `weighting` object; nil (reported) when it is malformed.
    static func readWeighting(_ reader: ObjectReader) -> [WrittenJudgment]? {
        reader.warnAboutUnknownKeys(["method", "comparisons"])
        var failed = false
        if let method = reader.string("method", required: true) {
            if method != "ahp" {
                reader.issues.error(
                    reader.path.appending("method"), "unknown weighting method '\(method)'; the only method is ahp")
                failed = true
            }
        } else {
            failed = true
        }
        guard let items = reader.array("comparisons", required: true) else { return nil }
        var judgments: [WrittenJudgment] = []
        for (index, item) in items.enumerated() {
            let path = reader.path.appending("comparisons").appending(index)
            guard let pair = ObjectReader(item, at: path, issues: reader.issues) else {
                failed = true
                continue
            }
            pair.warnAboutUnknownKeys(["a", "b", "value"])
            let a = pair.string("a", required: true)
            let b = pair.string("b", required: true)
            var value: SaatyValue?
            if let node = pair.value("value", required: true) {
                switch node.value {
                case .number(let number): value = Int(exactly: number).flatMap { SaatyValue(magnitude: $0, reciprocal: false) }
                case .string(let text): value = SaatyValue(text: text)
                default: value = nil
                }
                if value == nil {
                    pair.issues.error(
                        path.appending("value"),
                        "must be a whole number from 1 to 9 or its reciprocal written \"1/k\" (Saaty's scale)")
                }
            }
            guard let a, let b, let value else {
                failed = true
                continue
            }
            if a == b {
                pair.issues.error(path, "compares '\(a)' with itself; a judgment compares two different items")
                failed = true
                continue
            }
            judgments.append(WrittenJudgment(judgment: PairwiseJudgment(a: a, b: b, value: value), path: path))
        }
        return failed ? nil : judgments
    }

    /// Checks that the judgments cover every unordered pair of `items` exactly once and are
    /// consistent enough (CR ≤ 0.10), and derives the items' weights (6 decimals). Nil when
    /// anything is wrong, each problem reported. `noun` names the items in messages.
    static func deriveWeights(
        _ judgments: [WrittenJudgment], items: [String], at path: DocumentPath, noun: String, issues: IssueCollector
    ) -> (weights: [Double], weighting: PairwiseWeighting)? {
        let n = items.count
        guard n >= 1 else {
            issues.error(path, "there are no \(noun)s with scored questions to weigh")
            return nil
        }
        guard n <= AHP.maxItems else {
            issues.error(
                path, "pairwise weighting takes at most \(AHP.maxItems) \(noun)s (\(n) here); give numeric weights instead")
            return nil
        }
        let position = Dictionary(items.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var matrix = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
        var source: [[DocumentPath?]] = Array(repeating: Array(repeating: nil, count: n), count: n)
        var failed = false
        for written in judgments {
            let judgment = written.judgment
            var unknown = false
            for (key, id) in [("a", judgment.a), ("b", judgment.b)] where position[id] == nil {
                issues.error(
                    written.path.appending(key),
                    "'\(id)' is not one of the \(noun)s being weighed (\(items.joined(separator: ", ")))")
                unknown = true
            }
            guard !unknown, let i = position[judgment.a], let j = position[judgment.b] else {
                failed = true
                continue
            }
            if let first = source[i][j] {
                issues.error(
                    written.path, "the pair \(judgment.a)–\(judgment.b) is judged twice (first at \(first)); judge each pair once")
                failed = true
                continue
            }
            matrix[i][j] = judgment.value.ratio
            matrix[j][i] = 1 / judgment.value.ratio
            source[i][j] = written.path
            source[j][i] = written.path
        }
        var missing: [String] = []
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) where source[i][j] == nil { missing.append("\(items[i])–\(items[j])") }
        }
        if !missing.isEmpty {
            issues.error(
                path.appending("comparisons"),
                "missing judgment\(missing.count == 1 ? "" : "s") for \(missing.joined(separator: ", ")); judge every pair of \(noun)s once"
            )
            failed = true
        }
        guard !failed else { return nil }
        let result = AHP.solve(matrix)
        if result.cr > AHP.maxConsistencyRatio, let triple = AHP.mostInconsistentTriple(matrix) {
            let (i, j, k) = (triple.i, triple.j, triple.k)
            let paths = [source[i][j], source[j][k], source[i][k]].compactMap { $0 }
            let lines = paths.compactMap { issues.line(for: $0) }
            let place = lines.isEmpty ? paths.map(\.description).joined(separator: ", ") : "lines \(lines.map(String.init).joined(separator: ", "))"
            issues.error(
                paths.min { (issues.line(for: $0) ?? 0) < (issues.line(for: $1) ?? 0) } ?? path,
                "the judgments are inconsistent: CR = \(String(format: "%.3f", result.cr)) is above "
                    + "\(String(format: "%.2f", AHP.maxConsistencyRatio)); the most inconsistent triple is "
                    + "\(items[i]), \(items[j]), \(items[k]) (\(items[i])/\(items[j]) × \(items[j])/\(items[k]) ÷ "
                    + "\(items[i])/\(items[k]) = \(Self.ratioText(triple.product)), where consistent judgments give 1; "
                    + "\(place))")
            return nil
        }
        let rounded = result.rounded
        let comparisons = judgments.map(\.judgment)
        return (rounded.weights, PairwiseWeighting(comparisons: comparisons, consistency: rounded.consistency))
    }

    private static func ratioText(_ value: Double) -> String {
        value >= 1 ? String(format: "%.3g", value) : "1/\(String(format: "%.3g", 1 / value))"
    }

    /// Sets each weighed dimension's derived weight. A dimension that writes a weight of its
    /// own must write the derived one (as the normalized definition does).
    static func applyDimensionWeighting(
        _ judgments: [WrittenJudgment], to dimensions: inout [Dimension], at root: DocumentPath, issues: IssueCollector
    ) -> PairwiseWeighting? {
        let weighed = dimensions.indices.filter { dimensions[$0].questions.contains(where: \.isScored) }
        guard
            let derived = deriveWeights(
                judgments, items: weighed.map { dimensions[$0].id }, at: root.appending("weighting"), noun: "dimension",
                issues: issues),
            writtenWeightsAgree(
                derived.weights, written: weighed.map { dimensions[$0].weight },
                paths: weighed.map { root.appending("dimensions").appending($0).appending("weight") },
                block: "weighting", noun: "dimension", issues: issues)
        else { return nil }
        for (position, index) in weighed.enumerated() { dimensions[index].weight = derived.weights[position] }
        return derived.weighting
    }

    /// Sets the derived weight of each scored question of a dimension with `questionWeighting`.
    /// `written[i]` is the weight question i wrote itself, if any.
    static func applyQuestionWeighting(
        _ judgments: [WrittenJudgment], to questions: inout [Question], written: [Double?], at path: DocumentPath,
        issues: IssueCollector
    ) -> PairwiseWeighting? {
        let weighed = questions.indices.filter { questions[$0].isScored }
        guard
            let derived = deriveWeights(
                judgments, items: weighed.map { questions[$0].id }, at: path.appending("questionWeighting"),
                noun: "question", issues: issues),
            writtenWeightsAgree(
                derived.weights, written: weighed.map { written[$0] },
                paths: weighed.map { path.appending("questions").appending($0).appending("weight") },
                block: "questionWeighting", noun: "question", issues: issues)
        else { return nil }
        for (position, index) in weighed.enumerated() { questions[index].weight = derived.weights[position] }
        return derived.weighting
    }

    /// Weighed items carry no weight of their own, unless it is the derived one (the
    /// normalized definition writes it out); reports each other one.
    private static func writtenWeightsAgree(
        _ derived: [Double], written: [Double?], paths: [DocumentPath], block: String, noun: String,
        issues: IssueCollector
    ) -> Bool {
        var agree = true
        for (position, weight) in derived.enumerated() {
            guard let own = written[position], abs(own - weight) > 1e-9 else { continue }
            issues.error(
                paths[position],
                "the \(noun)s are weighted by pairwise comparison (\(block):), so give no weight here (derived: \(weight))"
            )
            agree = false
        }
        return agree
    }
}
