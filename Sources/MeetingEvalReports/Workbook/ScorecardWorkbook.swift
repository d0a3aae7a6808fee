import Foundation
import MeetingEvalCore

/// The scorecard as an Excel workbook: one sheet per part of the JSON scorecard (overview,
/// dimensions, questions with their distributions, venues, venues × dimensions, rater groups,
/// comments, screening), every figure a number with its format (scores `0.00`, weights and
/// rates `0.00%`), header rows frozen, columns sized. Sheet names and headers are in Chinese
/// for a `zh` scorecard, in English otherwise; ids, titles, texts and grades are the
/// scorecard's own.
///
/// Each sheet is one function of `sheets`: a new part of the scorecard is one more function
/// and one more entry there.
public enum ScorecardWorkbook {
    public static func render(_ scorecard: Scorecard) throws -> Data {
        try workbook(scorecard).data()
    }

    public static func workbook(_ scorecard: Scorecard) -> SpreadsheetWorkbook {
        let labels = WorkbookLabels(workbookLocale: scorecard.locale)
        return SpreadsheetWorkbook(sheets: sheets.map { $0(scorecard, labels) })
    }

    typealias SheetBuilder = (Scorecard, WorkbookLabels) -> SpreadsheetWorkbook.Sheet

    /// The sheets, in order.
    static var sheets: [SheetBuilder] {
        [
            overview, dimensions, questions, venues, venuesByDimension, raterGroups, findings, comments, screening,
        ]
    }

    typealias Cell = SpreadsheetWorkbook.Cell

    /// Label, value and the value's path in the JSON scorecard, one row per figure.
    static func overview(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(name: labels["sheet.overview"], widths: [28, 44, 30])
        sheet.header([labels["item"], labels["value"], labels["key"]])
        func add(_ label: String, _ value: Cell, _ key: String) {
            sheet.rows.append([.text(labels[label]), value, .text(key)])
        }
        add("evaluationId", .text(card.evaluation.id), "evaluation.id")
        add("evaluationTitle", .text(card.evaluation.title), "evaluation.title")
        add("meetingType", .text(card.evaluation.meetingType.rawValue), "evaluation.meetingType")
        add("meetingDate", .text(card.evaluation.meetingDate), "evaluation.meetingDate")
        add("status", .text(card.evaluation.status.rawValue), "evaluation.status")
        add("questionnaireId", .text(card.questionnaire.id), "questionnaire.id")
        add("questionnaireVersion", .integer(card.questionnaire.version), "questionnaire.version")
        add("questionnaireTitle", .text(card.questionnaire.title), "questionnaire.title")
        add("locale", .text(card.locale), "locale")
        add("generatedAt", .text(Timestamp.format(card.generatedAt)), "generatedAt")
        add("received", .integer(card.responses.received), "responses.received")
        add("included", .integer(card.responses.included), "responses.included")
        add("excludedTotal", .integer(card.responses.excludedTotal), "responses.excludedTotal")
        for reason in ExclusionReason.allCases {
            add(
                "excluded.\(reason.rawValue)", .integer(card.responses.excluded[reason] ?? 0),
                "responses.excluded.\(reason.rawValue)")
        }
        for reason in [ExclusionReason.speeder, .straightLining] {
            add(
                "flagged.\(reason.rawValue)", .integer(card.responses.flagged[reason] ?? 0),
                "responses.flagged.\(reason.rawValue)")
        }
        add("expected", .integer(card.responses.expected), "responses.expected")
        add("responseRate", .percent(card.responses.responseRate), "responses.responseRate")
        add("overallScore", .decimal(card.overall.score), "overall.score")
        add("grade", .string(card.overall.grade), "overall.grade")
        add("ciLow", .decimal(card.overall.ci95?.first), "overall.ci95.0")
        add("ciHigh", .decimal(card.overall.ci95?.last), "overall.ci95.1")
        add("gradeConfidence", .percent(card.overall.gradeConfidence), "overall.gradeConfidence")
        add("overallN", .integer(card.overall.n), "overall.n")
        add("minSeconds", .number(card.screening.minSeconds), "screening.minSeconds")
        add("excludeFlagged", .boolean(card.screening.excludeFlagged), "screening.excludeFlagged")
        add("commentCount", .integer(card.commentCount), "commentCount")
        add("digest", .string(card.includedResponsesDigest), "includedResponsesDigest")
        return sheet
    }

