import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

@Suite("Reading YAML and JSON sources")
struct YAMLSourceTests {
    private func onlyIssue(
        _ result: QuestionnaireReader.Result, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ValidationIssue {
        #expect(result.questionnaire == nil, sourceLocation: sourceLocation)
        #expect(result.issues.count == 1, "\(result.issues.summary)", sourceLocation: sourceLocation)
        return try #require(result.issues.first, sourceLocation: sourceLocation)
    }

    @Test("issues point at the line of the offending value")
    func lineNumbers() throws {
        let text = [
            Edit.replace("maxSelections: 2", "maxSelections: 7"),
            .replace("score: 30", "score: 300"),
        ].apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.count == 2)
        let maxSelections = try #require(result.errors.first { $0.path.hasSuffix("maxSelections") })
        #expect(maxSelections.path == "dimensions[2].questions[0].maxSelections")
        #expect(maxSelections.line == 42)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[41].contains("maxSelections: 7"))
        let score = try #require(result.errors.first { $0.path.hasSuffix("score") })
        #expect(score.path == "dimensions[0].questions[1].options[1].score")
        #expect(score.line == 25)
        #expect(
            score.formatted(file: "Surveys/sample.yaml")
                == "Surveys/sample.yaml:25: dimensions[0].questions[1].options[1].score: must be between 0 and 100")
    }

    @Test("a block list is located at its first item, a flow list at its key")
    func listLines() throws {
        let base = try TestDocuments.baseDefinition()
            .replacingOccurrences(of: "maxSelections: 2", with: "maxSelections: 1")
        let block = Edit.replace("          - {id: off-topic, text: 偏离主题}\n          - {id: other, text: 其他}\n", "")
            .apply(to: base)
        let blockResult = TestDocuments.readYAML(block)
        #expect(blockResult.errors.count == 1, "\(blockResult.errors.summary)")
        let blockIssue = try #require(blockResult.errors.first)
        #expect(blockIssue.path == "dimensions[2].questions[0].options")
        #expect(blockIssue.line == TestDocuments.line(of: "{id: too-long", in: block))

        let flow = Edit.replace(
            "        options:\n          - {id: too-long, text: 时间过长}\n",
            "        options: [{id: too-long, text: 时间过长}]\n"
        ).apply(to: block)
        let flowResult = TestDocuments.readYAML(flow)
        #expect(flowResult.errors.count == 1, "\(flowResult.errors.summary)")
        let flowIssue = try #require(flowResult.errors.first)
        #expect(flowIssue.path == "dimensions[2].questions[0].options")
        #expect(flowIssue.message.contains("at least two options"))
        #expect(flowIssue.line == TestDocuments.line(of: "options: [{id: too-long", in: flow))
    }

    @Test("a YAML syntax error is one issue with its line")
    func syntaxError() throws {
        let text = "id: sample\nversion: 1\nlocales: [zh, en\ntitle: 标题\n"
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.path == "")
        #expect(issue.message.hasPrefix("YAML syntax error:"))
        #expect(issue.line == 4)
        #expect(issue.formatted(file: "bad.yaml").hasPrefix("bad.yaml:4: (document): YAML syntax error"))
    }

    @Test(
        "malformed YAML gives a clean issue",
        arguments: [
            "id: sample\nversion: 1\n  bad: indentation\n",
            "id: sample\ntitle: \"unterminated\n",
            "id: [a, b]\n\tversion: 1\n",
            "id: *undefined\n",
            "id: {a: 1\n",
        ])
    func malformedYAML(_ text: String) throws {
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.path == "")
        #expect(issue.message.hasPrefix("YAML syntax error"))
        #expect(issue.line != nil)
    }

    @Test("a duplicate key is an error located in its mapping")
    func duplicateKey() throws {
        let text = """
            id: sample
            version: 1
            dimensions:
              - id: first
                title: 第一
                id: second
            """
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.message.contains("duplicate key id"))
        let line = try #require(issue.line)
        // The mapping holding both keys spans lines 4…6.
        #expect((4...6).contains(line))
    }

    @Test("a duplicate top-level key is an error")
    func duplicateTopLevelKey() throws {
        let text = try TestDocuments.baseDefinition() + "version: 2\n"
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.message.contains("duplicate key version"))
    }

    @Test("an empty document is an issue", arguments: ["", "\n\n", "# only a comment\n"])
    func emptyDocument(_ text: String) throws {
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.message == "the document is empty")
    }

    @Test("a document that is not a mapping is an issue", arguments: ["---\n", "- a\n- b\n", "just text\n", "42\n"])
    func notAMapping(_ text: String) throws {
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.path == "")
        #expect(issue.message.hasPrefix("must be an object"))
    }

    @Test("an alias bomb is refused quickly", .timeLimit(.minutes(1)))
    func aliasBomb() throws {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        #expect(text.utf8.count < 1_000)
        let clock = ContinuousClock()
        var result: QuestionnaireReader.Result?
        let elapsed = clock.measure { result = TestDocuments.readYAML(text) }
        let issue = try onlyIssue(try #require(result))
        #expect(issue.message.contains("more than \(QuestionnaireSource.maxNodes) nodes"))
        #expect(elapsed < .seconds(5))
    }

    @Test("an alias bomb inside a questionnaire field is refused", .timeLimit(.minutes(1)))
    func aliasBombInField() throws {
        var text = try TestDocuments.baseDefinition()
        text += "extra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip(["a", "b", "c", "d", "e", "f"], ["b", "c", "d", "e", "f", "g"]) {
            text +=
                "  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.message.contains("nodes"))
    }

    @Test("ordinary anchors and aliases are expanded")
    func anchorsExpand() throws {
        let text = Edit.replace(
            "scale: {min: 1, max: 5, labels: {1: 很差, 5: 很好}}", "scale: &five {min: 1, max: 5, labels: {1: 很差, 5: 很好}}"
        )
        .apply(to: try TestDocuments.baseDefinition())
        .replacingOccurrences(of: "scale: {min: 1, max: 5}", with: "scale: *five")
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        let questionnaire = try #require(result.questionnaire)
        #expect(
            questionnaire.question("tasks")?.kind
                == .rating(
                    RatingScale(min: 1, max: 5, labels: [1: .plain("很差"), 5: .plain("很好")]), allowNotApplicable: false)
        )
    }

    @Test("a document over 1 MiB is refused before parsing")
    func tooLarge() throws {
        let text = "# " + String(repeating: "x", count: QuestionnaireSource.maxDocumentBytes) + "\n"
        #expect(text.utf8.count > QuestionnaireSource.maxDocumentBytes)
        for format in [QuestionnaireSource.Format.yaml, .json] {
            let issue = try onlyIssue(QuestionnaireSource.read(Data(text.utf8), format: format))
            #expect(issue.message.contains("larger than \(QuestionnaireSource.maxDocumentBytes) bytes"))
        }
    }

    @Test("a document of exactly 1 MiB is still read")
    func exactlyAtLimit() throws {
        let body = "# padding\n"
        let text =
            body + String(repeating: "#", count: QuestionnaireSource.maxDocumentBytes - body.utf8.count - 1) + "\n"
        #expect(text.utf8.count == QuestionnaireSource.maxDocumentBytes)
        let issue = try onlyIssue(TestDocuments.readYAML(text))
        #expect(issue.message == "the document is empty")
    }

    @Test("deeply nested documents give an issue, not a crash", .timeLimit(.minutes(1)), arguments: [10_000, 200_000])
    func deepNesting(_ depth: Int) throws {
        let flow = "id: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        #expect(try onlyIssue(TestDocuments.readYAML(flow)).path == "")
        let block = String(repeating: "- ", count: depth) + "x\n"
        #expect(try onlyIssue(TestDocuments.readYAML(block)).path == "")
        let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try onlyIssue(TestDocuments.readJSON(json)).message.contains("not valid JSON"))
    }

    @Test("YAML that is not UTF-8 is an issue")
    func notUTF8() throws {
        let data = Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A])
        let issue = try onlyIssue(QuestionnaireSource.read(data, format: .yaml))
        #expect(issue.message.contains("UTF-8"))
    }

    @Test(
        "malformed JSON is one issue without a line", arguments: ["{", "[1,", "{\"id\": }", "", "nul", "{'id': 'x'}"])
    func malformedJSON(_ text: String) throws {
        let issue = try onlyIssue(TestDocuments.readJSON(text))
        #expect(issue.path == "")
        #expect(issue.message.hasPrefix("The body is not valid JSON"))
        #expect(issue.line == nil)
    }

    @Test("JSON issues carry paths but no lines")
    func jsonIssuesHaveNoLines() throws {
        let text = try TestDocuments.fixture("work-conference.json")
            .replacingOccurrences(of: "\"maxSelections\": 2", with: "\"maxSelections\": 9")
        let result = TestDocuments.readJSON(text)
        let issue = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(issue.path == "dimensions[2].questions[0].maxSelections")
        #expect(issue.line == nil)
    }

    @Test(
        "the format follows the file extension",
        arguments: [
            ("teleconference.yaml", QuestionnaireSource.Format.yaml), ("a.yml", .yaml), ("b.json", .json),
            ("C.JSON", .json), ("noextension", .yaml),
        ])
    func formatGuess(_ name: String, _ format: QuestionnaireSource.Format) {
        #expect(QuestionnaireSource.Format.guess(fileName: name) == format)
    }

    @Test("files are read by extension, and a missing file is an issue")
    func readFiles() throws {
        let yaml = try #require(
            Bundle.module.url(forResource: "work-conference", withExtension: "yaml", subdirectory: "Fixtures"))
        let json = try #require(
            Bundle.module.url(forResource: "work-conference", withExtension: "json", subdirectory: "Fixtures"))
        #expect(QuestionnaireSource.read(fileAt: yaml).questionnaire?.id == "work-conference")
        #expect(QuestionnaireSource.read(fileAt: json).questionnaire?.id == "work-conference")
        let missing = yaml.deletingLastPathComponent().appendingPathComponent("no-such-file.yaml")
        let issue = try onlyIssue(QuestionnaireSource.read(fileAt: missing))
        #expect(issue.message == "cannot read the file")
    }
}
