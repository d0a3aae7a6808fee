import Foundation
import MeetingEvalCore

/// How the printable report is laid out beyond the scorecard's figures.
public struct ReportOptions: Sendable, Equatable {
    /// Every date and time of the report is written in this zone (`serve --time-zone`).
    public var timeZone: TimeZone
    /// Comments printed per question in the appendix; nil prints every comment the scorecard
    /// holds. A question with more says how many are left out.
    public var commentsPerQuestion: Int?

    public static let defaultTimeZone = "Asia/Shanghai"

    public init(timeZone: TimeZone = TimeZone(identifier: defaultTimeZone)!, commentsPerQuestion: Int? = nil) {
        self.timeZone = timeZone
        self.commentsPerQuestion = commentsPerQuestion
    }
}

/// Dates and times in the report's zone, written as the locale writes them.
struct ReportDates {
    let chinese: Bool
    let timeZone: TimeZone

    /// `2026年11月20日 14:05` or `20 November 2026, 14:05`.
    func dateTime(_ date: Date) -> String {
        formatter(chinese ? "yyyy年M月d日 HH:mm" : "d MMMM yyyy, HH:mm").string(from: date)
    }

    /// `2026年11月20日` or `20 November 2026`.
    func date(_ date: Date) -> String {
        formatter(chinese ? "yyyy年M月d日" : "d MMMM yyyy").string(from: date)
    }

    /// A calendar date written `YYYY-MM-DD` (the meeting's), in the locale's form; as given
    /// when it is not one.
    func calendarDate(_ text: String) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return text }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let date = calendar.date(from: components) else { return text }
        return self.date(date)
    }

    /// The zone as the report names it: `Asia/Shanghai, UTC+08:00`.
    var zoneName: String {
        let seconds = timeZone.secondsFromGMT()
        let sign = seconds < 0 ? "−" : "+"
        let minutes = abs(seconds) / 60
        return "\(timeZone.identifier), UTC\(sign)\(String(format: "%02d:%02d", minutes / 60, minutes % 60))"
    }

    private func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.locale = Locale(identifier: chinese ? "zh_CN" : "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        return formatter
    }
}

extension ScorecardPage {
    /// One finding of the summary, with whether it calls for attention.
    struct SummaryFinding {
        var text: String
        var attention: Bool
    }

    /// The first N comments of each question (`options.commentsPerQuestion`), numbered within
    /// the question, in order of receipt; questions in questionnaire order.
    static func commentGroups(_ scorecard: Scorecard, options: ReportOptions, labels: ScorecardLabels)
        -> [CommentGroup]
    {
        let venueNames = Dictionary(scorecard.venues.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var byQuestion: [String: [Scorecard.Comment]] = [:]
        for comment in scorecard.comments { byQuestion[comment.question, default: []].append(comment) }
        var order = scorecard.questions.map(\.id).filter { byQuestion[$0] != nil }
        order += byQuestion.keys.filter { !order.contains($0) }.sorted()
        let texts = Dictionary(scorecard.questions.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        return order.map { question in
            let all = byQuestion[question] ?? []
            let shown = options.commentsPerQuestion.map { Array(all.prefix($0)) } ?? all
            let count =
                shown.count < all.count
                ? labels.format(
                    "commentsShownOf",
                    ["n": ScorecardFormat.count(all.count), "shown": ScorecardFormat.count(shown.count)])
                : labels.format("commentsCount", ["n": ScorecardFormat.count(all.count)])
            return CommentGroup(
                question: texts[question] ?? question, count: count,
                comments: shown.enumerated().map { index, comment in
                    CommentRow(
                        number: String(index + 1),
                        venue: comment.venue.map { venueNames[$0] ?? $0 } ?? ScorecardFormat.dash, text: comment.text)
                })
        }
    }

    static let reportLabels: [(key: String, zh: String, en: String)] = [
        ("reportTitle", "会议质量第三方评估报告", "Independent meeting quality evaluation report"),
        ("coverMeeting", "评估对象", "Meeting evaluated"),
        ("client", "委托单位", "Client"),
        ("assessor", "评估机构", "Assessor"),
        ("reportNumber", "报告编号", "Report number"),
        ("reportDate", "报告日期", "Report date"),
        ("reportStatus", "报告状态", "Report status"),
        ("reportStatus.draft", "草稿（评估意见尚未填写）", "Draft (no evaluator's opinion yet)"),
        ("reportStatus.interim", "阶段性报告（评估尚未结束）", "Interim (the evaluation is not closed)"),
        ("reportStatus.final", "正式报告", "Final"),
        (
            "draftNotice", "草稿：评估意见尚未填写，本报告不得作为正式评估结论使用。",
            "Draft: the evaluator's opinion has not been written; this report is not a final conclusion."
        ),
        ("timesIn", "本报告中的日期和时间均为{zone}时间。", "Dates and times in this report are in {zone}."),
        ("sectionSummary", "报告摘要", "Summary"),
        ("summaryFindings", "主要发现", "Findings"),
        (
            "summaryFindingsNote", "以下发现均由评估数据按固定规则得出（规则与阈值见评分方法说明第11节），标“!”者需重点关注。",
            "Each finding follows from the figures by a fixed rule (rules and thresholds: scoring method, section 11); those marked “!” call for attention."
        ),
        ("noFindings", "暂无可报告的发现。", "Nothing to report yet."),
        ("opinion", "评估意见", "Evaluator's opinion"),
        ("opinionBy", "{author}，{date}", "{author}, {date}"),
        ("opinionMissing", "评估意见尚未填写（草稿）。", "The evaluator's opinion has not been written yet (draft)."),
        ("signatureTitle", "签署", "Signature"),
        ("signatureAssessor", "评估机构（盖章）", "Assessor (seal)"),
        ("signatureEvaluator", "评估负责人（签字）", "Lead evaluator (signature)"),
        ("signatureReviewer", "审核人（签字）", "Reviewed by (signature)"),
        ("signatureDate", "日期", "Date"),
        ("appendixComments", "附录一　意见建议（按题目分组）", "Appendix A. Attendee comments by question"),
        ("appendixQuality", "附录二　数据质量", "Appendix B. Data quality"),
        ("appendixVerify", "附录三　如何核验本报告", "Appendix C. How to verify this report"),
        ("commentsShownOf", "共{n}条，列出前{shown}条。", "{n} comments; the first {shown} are listed."),
        (
            "commentsKept", "报告最多收录{kept}条意见；全部{n}条见JSON格式评估报告及原始答卷CSV。",
            "The report holds at most {kept} comments; all {n} are in the JSON scorecard and the raw responses CSV."
        ),
        (
            "verifyStep1", "向评估机构索取本报告的JSON格式评估报告（scorecard.json），其中含数字签名。",
            "Ask the assessor for the JSON scorecard of this report (scorecard.json); it carries a digital signature."
        ),
        (
            "verifyStep2",
            "运行 meeting-eval verify scorecard.json，或以服务器公布的公钥（/api/signing-key）核验Ed25519签名；签名覆盖全部数字、发现和评估意见。",
            "Run meeting-eval verify scorecard.json, or check its Ed25519 signature against the server's published key (/api/signing-key); the signature covers every figure, finding and the opinion."
        ),
        (
            "verifyStep3", "核对JSON中的 includedResponsesDigest 与下方摘要一致；以原始答卷按附注规则重新计算，可确认本报告所依据的答卷集合。",
            "Check that includedResponsesDigest in the JSON equals the digest below; recomputing it from the raw responses as noted confirms which responses this report rests on."
        ),
        ("kickerReport", "会议质量第三方评估", "Independent meeting quality evaluation"),
    ]
}
