import Foundation
import MeetingEvalCore
import Testing

@testable import MeetingEvalReports

@Suite("Exclusion history in the scorecard's data-quality section")
struct ScorecardExclusionHistoryTests {
    static let history = [
        ExclusionEvent(
            action: .excluded, responseId: "r2", reason: "duplicate <submission>", actor: "evaluator-1",
            at: Date(timeIntervalSince1970: 1_795_000_000)),
        ExclusionEvent(
            action: .included, responseId: "r2", reason: "", actor: "evaluator-2",
            at: Date(timeIntervalSince1970: 1_795_000_600)),
    ]

    @Test("the printable page lists every exclusion and re-inclusion with who, when and why", arguments: ["en", "zh"])
    func printed(locale: String) throws {
        let fixture = try ScorecardFixture(locale: locale)
        var scorecard = try fixture.scorecard(fixture.sampleResponses)
        scorecard.exclusionHistory = Self.history
        let html = try ScorecardHTML.render(scorecard, questionnaire: fixture.questionnaire)
        let english = locale == "en"
        #expect(html.contains(english ? "Exclusion history (audit log)" : "剔除与恢复记录（审计日志）"))
        let excluded = try #require(html.range(of: english ? ">Excluded<" : ">剔除<"))
        let included = try #require(html.range(of: english ? ">Included again<" : ">恢复计入<"))
        #expect(excluded.lowerBound < included.lowerBound, "oldest first")
        #expect(html.contains("duplicate &lt;submission&gt;"))
        #expect(html.contains("evaluator-1") && html.contains("evaluator-2"))
        // 2026-11-18T11:16:40Z in the report's default zone, Asia/Shanghai, as the locale writes it.
        #expect(html.contains(english ? "18 November 2026, 19:16" : "2026年11月18日 19:16"))
    }

    @Test("the JSON lists the history under screening.exclusionHistory, oldest first")
    func json() throws {
        let fixture = try ScorecardFixture()
        var scorecard = try fixture.scorecard(fixture.sampleResponses)
        scorecard.exclusionHistory = Self.history
        let card = try #require(
            try JSONSerialization.jsonObject(with: Data(scorecard.json.serialized().utf8)) as? [String: Any])
        let history = try #require((card["screening"] as? [String: Any])?["exclusionHistory"] as? [[String: String]])
        #expect(history.map { $0["action"] } == ["excluded", "included"])
        #expect(history.map { $0["by"] } == ["evaluator-1", "evaluator-2"])
        #expect(history[0]["response"] == "r2" && history[0]["reason"] == "duplicate <submission>")
        #expect(history[1]["at"] == Timestamp.format(Self.history[1].at))
    }
}