    static func dimensions(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(
            name: labels["sheet.dimensions"], widths: [18, 30, 10, 10, 8, 8, 8, 14, 14])
        sheet.header(
            ["id", "title", "weight", "score", "n", "alpha", "alphaN", "stableWeightLow", "stableWeightHigh"]
                .map { labels[$0] })
        for dimension in card.dimensions {
            sheet.rows.append([
                .text(dimension.id), .text(dimension.title), .percent(dimension.weight), .decimal(dimension.score),
                .integer(dimension.n), .decimal(dimension.alpha), .integer(dimension.alphaN),
                .percent(dimension.gradeStableWeight?.low), .percent(dimension.gradeStableWeight?.high),
            ])
        }
        return sheet
    }

    /// Each question's figures, then its distribution as (answer, count) pairs in scale or
    /// option order: a scale point as a number, an option as its id.
    static func questions(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        let pairs = card.questions.map(\.distribution.count).max() ?? 0
        var sheet = SpreadsheetWorkbook.Sheet(
            name: labels["sheet.questions"],
            widths: [18, 16, 10, 44, 10, 10, 10, 8, 8, 10] + Array(repeating: 12, count: 2 * pairs))
        var header = ["id", "dimension", "type", "text", "weight", "score", "mean", "n", "sd", "notApplicable"]
            .map { labels[$0] }
        for index in 0..<pairs {
            header += [
                labels.format("answerN", ["n": String(index + 1)]), labels.format("countN", ["n": String(index + 1)]),
            ]
        }
        sheet.header(header)
        for question in card.questions {
            var row: [Cell] = [
                .text(question.id), .text(question.dimension), .text(question.type.rawValue),
                .text(question.text, .wrapped), .percent(question.weight), .decimal(question.score),
                .decimal(question.mean), .integer(question.n), .decimal(question.sd), .integer(question.notApplicable),
            ]
            for entry in question.distribution {
                var key = Cell.text(entry.key)
                if question.type == .rating, let point = Int(entry.key) { key = Cell.integer(point) }
                row += [key, .integer(entry.count)]
            }
            sheet.rows.append(row)
        }
        return sheet
    }

    static func venues(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(
            name: labels["sheet.venues"], widths: [18, 28, 8, 10, 12] + comparisonWidths)
        sheet.header(["id", "name", "n", "score", "grade"].map { labels[$0] } + comparisonHeader(labels))
        for venue in card.venues {
            sheet.rows.append(
                [.text(venue.id), .text(venue.name), .integer(venue.n), .decimal(venue.score), .string(venue.grade)]
                    + comparisonCells(venue.comparison))
        }
        return sheet
    }

    static func venuesByDimension(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(
            name: labels["sheet.venuesByDimension"],
            widths: [18, 28] + Array(repeating: 16, count: card.dimensions.count))
        sheet.header([labels["id"], labels["name"]] + card.dimensions.map(\.title))
        for venue in card.venues {
            sheet.rows.append([.text(venue.id), .text(venue.name)] + dimensionCells(venue.dimensions, card))
        }
        return sheet
    }

    static func raterGroups(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(
            name: labels["sheet.raterGroups"],
            widths: [18, 24, 10, 12, 8, 10] + comparisonWidths + Array(repeating: 16, count: card.dimensions.count))
        sheet.header(
            ["id", "name", "weight", "appliedWeight", "n", "score"].map { labels[$0] } + comparisonHeader(labels)
                + card.dimensions.map(\.title))
        for group in card.raterGroups {
            sheet.rows.append(
                [
                    .text(group.id), .text(group.name), .percent(group.weight), .percent(group.appliedWeight),
                    .integer(group.n), .decimal(group.score),
                ] + comparisonCells(group.comparison) + dimensionCells(group.dimensions, card))
        }
        return sheet
    }

    /// The findings (docs/scoring.md §11), one row each: the sentence, and the figures behind it.
    static func findings(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(
            name: labels["sheet.findings"], widths: [18, 10, 18, 24, 10, 10, 10, 10, 70])
        sheet.header(
            [
                "findingKind", "attention", "findingSubject", "name", "value", "reference", "findingDifference",
                "findingP", "findingText",
            ]
            .map { labels[$0] })
        for finding in card.findings {
            sheet.rows.append([
                .text(finding.kind.rawValue), .integer(finding.attention ? 1 : 0), .text(finding.subject ?? ""),
                .text(finding.name ?? ""), .decimal(finding.value), .decimal(finding.reference),
                .decimal(finding.difference), .decimal(finding.p), .text(finding.text),
            ])
        }
        return sheet
    }

