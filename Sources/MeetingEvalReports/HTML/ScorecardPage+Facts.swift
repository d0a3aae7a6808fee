import Foundation
import MeetingEvalCore

/// The report's section on what the meeting did (docs/scoring.md §12): the standard, the
/// measured quantities, each rule's check and deduction, the facts score and the combined index.
extension ScorecardPage {
    struct FactsSection {
        var standard: String
        var citation: String
        var url: String
        var hasURL: Bool
        var score: String
        var deducted: String
        var quantities: [CountRow]
        var checks: [CheckRow]
        var hasChecks: Bool
        var notes: [String]
        var combined: [String]
    }

    struct CheckRow {
        var title: String
        var value: String
        var limit: String
        var outcome: String
        var deducted: String
        var isBroken: Bool
    }

    static func factsSection(_ scorecard: Scorecard, labels: ScorecardLabels) -> [FactsSection] {
        guard let facts = scorecard.meetingFacts else { return [] }
        let m = facts.measured
        func minutes(_ value: Double?) -> String {
            value.map { labels.format("facts.minutes", ["n": ScorecardFormat.plain($0)]) } ?? ScorecardFormat.dash
        }
        func yesNo(_ value: Bool?) -> String { value.map { labels[$0 ? "facts.yes" : "facts.no"] } ?? ScorecardFormat.dash }
        var quantities: [CountRow] = [
            CountRow(label: labels["facts.planned"], value: minutes(m.plannedMinutes), isSub: false),
            CountRow(label: labels["facts.duration"], value: minutes(m.durationMinutes), isSub: false),
            CountRow(label: labels["facts.startDelay"], value: minutes(m.startDelayMinutes), isSub: false),
            CountRow(label: labels["facts.overrun"], value: minutes(m.overrunMinutes), isSub: false),
            CountRow(
                label: labels["facts.attendance"],
                value: m.present.map { present in
                    "\(ScorecardFormat.count(present)) / \(ScorecardFormat.count(m.expected)) (\(m.attendanceRate.map { ScorecardFormat.plain($0) + "%" } ?? ScorecardFormat.dash))"
                } ?? ScorecardFormat.dash, isSub: false),
            CountRow(
                label: labels["facts.speeches"],
                value: labels.format(
                    "facts.speechTotal",
                    ["n": ScorecardFormat.count(m.speeches), "minutes": ScorecardFormat.plain(m.speechMinutes)]),
                isSub: false),
        ]
        for role in SpeechRole.allCases {
            guard let longest = m.longestSpeech[role] else { continue }
            quantities.append(CountRow(label: labels["facts.longest.\(role.rawValue)"], value: minutes(longest), isSub: true))
        }
        quantities += [
            CountRow(
                label: labels["facts.documents"],
                value: m.documentCount.map {
                    labels.format(
                        "facts.documentTotal", ["n": ScorecardFormat.count($0), "pages": ScorecardFormat.count(m.documentPages)])
                } ?? ScorecardFormat.dash, isSub: false),
            CountRow(label: labels["facts.mergeable"], value: yesNo(m.mergeable), isSub: false),
            CountRow(label: labels["facts.replaceable"], value: yesNo(m.replaceable), isSub: false),
            CountRow(
                label: labels["facts.personHours"], value: m.personHours.map { ScorecardFormat.plain($0) } ?? ScorecardFormat.dash,
                isSub: false),
            CountRow(
                label: labels["facts.cost"],
                value: m.cost.map {
                    labels.format("facts.yuan", ["n": ScorecardFormat.plain($0)])
                        + (m.costPerPersonHour.map { " · " + labels.format("facts.perPersonHour", ["n": ScorecardFormat.plain($0)]) } ?? "")
                } ?? ScorecardFormat.dash, isSub: false),
        ]
        let checks = facts.checks.map { check -> CheckRow in
            let limit: String
            switch check.limit {
            case .max(let value): limit = "≤ " + ScorecardFormat.plain(value)
            case .min(let value): limit = "≥ " + ScorecardFormat.plain(value)
            }
            let outcome = check.passed.map { labels[$0 ? "facts.passed" : "facts.broken"] } ?? labels["facts.notMeasured"]
            return CheckRow(
                title: check.title, value: check.value.map { ScorecardFormat.plain($0) } ?? ScorecardFormat.dash,
                limit: limit + " " + labels["facts.unit.\(check.measure.unit)"], outcome: outcome,
                deducted: check.deducted > 0 ? "−" + ScorecardFormat.plain(check.deducted) : "0",
                isBroken: check.passed == false)
        }
        var notes: [String] = []
        if facts.standard == nil { notes.append(labels["facts.noStandard"]) }
        if !facts.complete { notes.append(labels["facts.incomplete"]) }
        let combined = scorecard.combined.map { combined in
            labels.format(
                "facts.combined",
                [
                    "score": ScorecardFormat.score(combined.score), "grade": combined.grade ?? ScorecardFormat.dash,
                    "ws": ScorecardFormat.plain(combined.index.survey), "survey": ScorecardFormat.score(combined.survey),
                    "wf": ScorecardFormat.plain(combined.index.facts), "facts": ScorecardFormat.score(combined.facts),
                ])
        }
        return [
            FactsSection(
                standard: facts.standard.map { "\($0.title) (\($0.id) v\($0.version))" } ?? ScorecardFormat.dash,
                citation: facts.standard?.citation ?? "", url: facts.standard?.url ?? "",
                hasURL: facts.standard?.url != nil, score: ScorecardFormat.score(facts.score),
                deducted: ScorecardFormat.plain(facts.deducted), quantities: quantities, checks: checks,
                hasChecks: !checks.isEmpty, notes: notes, combined: combined.map { [$0] } ?? [])
        ]
    }

