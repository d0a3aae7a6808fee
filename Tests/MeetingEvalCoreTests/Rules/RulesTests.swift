import Foundation
import MeetingEvalCore
import Testing

/// The rules in Core decide from values alone: no HTTP, no database.
@Suite("Rules in Core")
struct RulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_160_000)

    static func evaluation(status: EvaluationStatus) -> Evaluation {
        Evaluation(
            id: "e1", slug: EvaluationCode.randomSlug(), questionnaireId: "q", questionnaireVersion: 1, title: "会议",
            meetingType: .teleconference, meetingDate: "2026-11-20", venues: [], raterGroups: [],
            expectedRespondents: nil, opensAt: nil, closesAt: nil, anonymous: true,
            screening: ScreeningSettings(minSeconds: 20, excludeFlagged: true), status: status, createdAt: t0)
    }

    @Test("the life cycle allows draft → open → closed and records the times, nothing else")
    func lifeCycle() throws {
        let opened = try #require(try EvaluationLifecycle.transition(Self.evaluation(status: .draft), to: .open, at: Self.t0))
        #expect(opened.evaluation.status == .open && opened.evaluation.openedAt == Self.t0)
        #expect(opened.action == "evaluation.opened" && opened.detail == ["from": "draft", "to": "open"])
        let closed = try #require(
            try EvaluationLifecycle.transition(opened.evaluation, to: .closed, at: Self.t0 + 60))
        #expect(closed.evaluation.closedAt == Self.t0 + 60 && closed.action == "evaluation.closed")
        #expect(try EvaluationLifecycle.transition(closed.evaluation, to: .closed, at: Self.t0) == nil)
        for (from, to) in [(EvaluationStatus.draft, EvaluationStatus.closed), (.closed, .open), (.open, .draft)] {
            #expect(throws: DomainError.self) {
                _ = try EvaluationLifecycle.transition(Self.evaluation(status: from), to: to, at: Self.t0)
            }
        }
    }

    @Test("identical content keeps its version; new content takes the one asked for when free, else the next")
    func versioning() {
        #expect(QuestionnaireVersioning.numbering(requested: 1, identical: 3, latest: 5) == .existing(3))
        #expect(QuestionnaireVersioning.numbering(requested: 1, identical: nil, latest: 0) == .new(1))
        #expect(QuestionnaireVersioning.numbering(requested: 1, identical: nil, latest: 4) == .new(5))
        #expect(QuestionnaireVersioning.numbering(requested: 9, identical: nil, latest: 4) == .new(9))
    }

    @Test("a code must exist, not be withdrawn and not be used, in that order")
    func invitationCodes() {
        func code(_ body: () throws -> Void) -> String? {
            do {
                try body()
                return nil
            } catch DomainError.conflict(_, let code) {
                return code
            } catch DomainError.invalid {
                return "invalid"
            } catch {
                return "\(error)"
            }
        }
        #expect(code { try InvitationRules.check(InvitationState(used: false, withdrawn: false)) } == nil)
        #expect(code { try InvitationRules.check(nil) } == "invalid")
        #expect(code { try InvitationRules.check(InvitationState(used: true, withdrawn: true)) } == "code_withdrawn")
        #expect(code { try InvitationRules.check(InvitationState(used: true, withdrawn: false)) } == "code_used")
        #expect(code { try SubmissionRules.checkCode(presented: false, state: nil) } == "invalid")
    }

    @Test("a replay is the same evaluation and content digest; anything else is a conflict")
    func replay() throws {
        try SubmissionRules.checkReplay(storedEvaluationId: "e", storedDigest: "d", evaluationId: "e", digest: "d")
        #expect(throws: DomainError.conflict("A different response with this id was already received.", code: "conflict")) {
            try SubmissionRules.checkReplay(storedEvaluationId: "e", storedDigest: "d", evaluationId: "e", digest: "x")
        }
        #expect(throws: DomainError.self) {
            try SubmissionRules.checkReplay(storedEvaluationId: "e", storedDigest: "d", evaluationId: "f", digest: "d")
        }
    }

    @Test("acceptance is the committed evaluation's state at the time of storing")
    func acceptance() throws {
        #expect(throws: DomainError.notFound("Unknown evaluation.")) { _ = try SubmissionRules.checkAcceptance(nil, at: Self.t0) }
        #expect(throws: DomainError.notAccepting(.notOpen)) {
            _ = try SubmissionRules.checkAcceptance(Self.evaluation(status: .draft), at: Self.t0)
        }
        var open = Self.evaluation(status: .open)
        #expect(try SubmissionRules.checkAcceptance(open, at: Self.t0).id == "e1")
        open.closesAt = Self.t0
        #expect(throws: DomainError.notAccepting(.closed)) { _ = try SubmissionRules.checkAcceptance(open, at: Self.t0) }
    }

    @Test("exclusions: only existing responses, never twice, included again only when excluded")
    func exclusions() {
        #expect(throws: DomainError.notFound("Unknown response.")) {
            try ExclusionRules.check(excluding: true, responseExists: false, currentlyExcluded: false)
        }
        #expect(throws: Never.self) { try ExclusionRules.check(excluding: true, responseExists: true, currentlyExcluded: false) }
        #expect(throws: DomainError.self) { try ExclusionRules.check(excluding: true, responseExists: true, currentlyExcluded: true) }
        #expect(throws: Never.self) { try ExclusionRules.check(excluding: false, responseExists: true, currentlyExcluded: true) }
        #expect(throws: DomainError.self) { try ExclusionRules.check(excluding: false, responseExists: true, currentlyExcluded: false) }
    }

    @Test("the live score is recomputed when the counts change, at most every five computing times")
    func liveSchedule() {
        let clock = ContinuousClock()
        let start = clock.now
        var schedule = LiveScoreSchedule(pollInterval: .seconds(1))
        let one = ResponseCounts(responses: 1)
        let two = ResponseCounts(responses: 2)
        #expect(schedule.isDue(counts: one, now: start))
        schedule.scored(counts: one, started: start, took: .seconds(2))
        #expect(!schedule.isDue(counts: one, now: start + .seconds(60)))
        #expect(!schedule.isDue(counts: two, now: start + .seconds(9)))
        #expect(schedule.isDue(counts: two, now: start + .seconds(10)))
        schedule.scored(counts: two, started: start + .seconds(10), took: .milliseconds(10))
        #expect(!schedule.isDue(counts: one, now: start + .milliseconds(10_900)))
        #expect(schedule.isDue(counts: one, now: start + .seconds(11)))
    }

    @Test("passwords: at least 10 characters, at most 72 bytes, not the name")
    func passwords() {
        #expect(PasswordRules.problem(with: "short", name: "a") != nil)
        #expect(PasswordRules.problem(with: String(repeating: "密", count: 25), name: "a") != nil)
        #expect(PasswordRules.problem(with: "Organizer-1", name: "organizer-1") != nil)
        #expect(PasswordRules.problem(with: "a long enough one", name: "organizer") == nil)
        #expect(PasswordRules.problem(with: PasswordRules.generate(), name: "x") == nil)
    }
}
