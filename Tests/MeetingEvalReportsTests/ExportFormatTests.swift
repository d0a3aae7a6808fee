import Foundation
import MeetingEvalCore
import Testing

@testable import MeetingEvalReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Excel workbook and SPSS export formats")
struct ExportFormatTests {
    @Test("cell text is escaped, loses what XML cannot carry, and is never a formula")
    func cellText() throws {
        #expect(
            SpreadsheetWorkbook.escaped("a\u{0}b\u{1B}c<&>\"'\t\n\r\u{FFFE}\u{FFFF}好🎤")
                == "abc&lt;&amp;&gt;&quot;&apos;\t\n&#13;好🎤")
        let sheet = SpreadsheetWorkbook.Sheet(
            name: "x", widths: [10],
            rows: [[.text("=SUM(A1:A2)"), .number(0.125, .percent), .number(3), .boolean(true), .empty, .text("\u{7}")]])
        let xml = SpreadsheetWorkbook.worksheet(sheet)
        #expect(!xml.contains("<f>") && !xml.contains("<f "))
        #expect(xml.contains(#"<c r="A1" t="inlineStr"><is><t xml:space="preserve">=SUM(A1:A2)</t></is></c>"#))
        #expect(xml.contains(#"<c r="B1" s="3"><v>0.125</v></c>"#))
        #expect(xml.contains(#"<c r="C1"><v>3</v></c>"#))
        #expect(xml.contains(#"<c r="D1" t="b"><v>1</v></c>"#))
        #expect(!xml.contains(#"r="E1""#))
        #expect(xml.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(xml.contains(#"<col min="1" max="1" width="10.0" customWidth="1"/>"#))
        #expect(XMLParser(data: Data(xml.utf8)).parse())
    }

    @Test("column letters and sheet names as Excel wants them")
    func names() {
        #expect([0, 25, 26, 51, 701, 702].map(SpreadsheetWorkbook.columnName) == ["A", "Z", "AA", "AZ", "ZZ", "AAA"])
        #expect(SpreadsheetWorkbook.sheetName("a[b]:c*d?e/f\\g") == "abcdefg")
        #expect(SpreadsheetWorkbook.sheetName(String(repeating: "会", count: 40)).count == 31)
    }

    @Test("a scorecard with control characters in its texts gives well-formed sheets in its locale")
    func workbookFromScorecard() throws {
        for (locale, first) in [("zh", "概览"), ("en", "Overview")] {
            let fixture = try ScorecardFixture(locale: locale, title: "Title\u{1}\u{8} <b>&")
            var responses = fixture.sampleResponses
            responses.append(
                fixture.response("r7", venue: "main", answers: ["notice": 3, "suggestion": "=1+1\u{0}\u{1F} ok"]))
            let card = try fixture.scorecard(responses)
            let book = ScorecardWorkbook.workbook(card)
            #expect(book.sheets.first?.name == first)
            #expect(book.sheets.count == 9)
            for sheet in book.sheets {
                let xml = SpreadsheetWorkbook.worksheet(sheet)
                #expect(XMLParser(data: Data(xml.utf8)).parse(), "\(sheet.name)")
                #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
                #expect(sheet.rows.allSatisfy { $0.count <= sheet.widths.count }, "every column has a width")
            }
            let overview = SpreadsheetWorkbook.worksheet(book.sheets[0])
            #expect(overview.contains("Title &lt;b&gt;&amp;"))
            let commentSheet = try #require(book.sheets.firstIndex { ["意见建议", "Comments"].contains($0.name) })
            let comments = SpreadsheetWorkbook.worksheet(book.sheets[commentSheet])
            #expect(comments.contains(">=1+1 ok</t>"))
            var cut = card
            cut.comments = Array(card.comments.prefix(1))
            let note = try #require(ScorecardWorkbook.workbook(cut).sheets[commentSheet].rows.last)
            #expect(note.last == .text(locale == "zh" ? "另有1条意见建议，见 scorecard.json 或 responses.csv" : "1 more comments: see scorecard.json or responses.csv"))
            #expect(card.commentCount == 2)
            let data = try book.data()
            #expect(data.prefix(2) == Data("PK".utf8))
            #expect(try book.data() == data, "the same workbook gives the same bytes")
        }
    }

    @Test("SPSS names: sanitized, unique without regard to case, at most 64 bytes, first come keeps the plain name")
    func variableNames() {
        var names = VariableNames()
        #expect(names.claim("q_a_b") == "q_a_b")
        #expect(names.claim("Q_A_B") == "Q_A_B_2")
        #expect(names.claim("q_a_b") == "q_a_b_3")
        let long = "q_" + String(repeating: "x", count: 64)
        let first = names.claim(long)
        let second = names.claim(long)
        #expect(first == "q_" + String(repeating: "x", count: 60) + "_2")
        #expect(second == "q_" + String(repeating: "x", count: 60) + "_3")
        #expect(StatisticsExport.sanitized("q_a-b.c 好") == "q_a_b_c__")
    }

    @Test("variables, codes and labels of the export, and the syntax that reads it")
    func statisticsExport() throws {
        let fixture = try ScorecardFixture(locale: "en")
        let plan = ScoringPlan(questionnaire: fixture.questionnaire, evaluation: fixture.evaluation, locale: "en")
        let export = StatisticsExport(assessor: ResponseAssessor(plan: plan, exclusions: [:]))
        let names = export.variables.map(\.name)
        #expect(Array(names.prefix(6)) == ["response_id", "included", "venue", "rater_group", "received_at", "duration_s"])
        #expect(names.contains("q_notice") && names.contains("q_materials") && names.contains("q_problems_too_long"))
        let notice = try #require(export.variables.first { $0.name == "q_notice" })
        #expect(notice.missing == [-1])
        #expect(notice.valueLabels.map(\.code) == [1, 5, -1])
        #expect(notice.label == "Was the notice timely and clear?")
        let materials = try #require(export.variables.first { $0.name == "q_materials" })
        #expect(materials.valueLabels.map(\.code) == [1, 2, 3, 4])
        #expect(materials.valueLabels.first?.label == "Sufficient")

        let rows = export.rows([
            fixture.response(
                "r1", venue: "hefei", group: "leaders",
                answers: ["notice": "na", "materials": "none", "problems": ["off-topic"], "suggestion": "a\nb, \"c\""]),
            fixture.response("r2", venue: nil, answers: ["notice": 4]),
        ])
        let lines = rows.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3 && lines[2].isEmpty)
        let first = Self.cells(lines[0])
        let second = Self.cells(lines[1])
        func value(_ cells: [String], _ name: String) -> String? { names.firstIndex(of: name).map { cells[$0] } }
        #expect(value(first, "venue") == "2" && value(first, "rater_group") == "2")
        #expect(value(first, "q_notice") == "-1" && value(first, "q_materials") == "3")
        #expect(value(first, "q_problems_off_topic") == "1" && value(first, "q_problems_too_long") == "0")
        #expect(value(first, "q_suggestion") == "\"a b, \"\"c\"\"\"")
        #expect(value(second, "venue") == "" && value(second, "q_notice") == "4" && value(second, "q_materials") == "")
        #expect(value(second, "q_problems_too_long") == "")
        #expect(value(first, "duration_s") == "120.25")

        let syntax = export.syntax(dataFile: "data.csv", title: "It's a test.")
        #expect(syntax.contains("/FILE='data.csv'"))
        #expect(syntax.contains("  /q_notice\n    1 'Very poor'\n    5 'Very good'\n    -1 'not applicable'"))
        #expect(syntax.contains("MISSING VALUES\n  q_notice\n  (-1)."))
        #expect(syntax.contains("* It's a test. - answers for SPSS and PSPP."))
        #expect(StatisticsExport.quoted("it's") == "'it''s'")
        let long = StatisticsExport.quoted(String(repeating: "会", count: 40))
        #expect(long.components(separatedBy: " +\n      ").count == 2)
        #expect(StatisticsExport.truncated(String(repeating: "会", count: 100), bytes: 255).utf8.count == 255)
        #expect(StatisticsExport.truncated(String(repeating: "会", count: 100), bytes: 121).utf8.count == 120)
    }

    /// The cells of one CSV line, quotes kept (the line has no quoted commas but the one tested).
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        return cells
    }
}
