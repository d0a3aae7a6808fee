import Foundation
import MeetingEvalCore

/// How firm the result is, in words (docs/scoring.md §9): the grade's confidence, the range of
/// each dimension's weight that keeps the grade, and the venues and rater groups that differ
/// from the rest after Holm's adjustment.
extension ScorecardPage {
    struct Finding {
        var text: String
    }

    static func findings(_ scorecard: Scorecard, labels: ScorecardLabels) -> [Finding] {
        var lines: [String] = []
        if let confidence = scorecard.overall.gradeConfidence, let grade = scorecard.overall.grade {
            lines.append(
                labels.format(
                    "finding.gradeConfidence",
                    ["grade": grade, "p": wholePercent(confidence)]))
        }
        for dimension in scorecard.dimensions {
            guard let range = dimension.gradeStableWeight else { continue }
            lines.append(
                labels.format(
                    "finding.stableWeight",
                    [
                        "dimension": dimension.title, "low": wholePercent(range.low),
                        "high": wholePercent(range.high),
                        "weight": wholePercent(dimension.weight),
                    ]))
        }
        let parts =
            scorecard.venues.map { (kind: "venue", name: $0.name, comparison: $0.comparison) }
            + scorecard.raterGroups.map { (kind: "group", name: $0.name, comparison: $0.comparison) }
        var anyCompared = false
        for part in parts {
            guard let flag = part.comparison.flag else { continue }
            anyCompared = true
            guard flag != .none, let difference = part.comparison.difference, let p = part.comparison.pAdjusted
            else { continue }
            lines.append(
                labels.format(
                    "finding.\(part.kind).\(flag.rawValue)",
                    [
                        "name": part.name, "difference": ScorecardFormat.plain(abs(difference)),
                        "p": p < 0.0001 ? "< 0.0001" : "= " + String(format: "%.4f", p),
                    ]))
        }
        if anyCompared, !parts.contains(where: { ($0.comparison.flag ?? .none) != .none }) {
            lines.append(labels["finding.noFlags"])
        }
        return lines.map(Finding.init)
    }

    /// A share as a whole percentage, halves away from zero (as the evaluator pages write it).
    static func wholePercent(_ share: Double) -> String {
        "\(Int(ScoreRounding.round(share * 100, decimals: 0)))%"
    }

    /// A venue's name with its flag, for the ranking chart and table.
    static func flaggedName(_ venue: Scorecard.VenueScore, labels: ScorecardLabels) -> String {
        switch venue.comparison.flag {
        case .below?: return "\(venue.name) ▼ \(labels["flag.below"])"
        case .above?: return "\(venue.name) ▲ \(labels["flag.above"])"
        default: return venue.name
        }
    }

    static let findingLabels: [(key: String, zh: String, en: String)] = [
        ("findingsTitle", "结果的稳健性", "How firm the result is"),
        (
            "finding.gradeConfidence", "按95%置信区间的正态近似，真实总分落在“{grade}”等级区间内的概率约为{p}。",
            "Under the normal approximation of the 95 % interval, the true overall score lies in the band of the grade “{grade}” with a probability of about {p}."
        ),
        (
            "finding.stableWeight", "“{dimension}”的权重（现为{weight}）在{low}至{high}之间变化时，等级不变。",
            "{dimension} (weight {weight}) could weigh anywhere from {low} to {high} without changing the grade."
        ),
        (
            "finding.venue.below", "{name}的得分显著低于其余会场，低{difference}分（Holm校正后p {p}）。",
            "{name} scores significantly below the other venues, by {difference} points (Holm-adjusted p {p})."
        ),
        (
            "finding.venue.above", "{name}的得分显著高于其余会场，高{difference}分（Holm校正后p {p}）。",
            "{name} scores significantly above the other venues, by {difference} points (Holm-adjusted p {p})."
        ),
        (
            "finding.group.below", "评价主体“{name}”的评分显著低于其他评价主体，低{difference}分（Holm校正后p {p}）。",
            "The rater group {name} scores significantly below the other groups, by {difference} points (Holm-adjusted p {p})."
        ),
        (
            "finding.group.above", "评价主体“{name}”的评分显著高于其他评价主体，高{difference}分（Holm校正后p {p}）。",
            "The rater group {name} scores significantly above the other groups, by {difference} points (Holm-adjusted p {p})."
        ),
        (
            "finding.noFlags", "没有会场或评价主体与其余部分存在显著差异（Holm校正后p < 0.05）。",
            "No venue or rater group differs significantly from the rest (Holm-adjusted p < 0.05)."
        ),
        ("flag.below", "显著偏低", "significantly below"),
        ("flag.above", "显著偏高", "significantly above"),
    ]
}
