import MeetingEvalCore

/// The fixed wording of the printable scorecard, in Chinese and English side by side.
///
/// Titles, names and grades inside a scorecard are already in its locale; these are the words
/// the page adds around them. The template reads them as `{{labels.key}}`; `{name}` marks a
/// value that Swift fills in before the text is escaped by the template. Keys with a dot are
/// read from Swift only: mustache would take the dot for a path.
struct ScorecardLabels: Sendable {
    let isChinese: Bool
    /// Every label of the page's language, by key (what the template reads).
    let texts: [String: String]

    /// The page's labels, or another table of the same form (the Excel workbook's).
    init(locale: String, entries: [(key: String, zh: String, en: String)] = ScorecardLabels.entries) {
        isChinese = locale == "zh" || locale.hasPrefix("zh-")
        let chinese = isChinese
        texts = Dictionary(
            entries.map { ($0.key, chinese ? $0.zh : $0.en) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(_ key: String) -> String {
        assert(texts[key] != nil, "no scorecard label '\(key)'")
        return texts[key] ?? key
    }

    /// The label with its `{name}` placeholders replaced.
    func format(_ key: String, _ values: [String: String]) -> String {
        values.reduce(self[key]) { text, pair in text.replacingOccurrences(of: "{\(pair.key)}", with: pair.value) }
    }

    func meetingType(_ type: MeetingType) -> String { self["meetingType.\(type.rawValue)"] }
    func status(_ status: EvaluationStatus) -> String { self["status.\(status.rawValue)"] }
    func reason(_ reason: ExclusionReason) -> String { self["reason.\(reason.rawValue)"] }

    /// Every label: the page's, then the findings' (ScorecardPage+Findings.swift).
    static var entries: [(key: String, zh: String, en: String)] {
        table + ScorecardPage.findingLabels + ScorecardPage.reportLabels + ScorecardPage.factsLabels
            + ScorecardPage.followUpLabels + ScorecardPage.observationLabels
    }

    static let table: [(key: String, zh: String, en: String)] = [
        ("documentTitle", "会议质量评估报告", "Meeting quality scorecard"),
        ("kicker", "会议质量第三方评估 · 评估报告", "Independent meeting quality evaluation · Scorecard"),
        ("meetingType", "会议类型", "Meeting type"),
        ("meetingDate", "会议日期", "Meeting date"),
        ("status", "评估状态", "Evaluation status"),
        ("questionnaire", "评估问卷", "Questionnaire"),
        ("questionnaireRef", "{id}，第{version}版", "{id}, version {version}"),
        ("evaluationId", "评估编号", "Evaluation ID"),
        ("generatedAt", "生成时间（UTC）", "Generated (UTC)"),
        ("generatedAtLocal", "生成时间", "Generated"),
        ("exclusionAtLocal", "时间", "At"),
        ("venueRate", "回收情况", "Responses / expected"),
        ("lowRateNote", "标“!”的会场回收率低于{rate}。", "Venues marked “!” have a response rate below {rate}."),
        (
            "provisional", "评估尚未结束，以下为阶段性结果，最终结果以评估结束后的报告为准。",
            "The evaluation is not closed yet: these are interim results and may still change."
        ),
        ("meetingType.teleconference", "电视电话会议", "Teleconference"),
        ("meetingType.plenary", "政府全体会议", "Plenary session"),
        ("meetingType.conference", "推进大会", "Conference"),
        ("meetingType.other", "其他会议", "Other meeting"),
        ("status.draft", "草稿（未开放）", "Draft (not open)"),
        ("status.open", "进行中", "Open"),
        ("status.closed", "已结束", "Closed"),

        ("sectionOverall", "一、总体评价", "1. Overall result"),
        ("sectionDimensions", "二、一级指标得分", "2. Scores by dimension"),
        ("sectionGroups", "三、评价主体", "3. Rater groups"),
        ("sectionVenues", "四、各会场得分", "4. Scores by venue"),
        ("sectionQuestions", "五、各题结果", "5. Results by question"),
        ("sectionQuality", "六、数据质量", "6. Data quality"),
        ("sectionComments", "七、意见建议", "7. Attendee comments"),

        ("overallScore", "综合得分", "Overall score"),
        ("grade", "等级", "Grade"),
        ("ci95", "95%置信区间", "95% confidence interval"),
        ("ciMissing", "不适用", "—"),
        (
            "ciMissingNote", "每个有答卷的评价主体至少需要2份有效答卷才能计算置信区间。",
            "The interval needs at least 2 scored responses in every rater group that answered."
        ),
        ("sampleSize", "有效答卷", "Included responses"),
        ("gradeScale", "等级区间与综合得分", "Grade bands and the overall score"),
        (
            "gradeScaleNote", "圆点为综合得分，横线为其95%置信区间。",
            "The dot is the overall score, the line its 95% confidence interval."
        ),
        ("responseCounts", "答卷统计", "Response counts"),
        ("received", "收到答卷", "Received"),
        ("included", "计入得分", "Included in the scores"),
        ("excludedTotal", "未计入得分", "Excluded from the scores"),
        ("flagged", "质量标记（无论是否剔除）", "Flags raised (excluded or not)"),
        ("expected", "应参评人数", "Expected respondents"),
        ("responseRate", "回收率", "Response rate"),
        (
            "doubleCounted", "同时因两项原因剔除的答卷在两项下各计一次。",
            "A response excluded for two reasons counts under both."
        ),
        ("reason.speeder", "答题过快", "Speeder (too fast)"),
        ("reason.straightLining", "直线作答", "Straight-lining"),
        ("reason.manual", "人工剔除", "Excluded by hand"),

        ("dimension", "一级指标", "Dimension"),
        ("weight", "权重", "Weight"),
        ("score", "得分", "Score"),
        ("n", "样本量", "n"),
        ("alpha", "信度系数α", "Cronbach's α"),
        (
            "alphaNote", "α按全部评分题均已作答的答卷计算（括号内为其份数），至少需要2道评分题和2份答卷。",
            "α is computed over the responses that rated every rating question of the dimension (their number in brackets); it needs at least 2 such questions and 2 such responses."
        ),
        ("dimensionChart", "一级指标得分（满分100）", "Dimension scores (0–100)"),

        ("raterGroup", "评价主体", "Rater group"),
        ("appliedWeight", "实际权重", "Applied weight"),
        (
            "appliedWeightNote", "实际权重为设定权重在有答卷的评价主体之间重新归一后的权重。",
            "The applied weight is the configured weight renormalized over the rater groups that have a score."
        ),
        (
            "noRaterGroups", "本次评估未区分评价主体，全部答卷作为一组计算。",
            "This evaluation has no rater groups: all responses form one group."
        ),

        ("venue", "会场", "Venue"),
        ("rank", "排序", "Rank"),
        ("venueChart", "各会场综合得分（由高到低）", "Overall score by venue, highest first"),
        ("overallReference", "总体 {score}", "Overall {score}"),
        ("noVenues", "本次评估未设置会场。", "This evaluation has no venues."),
        ("noVenueScoreNote", "无有效答卷的会场列于最后，以“—”表示。", "Venues without a score are listed last, marked “—”."),

        ("mean", "平均分", "Mean"),
        ("sd", "标准差", "SD"),
        ("notApplicable", "不适用", "N/A"),
        ("notScored", "不计分", "not scored"),
        ("unscoredDimension", "（不计分）", "(not scored)"),
        ("type.rating", "评分题", "Rating"),
        ("type.single", "单选题", "Single choice"),
        ("type.multiple", "多选题", "Multiple choice"),
        ("distribution", "答案分布：{question}", "Answer distribution: {question}"),
        ("multipleNote", "可多选，百分比按作答人数计算。", "Several answers allowed; percentages of respondents."),
        (
            "questionNote",
            "得分为按评价主体权重加权的题目得分（0–100），平均分为全部答案得分的简单平均；样本量为计分答案数，不适用答案不计分；权重为题目在所属一级指标内的权重。",
            "Score is the rater-group-weighted question score (0–100); mean is the plain mean of the answer scores; n counts scored answers, “not applicable” answers score nothing; weight is the question’s share of its dimension."
        ),

        ("screening", "筛查设置", "Screening settings"),
        ("minSeconds", "最短答题时间", "Minimum completion time"),
        ("seconds", "{n}秒", "{n} s"),
        ("off", "未启用", "off"),
        ("excludeFlagged", "被标记的答卷", "Flagged responses"),
        ("excludeFlagged.yes", "不计入得分", "left out of the scores"),
        ("excludeFlagged.no", "仅标记，仍计入得分", "flagged only, still scored"),
        (
            "flagRules",
            "答题过快：从开始作答到服务器收到答卷的用时少于最短答题时间；直线作答：回答了至少5道评分题且分值全部相同。",
            "Speeder: less time than the minimum from starting the form to the server receiving it. Straight-lining: at least 5 rating questions answered, all with the same value."
        ),
        ("manualExclusions", "人工剔除记录", "Manual exclusions"),
        ("responseId", "答卷编号", "Response"),
        ("exclusionReason", "理由", "Reason"),
        ("exclusionBy", "操作人", "By"),
        ("exclusionAt", "时间（UTC）", "At (UTC)"),
        ("exclusionHistory", "剔除与恢复记录（审计日志）", "Exclusion history (audit log)"),
        (
            "exclusionHistoryNote",
            "每一次人工剔除及撤销剔除（恢复计入），按时间先后列出。",
            "Every exclusion by hand and every exclusion taken back (included again), oldest first."
        ),
        ("exclusionAction", "操作", "Action"),
        ("action.excluded", "剔除", "Excluded"),
        ("action.included", "恢复计入", "Included again"),
        ("none", "无", "None"),

        ("commentsCount", "共{n}条。", "{n} comments."),
        ("commentsCountShown", "共{n}条，以下按接收顺序列出前{shown}条。", "{n} comments; the first {shown} received are listed."),
        ("commentText", "内容", "Comment"),
        ("noComments", "暂无意见建议。", "No comments."),
        (
            "commentsOverflow",
            "此处仅列出前{shown}条，另有{more}条未列出；完整内容见JSON格式评估报告（scorecard）及原始答卷CSV。",
            "Only the first {shown} are printed here; {more} more are not. The full list is in the JSON scorecard and in the raw responses CSV."
        ),

        ("digest", "有效答卷SHA-256", "Included-responses SHA-256"),
        (
            "digestNote",
            "按接收顺序，对每份计入得分的答卷取一行“<答卷编号> <内容摘要>\\n”，对全部行计算SHA-256；可据原始答卷复核本报告依据的答卷集合。",
            "SHA-256 over one line “<response id> <content digest>\\n” per included response, in order of receipt: recompute it from the raw responses to check that this scorecard covers exactly those responses."
        ),
        ("digestMissing", "未计算", "not computed"),
        ("product", "MeetingEval", "MeetingEval"),
    ]
}