    static let factsLabels: [(key: String, zh: String, en: String)] = [
        ("sectionFacts", "会议实况与规范核查", "What the meeting did, checked against its standard"),
        ("factsStandard", "会议规范", "Standard"),
        ("factsScore", "实况得分", "Facts score"),
        ("factsDeducted", "扣分合计", "Points deducted"),
        ("factsQuantity", "实况", "Fact"),
        ("factsValue", "数值", "Value"),
        ("factsRule", "规则", "Rule"),
        ("factsLimit", "限额", "Limit"),
        ("factsOutcome", "结果", "Result"),
        ("factsDeduction", "扣分", "Deducted"),
        ("factsScoreNote", "实况得分 = 100 − 扣分合计，最低为0（评分方法第12节）。", "Facts score = 100 − points deducted, at least 0 (scoring method §12)."),
        ("facts.minutes", "{n}分钟", "{n} min"),
        ("facts.yes", "是", "yes"),
        ("facts.no", "否", "no"),
        ("facts.planned", "计划时长", "Planned length"),
        ("facts.duration", "实际时长", "Actual length"),
        ("facts.startDelay", "开始延迟", "Start delay"),
        ("facts.overrun", "超出计划结束时间", "Overrun past the planned end"),
        ("facts.attendance", "实到 / 应到（到会率）", "Present / expected (rate)"),
        ("facts.speeches", "发言", "Speeches"),
        ("facts.speechTotal", "{n}人次，共{minutes}分钟", "{n}, {minutes} min in all"),
        ("facts.longest.leader", "领导讲话最长", "Longest leader's speech"),
        ("facts.longest.chair", "主持讲话最长", "Longest chair's remarks"),
        ("facts.longest.report", "汇报发言最长", "Longest report"),
        ("facts.longest.floor", "其他发言最长", "Longest other speech"),
        ("facts.documents", "会议材料", "Documents"),
        ("facts.documentTotal", "{n}份，共{pages}页", "{n}, {pages} pages"),
        ("facts.mergeable", "可与其他会议合并", "Could have been merged"),
        ("facts.replaceable", "可以文件代替", "Could have been a document"),
        ("facts.personHours", "人时（实到 × 实际时长）", "Person-hours (present × actual length)"),
        ("facts.cost", "会议费用", "Cost"),
        ("facts.yuan", "{n}元", "¥{n}"),
        ("facts.perPersonHour", "每人时{n}元", "¥{n} per person-hour"),
        ("facts.passed", "符合", "kept"),
        ("facts.broken", "违反", "broken"),
        ("facts.notMeasured", "未记录", "not recorded"),
        ("facts.unit.minutes", "分钟", "min"),
        ("facts.unit.percent", "%", "%"),
        ("facts.unit.speeches", "次", "speeches"),
        ("facts.unit.people", "人", "people"),
        ("facts.unit.documents", "份", "documents"),
        ("facts.unit.pages", "页", "pages"),
        ("facts.unit.yes=1", "（是=1）", "(yes = 1)"),
        ("facts.noStandard", "本次评估未指定会议规范，只列实况，不计实况得分。", "This evaluation names no meeting standard: the facts are listed, not scored."),
        (
            "facts.incomplete", "部分规则所需的实况未记录，这些规则未计扣分。",
            "Some rules could not be checked because the facts they need are not recorded; they deduct nothing."
        ),
        (
            "facts.combined", "综合指数{score}（{grade}）= {ws} × 问卷总分{survey} 与 {wf} × 实况得分{facts} 的加权平均。",
            "Combined index {score} ({grade}): the weighted mean of the survey's {survey} (weight {ws}) and the facts score {facts} (weight {wf})."
        ),
    ]
}
