import Foundation
import Testing

@testable import MeetingEvalCore

@Suite("The evaluator's opinion")
struct OpinionRulesTests {
    static func read(_ json: String) throws -> Result<String, IssueList> {
        OpinionRules.read(try DocumentNode.parseJSON(Data(json.utf8)))
    }

    @Test("a text is read trimmed, line breaks kept")
    func reads() throws {
        #expect(try Self.read(#"{"text":"  会议组织有序。\n建议提前发送材料。 "}"#) == .success("会议组织有序。\n建议提前发送材料。"))
    }

    @Test(
        "bad bodies are refused with the field named",
        arguments: [
            (#"{}"#, "text"), (#"{"text":""}"#, "text"), (#"{"text":"   "}"#, "text"), (#"{"text":5}"#, "text"),
            (#"{"text":"a\u0007b"}"#, "text"), (#"[]"#, ""),
        ])
    func refuses(_ body: String, _ path: String) throws {
        guard case .failure(let list) = try Self.read(body) else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(list.issues.contains { $0.path == path }, "\(list.issues)")
    }

    @Test("at most 20000 characters")
    func length() throws {
        let long = String(repeating: "意", count: OpinionRules.maxLength + 1)
        guard case .failure = try Self.read(#"{"text":"\#(long)"}"#) else {
            Issue.record("accepted a text that is too long")
            return
        }
        #expect(try Self.read(#"{"text":"\#(long.dropLast())"}"#) == .success(String(long.dropLast())))
    }

    @Test("writing records the author, the time and the text before and after; the same text changes nothing")
    func change() throws {
        let at = Date(timeIntervalSince1970: 1_795_200_000)
        var evaluation = Build.evaluation(for: Build.questionnaire([]))
        let first = try #require(OpinionRules.change(evaluation, text: "Good.", author: "eva", at: at))
        #expect(first.evaluation.opinion == EvaluationOpinion(text: "Good.", author: "eva", updatedAt: at))
        #expect(first.action == "evaluation.opinion")
        #expect(first.detail == ["before": "", "after": "Good."])
        evaluation = first.evaluation
        #expect(OpinionRules.change(evaluation, text: "Good.", author: "other", at: at) == nil)
        let second = try #require(
            OpinionRules.change(evaluation, text: "Better.", author: "ada", at: at.addingTimeInterval(60)))
        #expect(second.detail == ["before": "Good.", "after": "Better."])
        #expect(second.evaluation.opinion?.author == "ada")
    }
}
