import Foundation
import MeetingEvalCore
import Testing

@testable import MeetingEvalStorage

/// The submission path writes answers and content digests by hand; these must stay byte for
/// byte what `JSONEncoder` writes, or replays of responses stored earlier would be refused.
@Suite("Canonical JSON of answers and content digests")
struct CanonicalJSONTests {
    private static let pieces = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{1}", "\u{1f}", "\u{7f}", "é",
        "会议", "😀", "\u{2028}", "=cmd", "na",
    ]

    private static func text(_ random: inout SeededRandom) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    private static func answers(_ random: inout SeededRandom) -> [String: AnswerValue] {
        var answers: [String: AnswerValue] = [:]
        for index in 0..<Int.random(in: 0...12, using: &random) {
            let key = ["q\(index)", "Q-\(index)", "item_\(index)", "a\(index * 7)"].randomElement(using: &random)!
            answers[key] =
                switch Int.random(in: 0..<5, using: &random) {
                case 0: .rating(Int.random(in: -3...100, using: &random))
                case 1: .notApplicable
                case 2: .option(text(&random))
                case 3: .options((0..<Int.random(in: 0...3, using: &random)).map { _ in text(&random) })
                default: .text(text(&random))
                }
        }
        return answers
    }

    @Test("answers are written exactly as JSONEncoder writes them", arguments: 0..<200)
    func answersMatchEncoder(_ seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &+ 101)
        let answers = Self.answers(&random)
        #expect(CanonicalJSON.answers(answers) == (try CanonicalJSON.string(answers)))
    }

    /// The digest as it was computed before the hand-written form: JSONEncoder over this struct.
    private struct EncodedContent: Encodable {
        var venue: String?
        var raterGroup: String?
        var answers: String
        var startedAt: String?
        var locale: String?
    }

    @Test("content digests are those of the encoded content", arguments: 0..<100)
    func digestsMatchEncoder(_ seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &+ 7)
        let answers = CanonicalJSON.answers(Self.answers(&random))
        func maybe() -> String? { Bool.random(using: &random) ? Self.text(&random) : nil }
        let submission = ResponseSubmission(
            id: UUID().uuidString.lowercased(), venue: maybe(), raterGroup: maybe(), answers: [:], locale: maybe())
        let startedAt = maybe()
        let expected = CanonicalJSON.sha256(
            try CanonicalJSON.data(
                EncodedContent(
                    venue: submission.venue, raterGroup: submission.raterGroup, answers: answers,
                    startedAt: startedAt, locale: submission.locale)))
        #expect(SubmissionRules.contentDigest(of: submission, answersJSON: answers, startedAt: startedAt) == expected)
    }

    @Test("a digest is 64 lowercase hex digits")
    func hexDigest() {
        #expect(
            CanonicalJSON.sha256(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(CanonicalJSON.sha256(Array("abc".utf8)) == CanonicalJSON.sha256(Data("abc".utf8)))
    }
}
