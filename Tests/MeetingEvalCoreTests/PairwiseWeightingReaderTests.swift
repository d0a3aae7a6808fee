import Foundation
import MeetingEvalCore
import Testing

/// `weighting:` and `questionWeighting:` in questionnaire files: derived weights, the
/// normalized form, and every error with its line.
@Suite("Pairwise (AHP) weighting in questionnaires")
struct PairwiseWeightingReaderTests {
    static func document(_ comparisons: String, dimensionWeight: String = "") -> String {
        """
        id: ahp
        version: 1
        locales: [en]
        title: AHP
        weighting:
          method: ahp
          comparisons:
        \(comparisons)
        dimensions:
          - id: preparation
            title: Preparation\(dimensionWeight)
            questions: [{id: q1, type: rating, text: Q1, scale: {min: 1, max: 5}}]
          - id: conduct
            title: Conduct
            questions: [{id: q2, type: rating, text: Q2, scale: {min: 1, max: 5}}]
          - id: results
            title: Results
            questions: [{id: q3, type: rating, text: Q3, scale: {min: 1, max: 5}}]
          - id: remarks
            title: Remarks
            questions: [{id: note, type: text, text: Note}]
        """
    }

    static let consistent = """
            - {a: preparation, b: conduct, value: 3}
            - {a: preparation, b: results, value: "1/2"}
            - {a: conduct, b: results, value: "1/5"}
        """

    @Test("derives the weights, keeps the judgments and round-trips through the normalized JSON")
    func derived() throws {
        let result = TestDocuments.readYAML(Self.document(Self.consistent))
        #expect(result.issues.isEmpty, "\(result.issues.summary)")
        let questionnaire = try #require(result.questionnaire)
        #expect(questionnaire.dimensions.map(\.weight) == [0.308996, 0.109452, 0.581552, nil])
        #expect(questionnaire.weighting?.consistency == AHPConsistency(lambdaMax: 3.003695, ci: 0.001847, cr: 0.003185))
        let json = String(decoding: questionnaire.canonicalJSON(), as: UTF8.self)
        #expect(json.contains(#""ahp":{"ci":0.001847,"cr":0.003185,"lambdaMax":3.003695}"#))
        #expect(json.contains(#"{"a":"preparation","b":"results","value":"1\/2"}"#) || json.contains(#"{"a":"preparation","b":"results","value":"1/2"}"#))
        let reread = TestDocuments.readJSON(json)
        #expect(reread.issues.isEmpty, "\(reread.issues.summary)")
        #expect(reread.questionnaire == questionnaire)
    }

    @Test("an inconsistent set names the CR and the triple, at the line of its first judgment")
    func inconsistent() throws {
        let result = TestDocuments.readYAML(
            Self.document(Self.consistent.replacingOccurrences(of: "\"1/2\"", with: "5")))
        #expect(result.questionnaire == nil)
        let issue = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(issue.line == 8)
        #expect(issue.path == "weighting.comparisons[0]")
        #expect(issue.message.contains("CR = 0.449 is above 0.10"))
        #expect(issue.message.contains("the most inconsistent triple is preparation, conduct, results"))
        #expect(issue.message.contains("= 1/8.33"))
        #expect(issue.message.contains("lines 8, 10, 9"))
    }

    @Test("missing, repeated, unknown and self pairs, bad values and a typed weight are errors with lines")
    func errors() throws {
        let result = TestDocuments.readYAML(
            Self.document(
                """
                    - {a: preparation, b: conduct, value: 3}
                    - {a: conduct, b: preparation, value: 2}
                    - {a: preparation, b: remarks, value: 2}
                    - {a: results, b: results, value: 1}
                    - {a: conduct, b: results, value: 2.5}
                """))
        let errors = Dictionary(result.errors.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(errors["weighting.comparisons[3]"]?.line == 11)
        #expect(errors["weighting.comparisons[3]"]?.message.contains("with itself") == true)
        #expect(errors["weighting.comparisons[4].value"]?.line == 12)
        #expect(errors["weighting.comparisons[4].value"]?.message.contains("Saaty") == true)
        // The pairs are checked once the values are readable.
        let pairs = TestDocuments.readYAML(
            Self.document(
                """
                    - {a: preparation, b: conduct, value: 3}
                    - {a: conduct, b: preparation, value: 2}
                    - {a: preparation, b: remarks, value: 2}
                """))
        let found = Dictionary(pairs.errors.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(found["weighting.comparisons[1]"]?.message.contains("judged twice") == true)
        #expect(found["weighting.comparisons[1]"]?.line == 9)
        #expect(found["weighting.comparisons[2].b"]?.message.contains("'remarks' is not one of the dimensions") == true)
        #expect(found["weighting.comparisons[2].b"]?.line == 10)
        #expect(found["weighting.comparisons"]?.message.contains("preparation–results, conduct–results") == true)
        #expect(found["weighting.comparisons"]?.line == 8)
        let typed = TestDocuments.readYAML(Self.document(Self.consistent, dimensionWeight: "\n    weight: 40"))
        #expect(typed.errors.map(\.path) == ["dimensions[0].weight"])
        #expect(typed.errors.first?.line == 14)
        let method = TestDocuments.readYAML(
            Self.document(Self.consistent).replacingOccurrences(of: "method: ahp", with: "method: topsis"))
        #expect(method.errors.first?.path == "weighting.method")
        #expect(method.errors.first?.line == 6)
    }

    @Test("questionWeighting weighs a dimension's scored questions")
    func questionWeighting() throws {
        let text = """
            id: qw
            version: 1
            locales: [en]
            title: QW
            dimensions:
              - id: only
                title: Only
                weight: 1
                questionWeighting:
                  method: ahp
                  comparisons:
                    - {a: q1, b: q2, value: "1/3"}
                questions:
                  - {id: q1, type: rating, text: Q1, scale: {min: 1, max: 5}}
                  - {id: q2, type: rating, text: Q2, scale: {min: 1, max: 5}}
                  - {id: t, type: text, text: T}
            """
        let result = TestDocuments.readYAML(text)
        #expect(result.issues.isEmpty, "\(result.issues.summary)")
        let dimension = try #require(result.questionnaire?.dimensions.first)
        #expect(dimension.questions.prefix(2).map(\.weight) == [0.25, 0.75])
        #expect(dimension.questionWeighting?.consistency.cr == 0)
        let typed = TestDocuments.readYAML(
            text.replacingOccurrences(of: "{id: q1, type: rating,", with: "{id: q1, weight: 2, type: rating,"))
        #expect(typed.errors.map(\.path) == ["dimensions[0].questions[0].weight"])
        #expect(typed.errors.first?.line == 14)
    }
}