    /// The comments the scorecard keeps (at most `ScorecardService.keptComments`); when there are
    /// more, a last row says how many more and where they are.
    static func comments(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(name: labels["sheet.comments"], widths: [18, 18, 18, 14, 70])
        sheet.header(["question", "venue", "raterGroup", "option", "comment"].map { labels[$0] })
        for comment in card.comments {
            sheet.rows.append([
                .text(comment.question), .string(comment.venue), .string(comment.raterGroup), .string(comment.option),
                .text(comment.text, .wrapped),
            ])
        }
        if card.commentCount > card.comments.count {
            sheet.rows.append([
                .empty, .empty, .empty, .empty,
                .text(labels.format("moreComments", ["n": String(card.commentCount - card.comments.count)])),
            ])
        }
        return sheet
    }

    /// The manual exclusions in force, then every exclusion and re-inclusion (oldest first).
    static func screening(_ card: Scorecard, _ labels: WorkbookLabels) -> SpreadsheetWorkbook.Sheet {
        var sheet = SpreadsheetWorkbook.Sheet(name: labels["sheet.screening"], widths: [16, 12, 38, 40, 18, 26])
        sheet.header(["record", "action", "response", "reason", "by", "at"].map { labels[$0] })
        for exclusion in card.exclusions {
            sheet.rows.append([
                .text(labels["record.inForce"]), .text(ExclusionEvent.Action.excluded.rawValue), .text(exclusion.responseId),
                .text(exclusion.reason, .wrapped), .text(exclusion.actor), .text(Timestamp.format(exclusion.at)),
            ])
        }
        for event in card.exclusionHistory {
            sheet.rows.append([
                .text(labels["record.history"]), .text(event.action.rawValue), .text(event.responseId),
                .text(event.reason, .wrapped), .text(event.actor), .text(Timestamp.format(event.at)),
            ])
        }
        return sheet
    }

    // MARK: Shared columns

    static let comparisonWidths: [Double] = [12, 12, 12, 10, 10, 8]

    static func comparisonHeader(_ labels: WorkbookLabels) -> [String] {
        ["difference", "differenceLow", "differenceHigh", "p", "pAdjusted", "flag"].map { labels[$0] }
    }

    static func comparisonCells(_ comparison: Scorecard.Comparison) -> [Cell] {
        [
            .decimal(comparison.difference), .decimal(comparison.ci95?.first), .decimal(comparison.ci95?.last),
            comparison.p.map { Cell.number($0) } ?? Cell.empty, comparison.pAdjusted.map { Cell.number($0) } ?? Cell.empty,
            .string(comparison.flag?.rawValue),
        ]
    }

    /// One score per dimension of the scorecard, in its order.
    static func dimensionCells(_ parts: [Scorecard.PartScore], _ card: Scorecard) -> [Cell] {
        let scores = Dictionary(parts.map { ($0.id, $0.score) }, uniquingKeysWith: { first, _ in first })
        return card.dimensions.map { Cell.decimal(scores[$0.id] ?? nil) }
    }
}

/// The workbook's own words (sheet names and column headers), in Chinese or English, read
/// through the same `ScorecardLabels` as the printable page.
typealias WorkbookLabels = ScorecardLabels

extension ScorecardLabels {
    init(workbookLocale locale: String) {
        self.init(locale: locale, entries: Self.workbookTable)
    }

