import Foundation
import Testing

@testable import MeetingEvalCore

/// The simulated responses of `meeting-eval demo` and the benchmarks are stored without going
/// through the submission path, so they must be valid submissions themselves.
@Suite("Response simulator")
struct ResponseSimulatorTests {
    /// The JSON body a browser would send for `submission`.
    static func body(_ submission: ResponseSubmission) throws -> DocumentNode {
        var answers: [String: Any] = [:]
        for (id, answer) in submission.answers {
            switch answer {
            case .rating(let value): answers[id] = value
            case .notApplicable: answers[id] = AnswerValue.notApplicableToken
            case .option(let option): answers[id] = option
            case .options(let options): answers[id] = options
            case .text(let text): answers[id] = text
            }
        }
        var object: [String: Any] = ["id": submission.id, "answers": answers]
        object["venue"] = submission.venue
        object["raterGroup"] = submission.raterGroup
        object["locale"] = submission.locale
        object["startedAt"] = submission.startedAt.map(Timestamp.format)
        return try DocumentNode.parseJSON(try JSONSerialization.data(withJSONObject: object))
    }

    /// Found by Fuzz/ (questionnaire-yaml): a required text question was left unanswered in
    /// about 70 % of the simulated responses, which the validator rejects ("is required").
    @Test("simulated responses pass the answer validator, required remarks included")
    func simulatedResponsesAreValid() throws {
        let questionnaire = Build.questionnaire([
            Build.dimension(
                "quality", weight: 1,
                [
                    Build.rating("sound", notApplicable: true),
                    Build.single("signal", [("stable", 100), ("unstable", 20), ("unsure", nil)]),
                ]),
            Build.dimension(
                "remarks", weight: nil,
                [
                    Question(id: "summary", text: .plain("summary"), kind: .text(maxLength: 10), required: true),
                    Question(
                        id: "signal-detail", text: .plain("signal-detail"), kind: .text(maxLength: 500), required: true,
                        showIf: ShowIf(question: "signal", options: ["unstable"])),
                    Build.text("suggestion"),
                ]),
        ])
        let evaluation = Build.evaluation(
            for: questionnaire, venues: ["hefei", "wuhu"], groups: [("leaders", 1), ("attendees", 2)])
        var simulator = ResponseSimulator(questionnaire: questionnaire, evaluation: evaluation, seed: 42)
        for round in 0..<200 {
            let submission = simulator.next(sentAt: Date(timeIntervalSince1970: 1_795_100_000)).submission
            let result = ResponseValidator.validate(
                try Self.body(submission), evaluation: evaluation, questionnaire: questionnaire)
            if case .failure(let list) = result {
                Issue.record("round \(round): \(list.issues.map { "\($0.path): \($0.message)" })")
            }
            #expect(submission.answers["summary"] != nil, "round \(round)")
        }
    }
}
