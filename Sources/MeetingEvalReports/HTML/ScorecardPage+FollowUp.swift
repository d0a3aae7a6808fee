import Foundation
import MeetingEvalCore

/// The printable report's follow-up section (督办): counts and rates, each round, and the
/// overdue tasks (docs/scoring.md, "Follow-up of decisions").
extension ScorecardPage {
    struct FollowUpSection {
        var asOf: String
        var counts: [CountRow]
        var rounds: [RoundRow]
        var overdue: [OverdueRow]
        var hasOverdue: Bool
    }

    struct RoundRow {
        var number: String
        var dueDate: String
        var state: String
        var rate: String
        var onTime: String
        var missing: String
    }

    struct OverdueRow {
        var position: String
        var task: String
        var unit: String
        var deadline: String
        var days: String
        var status: String
    }

    /// None without tasks, else one section (the template iterates it).
    static func followUpSection(_ summary: FollowUpSummary?, labels: ScorecardLabels, dates: ReportDates)
        -> [FollowUpSection]
    {
        guard let summary else { return [] }
        let figures = summary.figures
        func row(_ key: String, _ value: String, sub: Bool = false) -> CountRow {
            CountRow(label: labels["followUp.\(key)"], value: value, isSub: sub)
        }
        let counts = [
            row("tasks", ScorecardFormat.count(figures.tasks)), row("done", ScorecardFormat.count(figures.done), sub: true),
            row("inProgress", ScorecardFormat.count(figures.inProgress), sub: true),
            row("blocked", ScorecardFormat.count(figures.blocked), sub: true),
            row("notReported", ScorecardFormat.count(figures.notReported), sub: true),
            row("overdue", ScorecardFormat.count(figures.overdue)),
            row("implementationRate", ScorecardFormat.percent(figures.implementationRate, decimals: 2)),
            row("onTimeShare", ScorecardFormat.percent(figures.onTimeShare, decimals: 2)),
        ]
        let rounds = summary.rounds.map { round in
            RoundRow(
                number: labels.format("followUp.round", ["n": String(round.number), "days": String(round.offsetDays)]),
                dueDate: dates.calendarDate(round.dueDate), state: labels["followUp.state.\(round.state.rawValue)"],
                rate: ScorecardFormat.percent(round.figures?.implementationRate, decimals: 2),
                onTime: ScorecardFormat.percent(round.figures?.onTimeShare, decimals: 2),
                missing: round.state == .upcoming
                    ? ScorecardFormat.dash
                    : round.missingUnits.isEmpty ? labels["followUp.allReported"] : round.missingUnits.joined(separator: "、"))
        }
        let overdue = summary.overdue.map { state in
            OverdueRow(
                position: String(state.task.position), task: state.task.text, unit: state.task.unit,
                deadline: dates.calendarDate(state.task.deadline), days: ScorecardFormat.count(state.daysOverdue ?? 0),
                status: state.status.map { status in
                    let word = labels["followUp.status.\(status.rawValue)"]
                    return state.latest?.reason.map { "\(word)：\($0)" } ?? word
                } ?? labels["followUp.status.none"])
        }
        return [
            FollowUpSection(
                asOf: labels.format("followUp.asOf", ["time": dates.dateTime(summary.asOf)]), counts: counts,
                rounds: rounds, overdue: overdue, hasOverdue: !overdue.isEmpty)
        ]
    }

    /// The section of the template, shown only when the evaluation has tasks.
    static let followUpTemplate = """
        {{#followUp}}
        <section class="follow-up">
          <h2>{{labels.sectionFollowUp}}</h2>
          <p class="note">{{asOf}}</p>
          <table class="counts">
            <tbody>
            {{#counts}}<tr{{#isSub}} class="sub"{{/isSub}}><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>
            {{/counts}}
            </tbody>
          </table>
          <h3>{{labels.followUpRounds}}</h3>
          <table>
            <thead><tr><th>{{labels.followUpRound}}</th><th>{{labels.followUpDue}}</th><th>{{labels.followUpState}}</th><th class="num">{{labels.followUpRate}}</th><th class="num">{{labels.followUpOnTime}}</th><th>{{labels.followUpMissing}}</th></tr></thead>
            <tbody>
            {{#rounds}}<tr><td>{{number}}</td><td>{{dueDate}}</td><td>{{state}}</td><td class="num strong">{{rate}}</td><td class="num">{{onTime}}</td><td class="text">{{missing}}</td></tr>
            {{/rounds}}
            </tbody>
          </table>
          <h3>{{labels.followUpOverdue}}</h3>
          {{#hasOverdue}}
          <table>
            <thead><tr><th class="num">{{labels.followUpNumber}}</th><th>{{labels.followUpTask}}</th><th>{{labels.followUpUnit}}</th><th>{{labels.followUpDeadline}}</th><th class="num">{{labels.followUpDays}}</th><th>{{labels.followUpStatus}}</th></tr></thead>
            <tbody>
            {{#overdue}}<tr><td class="num">{{position}}</td><td class="text">{{task}}</td><td>{{unit}}</td><td>{{deadline}}</td><td class="num">{{days}}</td><td class="text">{{status}}</td></tr>
            {{/overdue}}
            </tbody>
          </table>
          {{/hasOverdue}}
          {{^hasOverdue}}<p>{{labels.none}}</p>{{/hasOverdue}}
        </section>
        {{/followUp}}
        """

    static let followUpLabels: [(key: String, zh: String, en: String)] = [
        ("sectionFollowUp", "会议决定事项督办", "Follow-up of decisions"),
        ("followUp.asOf", "截至{time}。", "As of {time}."),
        ("followUp.tasks", "督办事项", "Tasks"),
        ("followUp.done", "已完成", "Done"),
        ("followUp.inProgress", "推进中", "In progress"),
        ("followUp.blocked", "受阻", "Blocked"),
        ("followUp.notReported", "未报送", "Not reported"),
        ("followUp.overdue", "逾期未完成", "Overdue"),
        ("followUp.implementationRate", "落实率", "Implementation rate"),
        ("followUp.onTimeShare", "按期完成率", "On-time share"),
        ("followUp.round", "第{n}轮（会后{days}天）", "Round {n} ({days} days)"),
        ("followUp.state.upcoming", "未开始", "Upcoming"),
        ("followUp.state.open", "进行中", "Open"),
        ("followUp.state.closed", "已截止", "Closed"),
        ("followUp.allReported", "均已报送", "All reported"),
        ("followUp.status.done", "已完成", "Done"),
        ("followUp.status.in_progress", "推进中", "In progress"),
        ("followUp.status.blocked", "受阻", "Blocked"),
        ("followUp.status.none", "未报送", "Not reported"),
        ("followUpRounds", "督办轮次", "Follow-up rounds"),
        ("followUpRound", "轮次", "Round"),
        ("followUpDue", "督办日期", "Due"),
        ("followUpState", "状态", "State"),
        ("followUpRate", "落实率", "Implementation"),
        ("followUpOnTime", "按期完成率", "On time"),
        ("followUpMissing", "未报送单位", "Units not reported"),
        ("followUpOverdue", "逾期事项", "Overdue tasks"),
        ("followUpNumber", "序号", "No."),
        ("followUpTask", "事项", "Task"),
        ("followUpUnit", "责任单位", "Responsible unit"),
        ("followUpDeadline", "完成时限", "Deadline"),
        ("followUpDays", "逾期天数", "Days overdue"),
        ("followUpStatus", "最新情况", "Latest status"),
    ]
}
