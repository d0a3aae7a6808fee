import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

/// The questionnaires in `Surveys/`, which the server loads at start.
@Suite("Shipped questionnaires")
struct ShippedSurveysTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var file: String
        var id: String
        var meetingType: MeetingType
        /// Dimension ids and weights, as documented in docs/questionnaire-format.md.
        var dimensions: [(id: String, weight: Double?)]

        var testDescription: String { file }
    }

    static let surveys: [Expectation] = [
        Expectation(
            file: "teleconference.yaml", id: "teleconference", meetingType: .teleconference,
            dimensions: [
                ("preparation", 15), ("organization", 15), ("av-quality", 15), ("discipline", 15), ("content", 20),
                ("outcome", 20), ("remarks", nil),
            ]),
        Expectation(
            file: "plenary-session.yaml", id: "plenary-session", meetingType: .plenary,
            dimensions: [
                ("preparation", 20), ("conduct", 20), ("deliberation", 30), ("public-participation", 15),
                ("overall", 15), ("remarks", nil),
            ]),
    ]

    static let surveysFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MeetingEvalCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Surveys")

    private func read(_ file: String) throws -> QuestionnaireReader.Result {
        let url = Self.surveysFolder.appendingPathComponent(file)
        #expect(FileManager.default.fileExists(atPath: url.path), "missing \(url.path)")
        return QuestionnaireSource.read(fileAt: url)
    }

    @Test("every file in Surveys/ is covered here")
    func allFilesCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.surveysFolder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
        #expect(Set(files) == Set(Self.surveys.map(\.file)))
    }

    @Test("is valid, without errors or warnings", arguments: surveys)
    func valid(_ survey: Expectation) throws {
        let result = try read(survey.file)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        #expect(result.warnings.isEmpty, "\(result.warnings.summary)")
        let questionnaire = try #require(result.questionnaire)
        #expect(questionnaire.id == survey.id)
        #expect(questionnaire.version >= 1)
        #expect(questionnaire.meetingType == survey.meetingType)
        #expect(questionnaire.locales == ["zh", "en"])
    }

    @Test("has the documented dimensions, with weights summing to 100", arguments: surveys)
    func weights(_ survey: Expectation) throws {
        let questionnaire = try #require(try read(survey.file).questionnaire)
        #expect(questionnaire.dimensions.map(\.id) == survey.dimensions.map(\.id))
        #expect(questionnaire.dimensions.map(\.weight) == survey.dimensions.map(\.weight))
        let total = questionnaire.dimensions.compactMap(\.weight).reduce(0, +)
        #expect(total == 100)
        for dimension in questionnaire.dimensions where dimension.weight == nil {
            #expect(dimension.questions.allSatisfy { !$0.isScored }, "\(dimension.id)")
        }
    }

    @Test("fits on a phone: 10–20 questions, mostly ratings, optional free text", arguments: surveys)
    func shape(_ survey: Expectation) throws {
        let questionnaire = try #require(try read(survey.file).questionnaire)
        let questions = questionnaire.questions
        #expect((10...20).contains(questions.count), "\(questions.count) questions")
        let ratings = questions.filter { $0.type == .rating }
        // Straight-lining is only detected with at least five ratings.
        #expect(ratings.count >= 5)
        #expect(ratings.count * 2 >= questions.filter(\.isScored).count)
        let texts = questions.filter { $0.type == .text }
        #expect(!texts.isEmpty)
        #expect(texts.allSatisfy { !$0.required })
    }

    @Test("every text is written in both Chinese and English", arguments: surveys)
    func translated(_ survey: Expectation) throws {
        let questionnaire = try #require(try read(survey.file).questionnaire)
        var texts: [(String, LocalizedText)] = [("title", questionnaire.title)]
        texts += questionnaire.grades.map { ("grade \($0.min)", $0.label) }
        for dimension in questionnaire.dimensions {
            texts.append((dimension.id, dimension.title))
            for question in dimension.questions {
                texts.append((question.id, question.text))
                texts += question.options.map { ("\(question.id).\($0.id)", $0.text) }
                if case .rating(let scale, _) = question.kind {
                    texts += scale.labels.map { ("\(question.id).\($0.key)", $0.value) }
                }
            }
        }
        for (name, text) in texts {
            #expect(text.has("zh") && text.has("en") && text.locales == ["en", "zh"], "\(name)")
        }
    }

    @Test("survives the canonical JSON round trip", arguments: surveys)
    func roundTrip(_ survey: Expectation) throws {
        let questionnaire = try #require(try read(survey.file).questionnaire)
        let reread = QuestionnaireReader.read(try DocumentNode.parseJSON(questionnaire.canonicalJSON()))
        #expect(reread.issues.isEmpty, "\(reread.issues.summary)")
        #expect(reread.questionnaire == questionnaire)
    }
}
