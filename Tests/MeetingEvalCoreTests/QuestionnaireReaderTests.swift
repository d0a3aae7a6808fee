import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

@Suite("Reading questionnaires")
struct QuestionnaireReaderTests {
    @Test(
        "YAML plain scalars read as the strings they were meant to be",
        arguments: ["2024", "no", "yes", "on", "off", "true", "false", "007", "0x1f", "1-2"])
    func plainScalarIds(_ written: String) throws {
        let text = [
            Edit.replace("id: sample", "id: \(written)"),
            .replace("{id: late,", "{id: \(written),"),
            .replace("in: [late]", "in: [\(written)]"),
        ].apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        let questionnaire = try #require(result.questionnaire)
        #expect(questionnaire.id == written)
        #expect(questionnaire.question("materials")?.options.map(\.id) == ["early", written, "unsure"])
        #expect(questionnaire.question("comment")?.showIf?.options == [written])
    }

    @Test("plain scalars in texts and locales read as strings")
    func plainScalarTexts() throws {
        let text = [
            Edit.replace("locales: [zh, en]", "locales: [zh, en, no]"),
            .replace("text: 主要问题", "text: yes"),
            .replace("title: 意见建议", "title: 2024"),
            .replace("{id: other, text: 其他}", "{id: other, text: {zh: off, en: 3.5}}"),
            .replace("labels: {1: 很差, 5: 很好}", "labels: {1: no, 5: 100}"),
        ].apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        let questionnaire = try #require(result.questionnaire)
        #expect(questionnaire.locales == ["zh", "en", "no"])
        #expect(questionnaire.question("problems")?.text == .plain("yes"))
        #expect(questionnaire.dimensions[2].title == .plain("2024"))
        #expect(questionnaire.question("problems")?.options.last?.text == .localized(["zh": "off", "en": "3.5"]))
        guard case .rating(let scale, _) = questionnaire.question("notice")?.kind else {
            Issue.record("notice is not a rating question")
            return
        }
        #expect(scale.labels == [1: .plain("no"), 5: .plain("100")])
    }

    @Test("quoted YAML scalars are strings, plain numbers stay numbers where numbers are expected")
    func quotedAndNumbers() throws {
        let text = [
            Edit.replace("{id: late,", "{id: \"no\","),
            .replace("in: [late]", "in: ['no']"),
            .replace("weight: 40", "weight: 40.0"),
        ].apply(to: try TestDocuments.baseDefinition())
        let questionnaire = try #require(TestDocuments.readYAML(text).questionnaire)
        #expect(questionnaire.question("materials")?.options[1].id == "no")
        #expect(questionnaire.dimensions[0].weight == 40)
    }

