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
        /// 100 for typed-in weights; 1 (to 6 decimals) for weights derived from pairwise judgments.
        var totalWeight: Double = 100
        /// The observers' checklist: answered at a venue during the meeting, not by attendees.
        var isChecklist = false

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
        Expectation(
            file: "plenary-session-ahp.yaml", id: "plenary-session-ahp", meetingType: .plenary,
            dimensions: [
                ("preparation", 0.209428), ("conduct", 0.209428), ("deliberation", 0.348708),
                ("public-participation", 0.110466), ("overall", 0.121969), ("remarks", nil),
            ], totalWeight: 1),
        Expectation(
            file: "venue-observation.yaml", id: "venue-observation", meetingType: .teleconference,
            dimensions: [
                ("punctuality", 30), ("attendance", 25), ("phones", 20), ("leaving", 15), ("equipment", 10),
                ("notes", nil),
            ], isChecklist: true),
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

    @Test("has the documented dimensions, with weights summing to 100 (or 1 when derived)", arguments: surveys)
    func weights(_ survey: Expectation) throws {
        let questionnaire = try #require(try read(survey.file).questionnaire)
        #expect(questionnaire.dimensions.map(\.id) == survey.dimensions.map(\.id))
        #expect(questionnaire.dimensions.map(\.weight) == survey.dimensions.map(\.weight))
        let total = questionnaire.dimensions.compactMap(\.weight).reduce(0, +)
        #expect(abs(total - survey.totalWeight) < 1e-5)
        for dimension in questionnaire.dimensions where dimension.weight == nil {
            #expect(dimension.questions.allSatisfy { !$0.isScored }, "\(dimension.id)")
        }
    }

    @Test("fits on a phone: 10–20 questions, mostly ratings, optional free text", arguments: surveys.filter { !$0.isChecklist })
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

    @Test("the AHP variant documents the weights, λmax, CI and CR it derives")
    func ahpVariant() throws {
        let questionnaire = try #require(try read("plenary-session-ahp.yaml").questionnaire)
        let consistency = try #require(questionnaire.weighting?.consistency)
        #expect(consistency == AHPConsistency(lambdaMax: 5.052236, ci: 0.013059, cr: 0.01166))
        #expect(questionnaire.weighting?.comparisons.count == 10)
        let deliberation = try #require(questionnaire.dimensions.first { $0.id == "deliberation" })
        #expect(deliberation.questions.map(\.weight) == [0.296961, 0.539615, 0.163424])
        #expect(deliberation.questionWeighting?.consistency.cr == 0.007933)
        // The same questions as the typed-in plenary questionnaire.
        let typed = try #require(try read("plenary-session.yaml").questionnaire)
        #expect(questionnaire.questions.map(\.id) == typed.questions.map(\.id))
    }

    @Test("survives the canonical JSON round trip", arguments: surveys)
    func roundTrip(_ survey: Expectation) throws {
        let questionnaire = try #require(try read(survey.file).questionnaire)
        let reread = QuestionnaireReader.read(try DocumentNode.parseJSON(questionnaire.canonicalJSON()))
        #expect(reread.issues.isEmpty, "\(reread.issues.summary)")
        #expect(reread.questionnaire == questionnaire)
    }
}
