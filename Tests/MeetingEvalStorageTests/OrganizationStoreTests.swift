import Foundation
import MeetingEvalCore
import MeetingEvalStorage
import Testing

/// Organizations, memberships, ownership and corrections of evaluations, as every store must
/// keep them (run against each store in `StoreKind.all`).
@Suite("Store conformance: organizations and corrections")
struct OrganizationStoreTests {
    @Test("organizations are created, listed, renamed with before and after, and deleted only when empty", arguments: StoreKind.all)
    func organizations(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in try await Self.organizations(store) }
    }

    static func organizations<S: EvaluationStore>(_ store: S) async throws {
        let service = OrganizationService(store: store)
        #expect(try await store.organizations().map(\.id) == [Organization.defaultId])
        let created = try await service.create(
            try json(#"{"id": "anhui-gov", "name": {"zh": "省政府办公厅", "en": "Provincial office"}}"#), actor: "admin",
            at: StoreSamples.t0)
        #expect(created.name == .localized(["zh": "省政府办公厅", "en": "Provincial office"]))
        let duplicate = await conflictCode {
            _ = try await service.create(try json(#"{"id": "anhui-gov", "name": "again"}"#), actor: "admin")
        }
        #expect(duplicate == "conflict")
        let bad = await #expect(throws: DomainError.self) {
            _ = try await service.create(try json(#"{"id": "Not An Id", "name": ""}"#), actor: "admin")
        }
        if case .invalid(_, let issues)? = bad { #expect(issues.map(\.path).sorted() == ["id", "name"]) }
        #expect(try await store.organizations().map(\.id) == ["anhui-gov", "default"])

        let renamed = try await service.rename(id: "anhui-gov", try json(#"{"name": "省政府"}"#), actor: "admin")
        #expect(renamed.name == .plain("省政府"))
        #expect(try await store.organizations().first { $0.id == "anhui-gov" }?.name == .plain("省政府"))
        let renameEvent = try #require(try await store.auditEvents(entityId: "anhui-gov").last)
        #expect(renameEvent.action == "organization.renamed")
        #expect(renameEvent.detail?.contains("Provincial office") == true && renameEvent.detail?.contains("省政府") == true)

        // A member keeps it from being deleted; so does an evaluation or a questionnaire.
        let account = Account(
            id: UUID().uuidString.lowercased(), name: "clerk", role: .organizer, passwordHash: "x",
            createdAt: StoreSamples.t0, organizations: ["anhui-gov"])
        try await store.createAccount(account, actor: "admin")
        #expect(await conflictCode { try await service.delete(id: "anhui-gov", actor: "admin") } == "not_empty")
        _ = try await store.setOrganizations([], accountName: "clerk", actor: "admin", at: StoreSamples.t0)
        _ = try await store.save(StoreSamples.questionnaire(id: "owned"), organization: "anhui-gov", source: "api", actor: "clerk")
        #expect(await conflictCode { try await service.delete(id: "anhui-gov", actor: "admin") } == "not_empty")
        #expect(await conflictCode { try await service.delete(id: "default", actor: "admin") } == "wrong_state")
        #expect(try await store.organizations().count == 2)

        let empty = try await service.create(try json(#"{"id": "empty", "name": "Empty"}"#), actor: "admin")
        try await service.delete(id: empty.id, actor: "admin")
        #expect(try await store.organizations().map(\.id) == ["anhui-gov", "default"])
        await #expect(throws: DomainError.notFound("No organization with this id.")) {
            try await service.delete(id: "empty", actor: "admin")
        }
    }

    @Test("an account's organizations come back with it, with its session and its token, and are replaced whole", arguments: StoreKind.all)
    func memberships(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in try await Self.memberships(store) }
    }

    static func memberships<S: EvaluationStore>(_ store: S) async throws {
        let service = OrganizationService(store: store)
        for id in ["city-a", "city-b"] {
            _ = try await service.create(try json(#"{"id": "\#(id)", "name": "\#(id)"}"#), actor: "admin")
        }
        let account = Account(
            id: UUID().uuidString.lowercased(), name: "Clerk", role: .evaluator, passwordHash: "x",
            createdAt: StoreSamples.t0, organizations: ["city-b", "city-a"])
        try await store.createAccount(account, actor: "admin")
        #expect(try await store.account(name: "clerk")?.organizations == ["city-a", "city-b"])
        let session = StoredSession(
            tokenHash: Secrets.sha256("s"), accountId: account.id, csrfToken: "c", createdAt: StoreSamples.t0,
            expiresAt: Date().addingTimeInterval(3600))
        try await store.createSession(session)
        #expect(try await store.session(tokenHash: session.tokenHash, at: Date())?.1.organizations == ["city-a", "city-b"])
        let token = StoredAPIToken(
            id: UUID().uuidString.lowercased(), accountId: account.id, label: "t", tokenHash: Secrets.sha256("t"),
            createdAt: StoreSamples.t0)
        try await store.createAPIToken(token, actor: "admin")
        #expect(try await store.apiToken(tokenHash: token.tokenHash)?.1.organizations == ["city-a", "city-b"])

        let changed = try await service.setMemberships(accountName: "Clerk", organizations: ["city-b"], actor: "admin")
        #expect(changed.organizations == ["city-b"])
        #expect(try await store.accounts().first { $0.name == "Clerk" }?.organizations == ["city-b"])
        let event = try #require(try await store.auditEvents(entityId: "Clerk").last)
        #expect(event.action == "account.organizations")
        #expect(event.detail == #"{"after":"city-b","before":"city-a,city-b"}"#)
        // An unknown organization changes nothing.
        await #expect(throws: DomainError.self) {
            _ = try await service.setMemberships(accountName: "Clerk", organizations: ["city-a", "nowhere"], actor: "admin")
        }
        #expect(try await store.account(name: "Clerk")?.organizations == ["city-b"])
    }

    @Test("a questionnaire id belongs to one organization or is a shared template, from its first version on", arguments: StoreKind.all)
    func questionnaireOwnership(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in try await Self.questionnaireOwnership(store) }
    }

    static func questionnaireOwnership<S: EvaluationStore>(_ store: S) async throws {
        _ = try await OrganizationService(store: store).create(try json(#"{"id": "city-a", "name": "A"}"#), actor: "admin")
        _ = try await store.save(StoreSamples.questionnaire(id: "template"), source: "file:template.yaml", actor: "system")
        _ = try await store.save(StoreSamples.questionnaire(id: "mine"), organization: "city-a", source: "api", actor: "a")
        #expect(try await store.latestQuestionnaire(id: "template")?.organization == nil)
        #expect(try await store.questionnaire(id: "mine", version: 1)?.organization == "city-a")
        let summaries = try await store.questionnaireSummaries()
        #expect(summaries.map(\.organization) == ["city-a", nil])
        // Another owner cannot add a version to either.
        let taken = await conflictCode {
            _ = try await store.save(
                StoreSamples.questionnaire(id: "mine", version: 2, title: "改"), organization: "default", source: "api",
                actor: "b")
        }
        #expect(taken == "id_taken")
        let template = await conflictCode {
            _ = try await store.save(
                StoreSamples.questionnaire(id: "template", version: 2, title: "改"), organization: "city-a",
                source: "api", actor: "a")
        }
        #expect(template == "id_taken")
        #expect(try await store.latestQuestionnaire(id: "mine")?.questionnaire.version == 1)
        let second = try await store.save(
            StoreSamples.questionnaire(id: "mine", version: 2, title: "改"), organization: "city-a", source: "api",
            actor: "a")
        #expect(second.version == 2 && second.created)
        #expect(try await store.questionnaire(id: "mine", version: 2)?.organization == "city-a")
    }

    @Test("a correction stores every field with before and after; deleting takes only an empty draft; archiving a closed one", arguments: StoreKind.all)
    func corrections(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in try await Self.corrections(store) }
    }

    static func corrections<S: EvaluationStore>(_ store: S) async throws {
        let service = EvaluationService(store: store)
        _ = try await OrganizationService(store: store).create(try json(#"{"id": "city-a", "name": "A"}"#), actor: "admin")
        _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
        let cityA = AccessScope(organizations: ["city-a"])
        let draft = try await service.create(
            try json(
                #"{"questionnaire": {"id": "sample"}, "title": "Draft", "meetingDate": "2026-11-20", "venues": [{"id": "main", "name": "主会场"}]}"#
            ), scope: cityA, actor: "a")
        #expect(draft.organization == "city-a")
        #expect(try await store.evaluation(id: draft.id)?.organization == "city-a")

        let changed = try await service.correct(
            id: draft.id,
            patch: try json(#"{"title": "Corrected", "venues": [{"id": "hefei", "name": "合肥分会场"}], "anonymous": false, "closesAt": "2026-11-21T09:00:00Z"}"#),
            scope: cityA, actor: "a", at: StoreSamples.t0)
        #expect(changed.evaluation.title == "Corrected")
        #expect(changed.evaluation.venues.map(\.id) == ["hefei"])
        #expect(changed.evaluation.anonymous == false)
        let stored = try #require(try await store.evaluation(id: draft.id))
        #expect(stored == changed.evaluation)
        #expect(stored.slug == draft.slug && stored.createdAt == draft.createdAt && stored.status == .draft)
        let event = try #require(try await store.auditEvents(entityId: draft.id).last)
        #expect(event.action == "evaluation.changed")
        #expect(event.detail?.contains(#"\"title\":\"Draft\""#) == true)
        #expect(event.detail?.contains(#"\"title\":\"Corrected\""#) == true)

        // Another organization's caller finds nothing, reading or writing.
        let other = AccessScope(organizations: ["default"])
        await #expect(throws: DomainError.notFound("No evaluation with this id.")) {
            _ = try await service.correct(id: draft.id, patch: try json(#"{"title": "x"}"#), scope: other, actor: "b")
        }
        await #expect(throws: DomainError.notFound("No evaluation with this id.")) {
            try await service.delete(id: draft.id, scope: other, actor: "b")
        }

        // Open: adding a venue is fine, changing the title is not.
        _ = try await service.setStatus(.open, id: draft.id, scope: cityA, actor: "a", at: StoreSamples.t0)
        let added = try await service.correct(
            id: draft.id,
            patch: try json(#"{"venues": [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": "芜湖分会场"}], "expectedRespondents": 40}"#),
            scope: cityA, actor: "a")
        #expect(added.evaluation.venues.map(\.id) == ["hefei", "wuhu"])
        #expect(try await store.evaluation(id: draft.id)?.expectedRespondents == 40)
        #expect(
            await conflictCode {
                _ = try await service.correct(
                    id: draft.id, patch: try json(#"{"title": "Renamed"}"#), scope: cityA, actor: "a")
            } == "wrong_state")
        #expect(try await store.evaluation(id: draft.id)?.title == "Corrected")

        // Not deleted once opened; archived once closed, and back.
        #expect(
            await conflictCode { try await service.delete(id: draft.id, scope: cityA, actor: "a") } == "wrong_state")
        #expect(
            await conflictCode {
                _ = try await service.setArchived(true, id: draft.id, scope: cityA, actor: "a")
            } == "wrong_state")
        _ = try await service.setStatus(.closed, id: draft.id, scope: cityA, actor: "a")
        let archived = try await service.setArchived(true, id: draft.id, scope: cityA, actor: "a", at: StoreSamples.t0)
        #expect(archived.evaluation.archivedAt == StoreSamples.t0)
        #expect(try await service.list(scope: cityA).isEmpty)
        #expect(try await service.list(scope: cityA, archived: true).map(\.evaluation.id) == [draft.id])
        _ = try await service.setArchived(false, id: draft.id, scope: cityA, actor: "a")
        #expect(try await service.list(scope: cityA).map(\.evaluation.id) == [draft.id])
        #expect(try await store.evaluation(id: draft.id)?.archivedAt == nil)

        // An empty draft goes; a draft with an invitation code stays.
        let empty = try await service.create(
            try json(#"{"questionnaire": {"id": "sample"}, "title": "Empty", "meetingDate": "2026-11-20"}"#),
            scope: cityA, actor: "a")
        _ = try await store.evaluation(id: empty.id)
        try await service.delete(id: empty.id, scope: cityA, actor: "a", at: StoreSamples.t0)
        #expect(try await store.evaluation(id: empty.id) == nil)
        #expect(try await store.auditEvents(entityId: empty.id).last?.action == "evaluation.deleted")
        let coded = try await service.create(
            try json(#"{"questionnaire": {"id": "sample"}, "title": "Coded", "meetingDate": "2026-11-20", "access": "invitation"}"#),
            scope: cityA, actor: "a")
        try await store.createInvitations(
            InvitationBatch(
                id: "b1", evaluationId: coded.id, venue: nil, raterGroup: nil, codeHashes: [Secrets.sha256("code-1")],
                createdAt: StoreSamples.t0), actor: "a")
        #expect(await conflictCode { try await service.delete(id: coded.id, scope: cityA, actor: "a") } == "wrong_state")
        #expect(try await store.evaluation(id: coded.id) != nil)
    }
}

private func json(_ text: String) throws -> DocumentNode {
    try DocumentNode.parseJSON(Data(text.utf8))
}
