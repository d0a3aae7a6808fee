import Foundation
import MeetingEvalCore
import Testing

@testable import MeetingEvalReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Printable HTML scorecard")
struct ScorecardHTMLTests {
    @Test("attendee and organizer text is printed only as escaped text")
    func escapesEverything() throws {
        let fixture = try ScorecardFixture(title: "Q4 <b>review</b> & \"plan\"")
        let html = try fixture.render([
            fixture.response(
                "r1", venue: "main",
                answers: ["notice": 5, "materials": "full", "suggestion": "<script>alert(1)</script>"]),
            fixture.response("r2", venue: "hefei", answers: ["notice": 4, "suggestion": "a < b & \"c\" 'd'"]),
        ])
        #expect(!html.localizedCaseInsensitiveContains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("a &lt; b &amp; &quot;c&quot; &#39;d&#39;"))
        #expect(!html.contains("<b>review</b>"))
        #expect(html.contains("Q4 &lt;b&gt;review&lt;/b&gt; &amp; &quot;plan&quot;"))
    }

    @Test("a self-contained A4 document: no script, nothing loaded, every chart well-formed and labelled")
    func selfContained() throws {
        let fixture = try ScorecardFixture()
        let html = try fixture.render(fixture.sampleResponses)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page { size: A4 portrait;"))
        for forbidden in ["<script", "<link", "src=", "href=", "@import", "url(", "http:", "https:"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        let charts = Self.svgElements(in: html)
        // Grade bands, dimensions, venues and one per rating or choice question.
        #expect(charts.count == 3 + 4)
        for chart in charts {
            #expect(chart.contains("role=\"img\""))
            #expect(chart.contains("aria-label=\""))
            #expect(chart.contains("<title>"))
            #expect(Self.tagsBalance(chart), "unbalanced tags: \(chart.prefix(120))")
            #expect(XMLParser(data: Data(chart.utf8)).parse(), "not well-formed: \(chart.prefix(120))")
        }
    }

    @Test(
        "fixed labels follow the scorecard's locale",
        arguments: [
            (
                "zh", "<html lang=\"zh\">", ["综合得分", "回收率", "各会场得分", "意见建议", "有效答卷SHA-256"],
                ["Overall score", "Response rate", "Scores by venue", "Attendee comments"]
            ),
            (
                "en", "<html lang=\"en\">", ["Overall score", "Response rate", "Scores by venue", "Attendee comments"],
                ["综合得分", "回收率", "各会场得分", "意见建议"]
            ),
        ])
    func labelsFollowLocale(locale: String, htmlTag: String, present: [String], absent: [String]) throws {
        let fixture = try ScorecardFixture(locale: locale)
        let html = try fixture.render(fixture.sampleResponses)
        #expect(html.contains(htmlTag))
        for label in present { #expect(html.contains(label), "missing \(label)") }
        for label in absent { #expect(!html.contains(label), "unexpected \(label)") }
    }

    @Test("an English scorecard of English data has no Chinese text at all")
    func englishPageIsEnglish() throws {
        let fixture = try ScorecardFixture(locale: "en")
        let html = try fixture.render(fixture.sampleResponses)
        let han = html.unicodeScalars.filter {
            (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
        }
        #expect(han.isEmpty, "Chinese characters: \(String(String.UnicodeScalarView(han.prefix(40))))")
    }

    @Test("every label the templates read exists in both languages")
    func labelTableIsComplete() {
        let templates = [ScorecardTemplate.page, ScorecardTemplate.barChart, ScorecardTemplate.gradeScale].joined()
        let keys = Set(templates.matches(of: /\{\{labels\.([A-Za-z0-9]+)\}\}/).map { String($0.output.1) })
        let table = Dictionary(ScorecardLabels.entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(keys.count > 40)
        for key in keys.sorted() {
            #expect(table[key] != nil, "no label \(key)")
            #expect(table[key].map { !$0.zh.isEmpty && !$0.en.isEmpty } ?? false, "empty label \(key)")
        }
        #expect(table.count == ScorecardLabels.entries.count, "duplicate label keys")
    }

    @Test("the findings say in words how sure the grade is and which weights keep it")
    func findingsInWords() throws {
        let fixture = try ScorecardFixture()
        let scorecard = try fixture.scorecard(fixture.sampleResponses)
        let html = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        let confidence = try #require(scorecard.overall.gradeConfidence)
        let grade = try #require(scorecard.overall.grade)
        #expect(html.contains("真实总分落在“\(grade)”等级区间内的概率约为\(ScorecardPage.wholePercent(confidence))"))
        for dimension in scorecard.dimensions {
            let range = try #require(dimension.gradeStableWeight)
            #expect(
                html.contains(
                    "“\(dimension.title)”的权重（现为\(ScorecardPage.wholePercent(dimension.weight))）在"
                        + "\(ScorecardPage.wholePercent(range.low))至\(ScorecardPage.wholePercent(range.high))之间变化时，等级不变"
                ))
        }
    }

    @Test("whole percentages round halves away from zero, as the evaluator pages do")
    func wholePercent() {
        #expect(ScorecardPage.wholePercent(0.085) == "9%")
        #expect(ScorecardPage.wholePercent(0.125) == "13%")
        #expect(ScorecardPage.wholePercent(0.6787) == "68%")
        #expect(ScorecardPage.wholePercent(0) == "0%" && ScorecardPage.wholePercent(1) == "100%")
    }

    @Test("the venue chart lists every venue, highest score first, venues without responses last")
    func venuesSorted() throws {
        let fixture = try ScorecardFixture()
        let scorecard = try fixture.scorecard(fixture.sampleResponses)
        let html = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        let chart = try #require(Self.svgElements(in: html).first { $0.contains("id=\"chart-venues\"") })
        let names = chart.matches(of: /<text class="label"[^>]*>(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/).map {
            String($0.output.1)
        }
        let values = chart.matches(of: /<text class="value[^"]*"[^>]*>([^<]*)<\/text>/).map { String($0.output.1) }

        let scored = scorecard.venues.filter { $0.score != nil }.sorted { $0.score! > $1.score! }
        let unscored = scorecard.venues.filter { $0.score == nil }
        #expect(scored.count == 3 && unscored.count == 1)
        // A venue flagged against the rest (§9) carries its mark in the chart.
        let labels = ScorecardLabels(locale: scorecard.locale)
        #expect(names == (scored + unscored).map { ScorecardPage.flaggedName($0, labels: labels) })
        #expect(names.map { $0.components(separatedBy: " ▼ ")[0] }.sorted() == scorecard.venues.map(\.name).sorted())
        let flagged = scorecard.venues.filter { $0.comparison.flag == .below }
        #expect(!flagged.isEmpty)
        for venue in flagged {
            #expect(names.contains("\(venue.name) ▼ 显著偏低"))
            #expect(html.contains("\(venue.name)的得分显著低于其余会场"))
        }
        let numbers = values.compactMap(Double.init)
        #expect(numbers == numbers.sorted(by: >))
        #expect(numbers.count == 3)
        #expect(values.last == "—")
    }

    @Test("a scorecard without responses renders, with placeholders instead of figures")
    func emptyScorecard() throws {
        let fixture = try ScorecardFixture(locale: "en")
        let scorecard = try fixture.scorecard([])
        #expect(scorecard.overall.score == nil)
        let html = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        #expect(html.contains("<div class=\"big\">—</div>"))
        #expect(html.contains("<text class=\"value empty\""))
        #expect(!html.contains("<rect class=\"bar\""))
        #expect(html.contains("No comments."))
        #expect(html.firstMatch(of: /\b(nan|NaN|inf|Infinity)\b|Optional\(/) == nil)
        // Every scale point is drawn even with no answer.
        let notice = try #require(Self.svgElements(in: html).first { $0.contains("id=\"chart-question-notice\"") })
        #expect(notice.matches(of: /<text class="label"/).count == 6)  // 1…5 and N/A
    }

    @Test("answer charts show every scale point and option, with zero counts")
    func distributionsIncludeZeros() throws {
        let fixture = try ScorecardFixture(locale: "en")
        let html = try fixture.render([
            fixture.response("r1", venue: "main", answers: ["notice": 5, "materials": "full"]),
            fixture.response("r2", venue: "main", answers: ["notice": 5, "materials": "na"]),
            fixture.response("r3", venue: "main", answers: ["notice": "na"]),
        ])
        let notice = try #require(Self.svgElements(in: html).first { $0.contains("id=\"chart-question-notice\"") })
        let noticeLabels = notice.matches(of: /<text class="label"[^>]*>([^<]*)<\/text>/).map { String($0.output.1) }
        #expect(noticeLabels == ["1 · Very poor", "2", "3", "4", "5 · Very good", "N/A"])
        let noticeValues = notice.matches(of: /<text class="value[^"]*"[^>]*>([^<]*)<\/text>/).map {
            String($0.output.1)
        }
        #expect(noticeValues == ["0 · 0%", "0 · 0%", "0 · 0%", "0 · 0%", "2 · 66.7%", "1 · 33.3%"])
        let materials = try #require(
            Self.svgElements(in: html).first { $0.contains("id=\"chart-question-materials\"") })
        #expect(materials.matches(of: /<text class="label"/).count == 4)
    }

    @Test("the last appendix carries the included-responses digest, what it covers and how to verify")
    func digestInVerifyAppendix() throws {
        let fixture = try ScorecardFixture(locale: "en")
        var scorecard = try fixture.scorecard(fixture.sampleResponses)
        let digest = String(repeating: "0123456789abcdef", count: 4)
        scorecard.includedResponsesDigest = digest
        let html = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        let appendix = try #require(
            html.range(of: "<section class=\"appendix verify\">").map { String(html[$0.lowerBound...]) })
        #expect(appendix.contains(digest))
        #expect(appendix.contains("&lt;response id&gt; &lt;content digest&gt;"))
        #expect(appendix.contains("meeting-eval verify scorecard.json"))
        // 2026-11-20T00:00:00.250Z in the default zone, Asia/Shanghai.
        #expect(appendix.contains("20 November 2026, 08:00"))
        #expect(!html.contains(Timestamp.format(scorecard.generatedAt)))
        #expect(appendix.contains("MeetingEval"))
    }

    @Test("every comment is printed by default, grouped by question; a limit per question says how many are left out")
    func commentsPerQuestion() throws {
        let fixture = try ScorecardFixture(locale: "en")
        let responses = (0..<305).map { index in
            fixture.response(
                "r\(index)", venue: "main", answers: ["notice": 3 + index % 3, "suggestion": "remark \(index)"])
        }
        let scorecard = try fixture.scorecard(responses)
        let all = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        #expect(all.contains("remark 0<") && all.contains("remark 304<"))
        #expect(all.contains("305 comments."))
        let limited = try ScorecardHTML.render(
            scorecard, questionnaire: fixture.questionnaire, options: ReportOptions(commentsPerQuestion: 20))
        #expect(limited.contains("remark 19<"))
        #expect(!limited.contains("remark 20<"))
        #expect(limited.contains("305 comments; the first 20 are listed."))
    }

    @Test("the cover names client, assessor and report number; the summary says draft until an opinion is written")
    func coverAndSummary() throws {
        let fixture = try ScorecardFixture(locale: "zh")
        var scorecard = try fixture.scorecard(fixture.sampleResponses)
        scorecard.evaluation.report = ReportSettings(client: "省人民政府办公厅", assessor: "第三方评估中心", reportNumber: "PG-2026-017")
        scorecard.findings = FindingRules.findings(for: scorecard, questionnaire: fixture.questionnaire)
        let draft = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        #expect(draft.contains("<td class=\"client\">省人民政府办公厅</td>"))
        #expect(draft.contains("<td class=\"assessor\">第三方评估中心</td>"))
        #expect(draft.contains("<td class=\"report-number\">PG-2026-017</td>"))
        #expect(draft.contains("评估意见尚未填写（草稿）。"))
        #expect(draft.contains("2026年11月20日"))
        for finding in scorecard.findings { #expect(draft.contains(finding.text), "\(finding.text)") }
        #expect(draft.contains("评估机构（盖章）"))
        scorecard.evaluation.opinion = EvaluationOpinion(
            text: "会议组织有序。\n建议提前发送材料。", author: "eva", updatedAt: Date(timeIntervalSince1970: 1_795_200_000))
        let signed = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        #expect(!signed.contains("评估意见尚未填写（草稿）。"))
        #expect(signed.contains("<p>会议组织有序。</p>") && signed.contains("<p>建议提前发送材料。</p>"))
        #expect(signed.contains("eva，2026年11月21日 02:40"))
        #expect(signed.contains("正式报告"))
    }

    @Test("response counts, rate and manual exclusions are shown")
    func countsAndExclusions() throws {
        let fixture = try ScorecardFixture(locale: "en")
        let exclusion = ManualExclusion(
            responseId: "r2", reason: "duplicate <submission>", actor: "evaluator-1",
            at: Date(timeIntervalSince1970: 1_795_000_000))
        let html = try fixture.render(fixture.sampleResponses, exclusions: [exclusion])
        #expect(html.contains("Response rate</th><td class=\"num\">60%</td>"))
        #expect(html.contains("Excluded by hand</th><td class=\"num\">1</td>"))
        #expect(html.contains("duplicate &lt;submission&gt;"))
        // 2026-11-18T11:06:40Z in the default zone, Asia/Shanghai.
        #expect(html.contains("18 November 2026, 19:06"))
    }

    @Test("bar geometry: full scale reaches the plot's right edge, no value draws no bar")
    func barGeometry() {
        let chart = BarChart(
            id: "c", title: "t", style: "bars",
            items: [
                .init(name: "full", value: 100, text: "100.00"), .init(name: "half", value: 50, text: "50.00"),
                .init(name: "none", value: nil, text: "—"),
            ],
            maximum: 100, layout: .scores)
        let full = chart.rows[0].bars[0]
        let half = chart.rows[1].bars[0]
        #expect(abs(full.x + full.width - (chart.width - BarChart.Layout.scores.valueWidth)) < 0.2)
        #expect(abs(half.width * 2 - full.width) < 0.2)
        #expect(chart.rows[2].bars.isEmpty && chart.rows[2].isEmpty)
        #expect(chart.gridlines.map(\.text) == ["0", "20", "40", "60", "80", "100"])
        #expect(chart.gridlines.first?.x == full.x)
    }

    /// Whether every element of an SVG fragment is closed, in order (Linux's `XMLParser`
    /// recovers from mismatched tags instead of failing).
    static func tagsBalance(_ markup: String) -> Bool {
        var open: [Substring] = []
        for tag in markup.matches(of: /<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/) {
            let (_, closing, name, selfClosing) = tag.output
            if !selfClosing.isEmpty { continue }
            if closing.isEmpty {
                open.append(name)
            } else if open.popLast() != name {
                return false
            }
        }
        return open.isEmpty
    }

    /// Every `<svg …>…</svg>` of the page, in order.
    static func svgElements(in html: String) -> [String] {
        html.matches(of: /<svg[\s\S]*?<\/svg>/).map { String($0.output) }
    }
}

/// A small bilingual questionnaire, an evaluation of it and scorecards built by the real builder.
struct ScorecardFixture {
    let questionnaire: Questionnaire
    let evaluation: Evaluation
    let locale: String

    init(locale: String = "zh", title: String? = nil) throws {
        let node = try DocumentNode.parseJSON(Data(Self.questionnaireJSON.utf8))
        let read = QuestionnaireReader.read(node)
        questionnaire = try #require(read.questionnaire, "fixture questionnaire: \(read.errors)")
        func name(_ zh: String, _ en: String) -> LocalizedText { .localized(["zh": zh, "en": en]) }
        evaluation = Evaluation(
            id: "ev-1", slug: "abc123", questionnaireId: questionnaire.id, questionnaireVersion: questionnaire.version,
            title: title ?? (locale == "zh" ? "全省经济运行调度电视电话会议" : "Provincial economic dispatch teleconference"),
            meetingType: .teleconference, meetingDate: "2026-11-20",
            venues: [
                Venue(id: "main", name: name("省政府主会场", "Main venue")),
                Venue(id: "hefei", name: name("合肥分会场", "Hefei branch venue")),
                Venue(id: "wuhu", name: name("芜湖分会场", "Wuhu branch venue")),
                Venue(id: "bengbu", name: name("蚌埠分会场", "Bengbu branch venue")),
            ],
            raterGroups: [
                RaterGroup(id: "attendees", name: name("参会人员", "Attendees"), weight: 70),
                RaterGroup(id: "leaders", name: name("参会领导", "Leaders"), weight: 30),
            ],
            expectedRespondents: 10, screening: ScreeningSettings(minSeconds: 30, excludeFlagged: true),
            status: .closed,
            createdAt: Date(timeIntervalSince1970: 1_794_000_000))
        self.locale = locale
    }

    func response(_ id: String, venue: String?, group: String? = "attendees", answers: [String: Any])
        -> RecordedResponse
    {
        let data = (try? JSONSerialization.data(withJSONObject: answers, options: [.sortedKeys])) ?? Data("{}".utf8)
        return RecordedResponse(
            id: id, venue: venue, raterGroup: group, answersJSON: String(decoding: data, as: UTF8.self),
            startedAt: "2026-11-20T01:28:00.000Z", receivedAt: "2026-11-20T01:30:00.250Z", contentDigest: "digest-\(id)"
        )
    }

    /// Six responses over three of the four venues (Bengbu has none), both rater groups.
    var sampleResponses: [RecordedResponse] {
        [
            response(
                "r1", venue: "main", answers: ["notice": 5, "materials": "full", "audio": 5, "problems": ["too-long"]]),
            response("r2", venue: "main", group: "leaders", answers: ["notice": 4, "materials": "full", "audio": 4]),
            response(
                "r3", venue: "hefei",
                answers: ["notice": 3, "materials": "partial", "audio": 2, "suggestion": "More time for questions."]),
            response(
                "r4", venue: "hefei", group: "leaders", answers: ["notice": 4, "materials": "partial", "audio": 3]),
            response(
                "r5", venue: "wuhu",
                answers: ["notice": 2, "materials": "none", "audio": 1, "problems": ["too-long", "off-topic"]]),
            response("r6", venue: "wuhu", answers: ["notice": 1, "materials": "partial", "audio": 2]),
        ]
    }

    func scorecard(_ responses: [RecordedResponse], exclusions: [ManualExclusion] = []) throws -> Scorecard {
        let plan = ScoringPlan(questionnaire: questionnaire, evaluation: evaluation, locale: locale)
        var builder = ScorecardBuilder(
            plan: plan, exclusions: Dictionary(exclusions.map { ($0.responseId, $0) }, uniquingKeysWith: { a, _ in a }))
        for response in responses { builder.add(response) }
        return builder.finish(manualExclusions: exclusions, generatedAt: Date(timeIntervalSince1970: 1_795_132_800.25))
    }

    func render(_ responses: [RecordedResponse], exclusions: [ManualExclusion] = []) throws -> String {
        try ScorecardHTML.render(scorecard(responses, exclusions: exclusions), questionnaire: questionnaire)
    }

    static let questionnaireJSON = """
        {
          "id": "teleconference", "version": 3, "meetingType": "teleconference", "locales": ["zh", "en"],
          "title": {"zh": "电视电话会议质量评估", "en": "Teleconference quality evaluation"},
          "dimensions": [
            {"id": "preparation", "title": {"zh": "会前筹备", "en": "Preparation"}, "weight": 40, "questions": [
              {"id": "notice", "type": "rating", "allowNotApplicable": true,
               "text": {"zh": "会议通知是否及时、明确", "en": "Was the notice timely and clear?"},
               "scale": {"min": 1, "max": 5, "labels": {"1": {"zh": "很差", "en": "Very poor"}, "5": {"zh": "很好", "en": "Very good"}}}},
              {"id": "materials", "type": "single", "required": false,
               "text": {"zh": "会议材料是否充分", "en": "Were the materials sufficient?"},
               "options": [
                 {"id": "full", "text": {"zh": "充分", "en": "Sufficient"}, "score": 100},
                 {"id": "partial", "text": {"zh": "基本充分", "en": "Mostly"}, "score": 60},
                 {"id": "none", "text": {"zh": "不充分", "en": "Insufficient"}, "score": 0},
                 {"id": "na", "text": {"zh": "不适用", "en": "Not applicable"}, "notApplicable": true}]}
            ]},
            {"id": "av", "title": {"zh": "本会场音视频效果", "en": "Sound and picture"}, "weight": 60, "questions": [
              {"id": "audio", "type": "rating", "required": false,
               "text": {"zh": "本会场声音是否清晰", "en": "Was the sound clear at your venue?"},
               "scale": {"min": 1, "max": 5}}
            ]},
            {"id": "remarks", "title": {"zh": "意见建议", "en": "Remarks"}, "questions": [
              {"id": "problems", "type": "multiple", "text": {"zh": "主要问题", "en": "Main problems"},
               "options": [
                 {"id": "too-long", "text": {"zh": "时间过长", "en": "Too long"}},
                 {"id": "off-topic", "text": {"zh": "偏离主题", "en": "Off topic"}}]},
              {"id": "suggestion", "type": "text", "required": false, "text": {"zh": "意见和建议", "en": "Suggestions"}}
            ]}
          ]
        }
        """
}
