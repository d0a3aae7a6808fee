import Foundation
import MeetingEvalCore
import Testing

/// Who sees what (`AccessScope`) and what a correction may change (`EvaluationCorrection`),
/// decided from values alone.
@Suite("Organization and correction rules")
struct OrganizationRulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_160_000)
    static let questionnaire = Questionnaire(
        id: "q", version: 1, meetingType: .teleconference, locales: ["zh"], title: .plain("问卷"), dimensions: [])

    static func evaluation(status: EvaluationStatus) -> Evaluation {
        Evaluation(
            id: "e1", slug: "slug", questionnaireId: "q", questionnaireVersion: 1, title: "会议",
            meetingType: .teleconference, meetingDate: "2026-11-20",
            venues: [Venue(id: "main", name: .plain("主会场"))],
            raterGroups: [RaterGroup(id: "leaders", name: .plain("领导"), weight: 0.4)], status: status,
            createdAt: t0, organization: "city-a")
    }

    static func identity(_ role: Role, _ organizations: [String]) -> Identity {
        Identity(userId: "u", name: "u", role: role, credential: .apiToken(id: "t"), organizations: organizations)
    }

    /// The change a patch asks of `evaluation`, as the service reads it.
    static func change(_ evaluation: Evaluation, _ patch: String) throws -> EvaluationChange? {
        let merged = try EvaluationCorrection.merged(evaluation, patch: try DocumentNode.parseJSON(Data(patch.utf8)))
        guard case .success(let request) = EvaluationRequest.read(merged) else {
            Issue.record("the merged body does not read: \(patch)")
            return nil
        }
        return try EvaluationCorrection.change(
            evaluation, to: request, questionnaire: questionnaire, organization: request.organization ?? "city-a",
            standard: nil)
    }

    @Test("an admin sees every organization; others their own; an account in none counts as in the default one")
    func scope() throws {
        #expect(Self.identity(.admin, []).scope == .everything)
        let clerk = Self.identity(.organizer, ["city-a"]).scope
        #expect(clerk.includes("city-a") && !clerk.includes("city-b"))
        #expect(clerk.includesQuestionnaire(of: nil) && !clerk.includesQuestionnaire(of: "city-b"))
        #expect(Self.identity(.evaluator, []).scope == AccessScope(organizations: ["default"]))
    }

    @Test("left out, the organization is the caller's only one, else the default; several must name one")
    func owner() throws {
        #expect(try AccessScope.everything.owner(requested: nil) == "default")
        #expect(try AccessScope.everything.owner(requested: "city-b") == "city-b")
        #expect(try Self.identity(.organizer, ["city-a"]).scope.owner(requested: nil) == "city-a")
        #expect(try Self.identity(.organizer, []).scope.owner(requested: nil) == "default")
        #expect(throws: DomainError.self) { try Self.identity(.organizer, ["a", "b"]).scope.owner(requested: nil) }
        #expect(try Self.identity(.organizer, ["a", "b"]).scope.owner(requested: "b") == "b")
        // Another organization reads as an unknown one.
        #expect(
            throws: DomainError.invalid(
                "Unknown organization.", [ValidationIssue(path: "organization", message: "no organization 'city-b'")])
        ) { try Self.identity(.organizer, ["city-a"]).scope.owner(requested: "city-b") }
    }

    @Test("a draft changes any field; the same values change nothing")
    func draft() throws {
        let draft = Self.evaluation(status: .draft)
        #expect(try Self.change(draft, "{}") == nil)
        #expect(try Self.change(draft, #"{"title": "会议"}"#) == nil)
        let changed = try #require(
            try Self.change(draft, #"{"title": "新会议", "venues": [], "anonymous": false, "access": "invitation"}"#))
        #expect(changed.evaluation.title == "新会议" && changed.evaluation.venues.isEmpty)
        #expect(!changed.evaluation.anonymous && changed.evaluation.access == .invitation)
        #expect(changed.action == "evaluation.changed")
        #expect(changed.detail["before"]?.contains(#""title":"会议""#) == true)
        #expect(changed.detail["after"]?.contains(#""title":"新会议""#) == true)
        // A member set to null is cleared.
        var timed = draft
        timed.closesAt = Self.t0
        #expect(try Self.change(timed, #"{"closesAt": null}"#)?.evaluation.closesAt == nil)
    }

    @Test("an open evaluation only adds venues and rater groups and sets closesAt and expectedRespondents")
    func open() throws {
        let open = Self.evaluation(status: .open)
        let added = try #require(
            try Self.change(
                open,
                #"{"venues": [{"id": "main", "name": "主会场"}, {"id": "wuhu", "name": "芜湖"}], "raterGroups": [{"id": "leaders", "name": "领导", "weight": 0.4}, {"id": "staff", "name": "职工"}], "closesAt": "2026-11-21T09:00:00Z", "expectedRespondents": 80}"#
            ))
        #expect(added.evaluation.venues.map(\.id) == ["main", "wuhu"])
        #expect(added.evaluation.raterGroups.map(\.id) == ["leaders", "staff"])
        #expect(added.evaluation.expectedRespondents == 80 && added.evaluation.closesAt != nil)
        for refused in [
            #"{"title": "改名"}"#, #"{"anonymous": false}"#, #"{"venues": []}"#,
            #"{"venues": [{"id": "main", "name": "改名的主会场"}]}"#,
            #"{"raterGroups": [{"id": "leaders", "name": "领导", "weight": 0.9}]}"#,
        ] {
            #expect(throws: DomainError.self, "\(refused)") { _ = try Self.change(open, refused) }
            do { _ = try Self.change(open, refused) } catch DomainError.conflict(_, let code) {
                #expect(code == "wrong_state")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test("the report's cover and a venue's expected respondents are corrected on a draft and on an open evaluation")
    func reportFields() throws {
        for status in [EvaluationStatus.draft, .open] {
            let current = Self.evaluation(status: status)
            let changed = try #require(
                try Self.change(
                    current,
                    #"{"client": "省政府办公厅", "assessor": "评估中心", "reportNumber": "18号", "venues": [{"id": "main", "name": "主会场", "expected": 40}]}"#
                ))
            #expect(changed.evaluation.report == ReportSettings(client: "省政府办公厅", assessor: "评估中心", reportNumber: "18号"))
            #expect(changed.evaluation.venues.first?.expected == 40)
            #expect(changed.detail["after"]?.contains(#""reportNumber":"18号""#) == true)
            // Cleared with null, like every field.
            var withClient = current
            withClient.report.client = "省政府办公厅"
            #expect(try Self.change(withClient, #"{"client": null}"#)?.evaluation.report.client == nil)
        }
        var closed = Self.evaluation(status: .closed)
        closed.report.client = "甲"
        #expect(throws: DomainError.self) { _ = try Self.change(closed, #"{"client": "乙"}"#) }
    }

    @Test("a closed evaluation changes nothing; only a closed one is archived; only an empty draft is deleted")
    func closed() throws {
        let closed = Self.evaluation(status: .closed)
        #expect(throws: DomainError.self) { _ = try Self.change(closed, #"{"expectedRespondents": 9}"#) }
        let archived = try #require(try EvaluationCorrection.archive(closed, archived: true, at: Self.t0))
        #expect(archived.evaluation.archivedAt == Self.t0 && archived.action == "evaluation.archived")
        #expect(try EvaluationCorrection.archive(archived.evaluation, archived: true, at: Self.t0) == nil)
        #expect(throws: DomainError.self) {
            _ = try EvaluationCorrection.archive(Self.evaluation(status: .open), archived: true, at: Self.t0)
        }
        try EvaluationCorrection.checkDeletion(Self.evaluation(status: .draft), responses: 0, invitations: 0)
        #expect(throws: DomainError.self) {
            try EvaluationCorrection.checkDeletion(Self.evaluation(status: .draft), responses: 1, invitations: 0)
        }
        #expect(throws: DomainError.self) {
            try EvaluationCorrection.checkDeletion(Self.evaluation(status: .draft), responses: 0, invitations: 3)
        }
        #expect(throws: DomainError.self) {
            try EvaluationCorrection.checkDeletion(Self.evaluation(status: .open), responses: 0, invitations: 0)
        }
    }
}
