import Foundation
import MeetingEvalCore
import Mustache

/// One organization's year of meetings as a printable page (`GET /api/organizations/{id}/yearly.html`):
/// the same look as the printable scorecard, no script, nothing loaded, every value escaped.
public enum YearlyHTML {
    public static func render(_ report: YearlyService<some EvaluationStore>.Report, locale: String, generatedAt: Date = Date())
        throws -> String
    {
        let page = YearlyPage(report, locale: locale, generatedAt: generatedAt)
        guard let html = try library.get().render(page, withTemplate: "page") else {
            throw ScorecardHTML.RenderError.template("no template named page")
        }
        return html
    }

    private static let library = Result<MustacheLibrary, any Error> {
        try MustacheLibrary(templates: ["page": MustacheTemplate(string: template)])
    }

    static let template = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="MeetingEval">
        <title>{{heading}}</title>
        <style>
        \(ScorecardTemplate.style)
        </style>
        </head>
        <body>
        <main class="sheet">
        <section>
          <p class="kicker">{{labels.kicker}}</p>
          <h1>{{heading}}</h1>
          <p class="note">{{generated}}</p>
          <table>
            <tbody>
            {{#summary}}<tr><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>
            {{/summary}}
            </tbody>
          </table>
        </section>
        <section>
          <h2>{{labels.byType}}</h2>
          {{#hasTypes}}
          <table>
            <thead><tr><th>{{labels.type}}</th><th class="num">{{labels.meetings}}</th><th class="num">{{labels.survey}}</th><th class="num">{{labels.facts}}</th><th class="num">{{labels.combined}}</th><th class="num">{{labels.duration}}</th></tr></thead>
            <tbody>
            {{#types}}<tr><td>{{name}}</td><td class="num">{{meetings}}</td><td class="num">{{survey}}</td><td class="num">{{facts}}</td><td class="num">{{combined}}</td><td class="num">{{duration}}</td></tr>
            {{/types}}
            </tbody>
          </table>
          {{/hasTypes}}
          {{^hasTypes}}<p>{{labels.none}}</p>{{/hasTypes}}
        </section>
        <section>
          <h2>{{labels.venuesBelow}}</h2>
          {{#hasVenues}}
          <table>
            <thead><tr><th>{{labels.venue}}</th><th class="num">{{labels.below}}</th><th class="num">{{labels.compared}}</th><th class="num">{{labels.observedLast}}</th></tr></thead>
            <tbody>
            {{#venues}}<tr><td>{{name}}</td><td class="num">{{below}}</td><td class="num">{{compared}}</td><td class="num">{{observedLast}}</td></tr>
            {{/venues}}
            </tbody>
          </table>
          <p class="note">{{labels.venuesNote}}</p>
          {{/hasVenues}}
          {{^hasVenues}}<p>{{labels.noVenues}}</p>{{/hasVenues}}
        </section>
        <section>
          <h2>{{labels.meetingsList}}</h2>
          {{#hasMeetings}}
          <table>
            <thead><tr><th>{{labels.date}}</th><th>{{labels.meeting}}</th><th class="num">{{labels.survey}}</th><th class="num">{{labels.facts}}</th><th class="num">{{labels.combined}}</th><th class="num">{{labels.duration}}</th><th>{{labels.mergeable}}</th><th class="num">{{labels.implementationShort}}</th></tr></thead>
            <tbody>
            {{#meetings}}<tr><td class="mono">{{date}}</td><td>{{title}}</td><td class="num">{{survey}}</td><td class="num">{{facts}}</td><td class="num">{{combined}}</td><td class="num">{{duration}}</td><td>{{mergeable}}</td><td class="num">{{implementation}}</td></tr>
            {{/meetings}}
            </tbody>
          </table>
          {{/hasMeetings}}
          {{^hasMeetings}}<p>{{labels.none}}</p>{{/hasMeetings}}
          <p class="note">{{labels.method}}</p>
        </section>
        </main>
        </body>
        </html>
        """
}

/// What the yearly template shows, every figure already text.
struct YearlyPage {
    struct Row {
        var label: String
        var value: String
    }

    struct TypeRow {
        var name, meetings, survey, facts, combined, duration: String
    }

    struct VenueRow {
        var name, below, compared, observedLast: String
    }

    struct MeetingRow {
        var date, title, survey, facts, combined, duration, mergeable, implementation: String
    }

    var lang: String
    var labels: [String: String]
    var heading: String
    var generated: String
    var summary: [Row]
    var types: [TypeRow]
    var hasTypes: Bool
    var venues: [VenueRow]
    var hasVenues: Bool
    var meetings: [MeetingRow]
    var hasMeetings: Bool

    init(_ report: YearlyService<some EvaluationStore>.Report, locale: String, generatedAt: Date) {
        let zh = locale == "zh" || locale.hasPrefix("zh-")
        lang = zh ? "zh" : "en"
        let labels = ScorecardLabels(locale: lang, entries: Self.labels + ScorecardLabels.table)
        self.labels = labels.texts
        let name = report.organization.name.resolved(lang, defaultLocale: "zh")
        heading = labels.format("heading", ["organization": name, "year": String(report.year)])
        generated = labels.format("generated", ["at": Timestamp.format(generatedAt)])
        let dash = ScorecardFormat.dash
        func score(_ value: Double?) -> String { ScorecardFormat.score(value) }
        func minutes(_ value: Double?) -> String { value.map { ScorecardFormat.plain($0) } ?? dash }
        var rows = [
            Row(label: labels["meetings"], value: String(report.meetings)),
            Row(label: labels["previousYear"], value: String(report.previousYear)),
            Row(label: labels["change"], value: report.change.map { ScorecardFormat.percent($0) } ?? dash),
        ]
        if let reduction = report.targetReduction {
            rows.append(
                Row(
                    label: labels.format("target", ["p": ScorecardFormat.plain(reduction)]),
                    value: report.targetMeetings.map { target in
                        "≤ \(target) · " + labels[report.targetMet == true ? "met" : "notMet"]
                    } ?? dash))
        }
        rows += [
            Row(label: labels["withFacts"], value: String(report.withFacts)),
            Row(label: labels["meanDuration"], value: minutes(report.meanDuration)),
            Row(
                label: labels["overLimit"],
                value: "\(report.overDurationLimit) / \(report.durationLimited)"),
            Row(
                label: labels["mergeableShare"],
                value: report.mergeableShare.map {
                    "\(report.mergeableOrReplaceable) / \(report.judged) (\(ScorecardFormat.percent($0)))"
                } ?? dash),
            Row(
                label: labels["implementation"],
                value: report.followUp.implementationRate.map {
                    "\(report.followUp.done) / \(report.followUp.tasks) (\(ScorecardFormat.percent($0)))"
                } ?? dash),
            Row(label: labels["onTime"], value: report.followUp.onTimeShare.map { ScorecardFormat.percent($0) } ?? dash),
            Row(label: labels["overdue"], value: String(report.followUp.overdue)),
        ]
        summary = rows
        types = report.byType.map {
            TypeRow(
                name: labels.meetingType($0.meetingType), meetings: String($0.meetings), survey: score($0.survey),
                facts: score($0.facts), combined: score($0.combined), duration: minutes($0.duration))
        }
        hasTypes = !types.isEmpty
        venues = report.venuesBelow.map {
            VenueRow(
                name: $0.name, below: String($0.below), compared: String($0.compared),
                observedLast: String($0.observedLast))
        }
        hasVenues = !venues.isEmpty
        meetings = report.evaluations.map {
            MeetingRow(
                date: $0.meetingDate, title: $0.title, survey: score($0.survey), facts: score($0.facts),
                combined: score($0.combined), duration: minutes($0.duration),
                mergeable: $0.mergeableOrReplaceable.map { labels[$0 ? "yes" : "no"] } ?? dash,
                implementation: $0.implementationRate.map { ScorecardFormat.percent($0) } ?? dash)
        }
        hasMeetings = !meetings.isEmpty
    }

    static let labels: [(key: String, zh: String, en: String)] = [
        ("kicker", "年度会议情况", "The year's meetings"),
        ("heading", "{organization} {year}年度会议评估情况", "{organization}: meetings of {year}"),
        ("generated", "生成时间（UTC）：{at}", "Generated (UTC): {at}"),
        ("meetings", "评估的会议数", "Meetings evaluated"),
        ("previousYear", "上一年", "The year before"),
        ("change", "较上一年", "Change from the year before"),
        ("target", "精简目标（每年减少{p}%）", "Reduction target ({p} % a year)"),
        ("met", "已达到", "met"),
        ("notMet", "未达到", "not met"),
        ("withFacts", "已记录会议实况", "With meeting facts recorded"),
        ("meanDuration", "平均实际时长（分钟）", "Mean actual length (minutes)"),
        ("overLimit", "超过时长限额 / 有时长限额", "Over the length limit / with one"),
        ("mergeableShare", "可合并或以文件代替", "Could have been merged or a document"),
        ("implementation", "决定事项落实率（已完成 / 事项）", "Decisions implemented (done / tasks)"),
        ("onTime", "按期完成比例", "Done on time"),
        ("overdue", "逾期未完成事项", "Tasks overdue"),
        ("byType", "按会议类型", "By meeting type"),
        ("type", "会议类型", "Meeting type"),
        ("survey", "问卷得分", "Survey"),
        ("facts", "实况得分", "Facts"),
        ("combined", "综合指数", "Combined"),
        ("duration", "时长（分钟）", "Length (min)"),
        ("venuesBelow", "低于其余会场的会场", "Venues most often below the rest"),
        ("venue", "会场", "Venue"),
        ("below", "显著偏低次数", "Times significantly below"),
        ("compared", "可比较次数", "Times compared"),
        ("observedLast", "督查排名末位次数", "Times observed last"),
        (
            "venuesNote",
            "“显著偏低”：会场得分低于其余答卷，Holm校正后p < 0.05（评分方法第9节）；“督查排名末位”：两个以上会场有督查记录时观察得分最低。",
            "“Below”: the venue scored below the other responses with a Holm-adjusted p < 0.05 (scoring method §9); “observed last”: the lowest observed score of two or more observed venues."
        ),
        ("noVenues", "没有会场显著低于其余会场。", "No venue scored significantly below the rest."),
        ("meetingsList", "各次会议", "Each meeting"),
        ("date", "日期", "Date"),
        ("meeting", "会议", "Meeting"),
        ("mergeable", "可合并", "Mergeable"),
        ("implementationShort", "落实率", "Implemented"),
        ("yes", "是", "yes"),
        ("no", "否", "no"),
        ("none", "这一年没有评估的会议。", "No meeting was evaluated this year."),
        (
            "method", "计算方法见评分方法第13节；草稿不计，已归档的会议计入。",
            "How each figure is computed: scoring method §13. Drafts do not count; archived meetings do."
        ),
    ]
}