    static let workbookTable: [(key: String, zh: String, en: String)] = [
        ("sheet.overview", "概览", "Overview"),
        ("sheet.dimensions", "一级指标", "Dimensions"),
        ("sheet.questions", "题目", "Questions"),
        ("sheet.venues", "会场", "Venues"),
        ("sheet.venuesByDimension", "会场×一级指标", "Venues x dimensions"),
        ("sheet.raterGroups", "评价主体", "Rater groups"),
        ("sheet.findings", "评估发现", "Findings"),
        ("findingKind", "发现类别", "Kind"), ("attention", "需关注", "Attention"),
        ("findingSubject", "对象编号", "Subject"), ("reference", "参照值", "Reference"),
        ("findingDifference", "差值", "Difference"), ("findingP", "p值", "p"), ("findingText", "发现", "Finding"),
        ("sheet.comments", "意见建议", "Comments"),
        ("sheet.screening", "数据筛查", "Screening"),
        ("item", "项目", "Item"), ("value", "数值", "Value"), ("key", "JSON 字段", "JSON field"),
        ("evaluationId", "评估编号", "Evaluation ID"), ("evaluationTitle", "评估名称", "Evaluation"),
        ("meetingType", "会议类型", "Meeting type"), ("meetingDate", "会议日期", "Meeting date"),
        ("status", "评估状态", "Status"), ("questionnaireId", "问卷编号", "Questionnaire ID"),
        ("questionnaireVersion", "问卷版本", "Questionnaire version"),
        ("questionnaireTitle", "评估问卷", "Questionnaire"), ("locale", "语言", "Locale"),
        ("generatedAt", "生成时间（UTC）", "Generated (UTC)"),
        ("received", "收到答卷", "Responses received"), ("included", "有效答卷", "Responses included"),
        ("excludedTotal", "剔除答卷", "Responses excluded"),
        ("excluded.speeder", "剔除：作答过快", "Excluded: too fast"),
        ("excluded.straightLining", "剔除：答案雷同", "Excluded: straight-lining"),
        ("excluded.manual", "剔除：人工", "Excluded: by hand"),
        ("flagged.speeder", "标记：作答过快", "Flagged: too fast"),
        ("flagged.straightLining", "标记：答案雷同", "Flagged: straight-lining"),
        ("expected", "应答人数", "Expected respondents"), ("responseRate", "回收率", "Response rate"),
        ("overallScore", "综合得分", "Overall score"), ("grade", "等级", "Grade"),
        ("ciLow", "95%置信区间下限", "95% CI low"), ("ciHigh", "95%置信区间上限", "95% CI high"),
        ("gradeConfidence", "等级可信度", "Grade confidence"), ("overallN", "计分答卷", "Scored responses"),
        ("minSeconds", "最短作答时间（秒）", "Minimum seconds"),
        ("excludeFlagged", "剔除被标记的答卷", "Exclude flagged responses"),
        ("commentCount", "意见建议条数", "Comments"), ("digest", "有效答卷摘要（SHA-256）", "Included responses digest (SHA-256)"),
        ("id", "编号", "ID"), ("title", "名称", "Title"), ("name", "名称", "Name"), ("weight", "权重", "Weight"),
        ("score", "得分", "Score"), ("n", "样本数", "n"), ("alpha", "克隆巴赫α", "Cronbach's α"),
        ("alphaN", "α样本数", "α n"), ("stableWeightLow", "等级不变的权重下限", "Grade-stable weight low"),
        ("stableWeightHigh", "等级不变的权重上限", "Grade-stable weight high"),
        ("dimension", "一级指标", "Dimension"), ("type", "题型", "Type"), ("text", "题目", "Question"),
        ("mean", "平均分", "Mean"), ("sd", "标准差", "SD"), ("notApplicable", "不适用", "Not applicable"),
        ("answerN", "答案{n}", "Answer {n}"), ("countN", "人数{n}", "Count {n}"),
        ("appliedWeight", "实际权重", "Applied weight"),
        ("difference", "与其余差异", "Difference from the rest"), ("differenceLow", "差异下限", "Difference low"),
        ("differenceHigh", "差异上限", "Difference high"), ("p", "p值", "p"), ("pAdjusted", "校正p值", "Adjusted p"),
        ("flag", "标记", "Flag"),
        ("question", "题目编号", "Question"), ("venue", "会场", "Venue"), ("raterGroup", "评价主体", "Rater group"),
        ("option", "选项", "Option"), ("comment", "意见建议", "Comment"),
        ("moreComments", "另有{n}条意见建议，见 scorecard.json 或 responses.csv", "{n} more comments: see scorecard.json or responses.csv"),
        ("record", "记录", "Record"), ("action", "操作", "Action"), ("response", "答卷编号", "Response"),
        ("reason", "原因", "Reason"), ("by", "操作人", "By"), ("at", "时间（UTC）", "At (UTC)"),
        ("record.inForce", "现行剔除", "In force"), ("record.history", "历史记录", "History"),
    ]
}
