import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

/// The worked example of docs/questionnaire-format.md must stay true.
@Suite("Documentation example")
struct DocumentationExampleTests {
    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MeetingEvalCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("docs/questionnaire-format.md")

    /// The first fenced block of `language` after `heading`.
    private func block(_ language: String, after heading: String) throws -> String {
        let text = try String(contentsOf: Self.documentURL, encoding: .utf8)
        let section = try #require(text.range(of: heading), "no '\(heading)' in the document")
        let rest = text[section.upperBound...]
        let open = try #require(rest.range(of: "```\(language)\n"), "no \(language) block after '\(heading)'")
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    private func exampleQuestionnaire() throws -> Questionnaire {
        let yaml = TestDocuments.readYAML(try block("yaml", after: "## A small complete example"))
        #expect(yaml.issues.isEmpty, "\(yaml.issues.summary)")
        return try #require(yaml.questionnaire)
    }

    @Test("the YAML and JSON forms of the example are valid and equal")
    func example() throws {
        let fromYAML = try exampleQuestionnaire()
        let json = TestDocuments.readJSON(try block("json", after: "### JSON"))
        #expect(json.issues.isEmpty, "\(json.issues.summary)")
        #expect(json.questionnaire == fromYAML)
        #expect(fromYAML.id == "work-conference")
    }

    @Test("the fixtures copied from the example still match it")
    func fixturesMatch() throws {
        let fixture = try #require(
            TestDocuments.readYAML(try TestDocuments.fixture("work-conference.yaml")).questionnaire)
        #expect(fixture == (try exampleQuestionnaire()))
    }

    @Test("the example submission is valid for the example questionnaire")
    func exampleSubmission() throws {
        let questionnaire = try exampleQuestionnaire()
        let body = try TestDocuments.json(try block("json", after: "An example submission"))
        let evaluation = Evaluation(
            id: "e", slug: "abcdefghijklmnopqrstuv", questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: "全省工作推进会", meetingType: .conference,
            meetingDate: "2026-11-20", venues: [Venue(id: "hefei", name: .plain("合肥分会场"))], status: .open,
            createdAt: Date(timeIntervalSince1970: 1_795_160_000))
        switch ResponseValidator.validate(body, evaluation: evaluation, questionnaire: questionnaire) {
        case .failure(let list):
            Issue.record("rejected:\n\(list.issues.summary)")
        case .success(let submission):
            #expect(submission.answers["materials"] == .option("late"))
            #expect(submission.answers["materials-comment"] == .text("材料请至少提前两天发送。"))
            #expect(submission.answers.count == 6)
        }
    }
}