    @Test("JSON numbers and booleans are not strings")
    func jsonNumbersAreNotStrings() throws {
        let text = try TestDocuments.fixture("work-conference.json")
            .replacingOccurrences(of: "\"id\": \"work-conference\"", with: "\"id\": 2024")
            .replacingOccurrences(of: "{\"id\": \"late\",", with: "{\"id\": false,")
        let result = TestDocuments.readJSON(text)
        #expect(result.questionnaire == nil)
        #expect(
            result.errors.map(\.path) == ["id", "dimensions[0].questions[1].options[1].id"], "\(result.errors.summary)")
        #expect(
            result.errors.map(\.message) == ["must be a string, found a number", "must be a string, found a boolean"])
    }

    @Test("the JSON and YAML forms of the same definition read the same")
    func jsonEqualsYAML() throws {
        let yaml = TestDocuments.readYAML(try TestDocuments.fixture("work-conference.yaml"))
        let json = TestDocuments.readJSON(try TestDocuments.fixture("work-conference.json"))
        #expect(yaml.issues.isEmpty, "\(yaml.issues.summary)")
        #expect(json.issues.isEmpty, "\(json.issues.summary)")
        let fromYAML = try #require(yaml.questionnaire)
        let fromJSON = try #require(json.questionnaire)
        #expect(fromYAML == fromJSON)
        #expect(fromYAML.canonicalJSON() == fromJSON.canonicalJSON())
        #expect(fromYAML.dimensions.map(\.weight) == [40, 60, nil])
        #expect(
            fromYAML.question("materials-comment")?.showIf == ShowIf(question: "materials", options: ["late", "none"]))
    }

    @Test(
        "canonical JSON reads back to an equal questionnaire",
        arguments: ["base.yaml", "work-conference.yaml", "work-conference.json"])
    func roundTrip(_ fixture: String) throws {
        let text = try TestDocuments.fixture(fixture)
        let original = try #require(
            QuestionnaireSource.read(Data(text.utf8), format: .guess(fileName: fixture)).questionnaire)
        try expectRoundTrip(original)
    }

    @Test("a questionnaire built in code survives the round trip")
    func roundTripOfModel() throws {
        let questionnaire = Questionnaire(
            id: "built", version: 7, meetingType: .plenary, locales: ["zh", "en", "zh-Hant"],
            title: .localized(["zh": "全体会议", "en": "Plenary", "zh-Hant": "全體會議"]),
            description: .plain("说明 / \"quoted\" \\ backslash"),
            grades: [
                GradeBand(min: 85.5, label: .plain("好")),
                GradeBand(min: 0, label: .localized(["zh": "差", "en": "Poor"])),
            ],
            dimensions: [
                Dimension(
                    id: "scored", title: .plain("打分"), description: .localized(["zh": "描述"]), weight: 12.5,
                    questions: [
                        Question(
                            id: "r", text: .plain("评分"), description: .plain("提示"),
                            kind: .rating(
                                RatingScale(
                                    min: -2, max: 2, labels: [-2: .plain("差"), 0: .plain("中"), 2: .plain("好")]),
                                allowNotApplicable: true), weight: 1.5, required: false),
                        Question(
                            id: "s", text: .plain("单选"),
                            kind: .single([
                                Option(id: "a", text: .plain("甲"), score: 100),
                                Option(id: "b", text: .plain("乙"), score: 33.3),
                                Option(id: "na", text: .plain("不适用"), notApplicable: true),
                            ])),
                    ]),
                Dimension(
                    id: "unscored", title: .plain("不打分"),
                    questions: [
                        Question(
                            id: "m", text: .plain("多选"),
                            kind: .multiple(
                                [Option(id: "x", text: .plain("X")), Option(id: "y", text: .plain("Y"))],
                                maxSelections: nil)),
                        Question(
                            id: "u", text: .plain("不计分单选"),
                            kind: .single([Option(id: "p", text: .plain("P")), Option(id: "q", text: .plain("Q"))]),
                            showIf: ShowIf(question: "m", options: ["x", "y"])),
                        Question(id: "t", text: .plain("文本"), kind: .text(maxLength: 10_000), required: true),
                    ]),
            ])
        let issues = IssueCollector()
        QuestionnaireValidator.validate(questionnaire, issues: issues)
        #expect(issues.issues.isEmpty, "\(issues.issues.summary)")
        try expectRoundTrip(questionnaire)
    }

    @Test("canonical JSON writes every default out and is stable")
    func canonicalJSONWritesDefaults() throws {
        let questionnaire = try #require(
            TestDocuments.readYAML(try TestDocuments.fixture("work-conference.yaml")).questionnaire)
        let data = questionnaire.canonicalJSON()
        #expect(data == questionnaire.canonicalJSON())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["grades"] as? [Any])?.count == 4)
        let dimensions = try #require(object["dimensions"] as? [[String: Any]])
        let questions = dimensions.flatMap { $0["questions"] as? [[String: Any]] ?? [] }
        #expect(questions.allSatisfy { $0["required"] is Bool })
        let notice = try #require(questions.first { $0["id"] as? String == "notice" })
        #expect(notice["weight"] as? Double == 1)
        #expect(notice["allowNotApplicable"] as? Bool == true)
        let problems = try #require(questions.first { $0["id"] as? String == "problems" })
        #expect(problems["weight"] == nil)
        #expect(problems["required"] as? Bool == false)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\"description\":"))
        #expect(!text.contains("\\/"))
    }

    @Test("reading collects line numbers from YAML only")
    func issueCollectorLines() {
        let issues = IssueCollector()
        let path = DocumentPath.root.appending("dimensions").appending(2).appending("questions")
        issues.record(DocumentPath.root.appending("dimensions").appending(2), line: 40)
        issues.error(path.appending(0).appending("id"), "broken")
        issues.warning(path, "odd")
        #expect(issues.issues.map(\.line) == [40, 40])
        #expect(issues.issues.map(\.path) == ["dimensions[2].questions[0].id", "dimensions[2].questions"])
        #expect(issues.hasErrors)
        #expect(issues.errors.count == 1)
        #expect(issues.warnings.count == 1)
    }

    private func expectRoundTrip(_ original: Questionnaire, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let json = original.canonicalJSON()
        let node = try DocumentNode.parseJSON(json)
        let result = QuestionnaireReader.read(node)
        #expect(result.issues.isEmpty, "\(result.issues.summary)", sourceLocation: sourceLocation)
        let reread = try #require(result.questionnaire, sourceLocation: sourceLocation)
        #expect(reread == original, sourceLocation: sourceLocation)
        #expect(reread.canonicalJSON() == json, sourceLocation: sourceLocation)
    }
}
