import Foundation
import GRDB
import MeetingEvalCore
import MeetingEvalStorage
import Testing

@Suite("Accounts, sessions and tokens in the store")
struct AccountStoreTests {
    static func account(_ name: String, role: Role = .organizer) -> Account {
        Account(
            id: UUID().uuidString.lowercased(), name: name, role: role, passwordHash: "$2b$04$not-a-real-hash",
            createdAt: StoreSamples.t0)
    }

    @Test func namesAreUniqueWithoutRegardToCase() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        try await store.createAccount(Self.account("Wang"), actor: "test")
        #expect(await conflictCode { try await store.createAccount(Self.account("wANG"), actor: "test") } == "conflict")
        #expect(try await store.account(name: "wang")?.name == "Wang")
        #expect(try await store.accounts().count == 1)
    }

    @Test func disablingEndsSessionsAndStopsTokens() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        let account = Self.account("li", role: .evaluator)
        try await store.createAccount(account, actor: "test")
        let session = StoredSession(
            tokenHash: "s1", accountId: account.id, csrfToken: "c1", createdAt: Date(),
            expiresAt: Date().addingTimeInterval(3600))
        try await store.createSession(session)
        let token = StoredAPIToken(id: "t1", accountId: account.id, label: "export", tokenHash: "h1", createdAt: Date())
        try await store.createAPIToken(token, actor: "test")
        #expect(try await store.session(tokenHash: "s1", at: Date())?.1.name == "li")
        #expect(try await store.apiToken(tokenHash: "h1")?.0.id == "t1")

        let disabled = try await store.setDisabled(true, accountName: "LI", actor: "admin", at: Date())
        #expect(disabled.disabled)
        #expect(try await store.session(tokenHash: "s1", at: Date()) == nil)
        #expect(try await store.apiToken(tokenHash: "h1") == nil)
        // Enabling again does not bring the session back (it was deleted), but the token works.
        _ = try await store.setDisabled(false, accountName: "li", actor: "admin", at: Date())
        #expect(try await store.session(tokenHash: "s1", at: Date()) == nil)
        #expect(try await store.apiToken(tokenHash: "h1")?.0.id == "t1")
        let actions = try await store.auditEvents(entityId: "li").map(\.action)
        #expect(actions == ["account.created", "account.disabled", "account.enabled"])
    }

    @Test func expiredSessionsAndRevokedTokensAreRefused() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        let account = Self.account("zhao")
        try await store.createAccount(account, actor: "test")
        try await store.createSession(
            StoredSession(
                tokenHash: "old", accountId: account.id, csrfToken: "c", createdAt: StoreSamples.t0,
                expiresAt: StoreSamples.t0.addingTimeInterval(60)))
        #expect(try await store.session(tokenHash: "old", at: StoreSamples.t0.addingTimeInterval(61)) == nil)
        try await store.createAPIToken(
            StoredAPIToken(id: "t", accountId: account.id, label: "x", tokenHash: "h", createdAt: Date()), actor: "test"
        )
        // Someone else's token cannot be revoked by id.
        await #expect(throws: DomainError.self) {
            _ = try await store.revokeAPIToken(id: "t", accountId: "someone-else", actor: "x", at: Date())
        }
        let revoked = try await store.revokeAPIToken(id: "t", accountId: account.id, actor: "zhao", at: Date())
        #expect(revoked.revokedAt != nil)
        #expect(try await store.apiToken(tokenHash: "h") == nil)
    }

    @Test func accountsAreNeverDeleted() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("accounts.sqlite")
            let store = try openFileStore(at: file)
            try await store.createAccount(Self.account("sun"), actor: "test")
            await #expect(throws: DatabaseError.self) {
                try await openRawDatabase(at: file).write { try $0.execute(sql: "DELETE FROM account") }
            }
            #expect(try await store.accounts().count == 1)
        }
    }
}

@Suite("Invitation codes in the store")
struct InvitationStoreTests {
    static func invitationEvaluation(anonymous: Bool) async throws -> (SQLiteEvaluationStore, Evaluation, URL?) {
        let store = try SQLiteEvaluationStore.inMemory()
        _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
        var evaluation = StoreSamples.evaluation()
        evaluation.access = .invitation
        evaluation.anonymous = anonymous
        try await store.createEvaluation(evaluation, actor: "organizer")
        evaluation = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: Date())
        return (store, evaluation, nil)
    }

    static func addCodes(
        _ hashes: [String], to evaluation: Evaluation, store: SQLiteEvaluationStore, venue: String? = nil
    )
        async throws
    {
        try await store.createInvitations(
            InvitationBatch(
                id: UUID().uuidString.lowercased(), evaluationId: evaluation.id, venue: venue, raterGroup: nil,
                codeHashes: hashes, createdAt: Date()), actor: "organizer")
    }

    @Test func oneCodeGivesExactlyOneResponseHoweverManyRace() async throws {
        let (store, evaluation, _) = try await Self.invitationEvaluation(anonymous: true)
        try await Self.addCodes(["code-1"], to: evaluation, store: store)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do {
                        let outcome = try await store.submit(
                            StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date(),
                            code: PresentedCode(codeHash: "code-1"))
                        if case .created = outcome { return "created" }
                        return "replayed"
                    } catch DomainError.conflict(_, let code) {
                        return code
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(outcomes == ["created": 1, "code_used": 49])
        #expect(try await store.responses(evaluationId: evaluation.id).count == 1)
        #expect(try await store.invitationCounts(evaluationId: evaluation.id).map(\.used) == [1])
    }

    @Test func withdrawnCodesStopWorkingAndUsedOnesStayUsed() async throws {
        let (store, evaluation, _) = try await Self.invitationEvaluation(anonymous: true)
        try await store.createInvitations(
            InvitationBatch(
                id: "batch-1", evaluationId: evaluation.id, venue: nil, raterGroup: nil,
                codeHashes: ["a", "b", "c"], createdAt: Date()), actor: "organizer")
        let spent = try await store.submit(
            StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date(),
            code: PresentedCode(codeHash: "a"))
        #expect(
            try await store.withdrawInvitations(evaluationId: evaluation.id, batch: "batch-1", actor: "o", at: Date())
                == 2)
        #expect(
            try await store.withdrawInvitations(evaluationId: evaluation.id, batch: "batch-1", actor: "o", at: Date())
                == 0)
        let counts = try #require(try await store.invitationCounts(evaluationId: evaluation.id).first)
        #expect((counts.codes, counts.used, counts.withdrawn) == (3, 1, 2))
        #expect(try await store.invitation(codeHash: "b", evaluationId: evaluation.id)?.withdrawn == true)
        #expect(try await store.invitation(codeHash: "a", evaluationId: evaluation.id)?.withdrawn == false)
        let refused = await conflictCode {
            _ = try await store.submit(
                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date(),
                code: PresentedCode(codeHash: "b"))
        }
        #expect(refused == "code_withdrawn")
        #expect(try await store.responses(evaluationId: evaluation.id) == [spent.response])
        await #expect(throws: DomainError.self) {
            _ = try await store.withdrawInvitations(evaluationId: evaluation.id, batch: "nope", actor: "o", at: Date())
        }
        #expect(try await store.auditEvents(entityId: evaluation.id).map(\.action).contains("invitations.withdrawn"))
    }

    @Test func aRetryOfTheStoredResponseStillGetsItsReceipt() async throws {
        let (store, evaluation, _) = try await Self.invitationEvaluation(anonymous: true)
        try await Self.addCodes(["code-1"], to: evaluation, store: store)
        let submission = StoreSamples.submission()
        let code = PresentedCode(codeHash: "code-1")
        let first = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: Date(), code: code)
        let again = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: Date(), code: code)
        #expect(again == .replayed(first.response))
    }

    @Test func missingAndUnknownCodesAreRefusedAndStoreNothing() async throws {
        let (store, evaluation, _) = try await Self.invitationEvaluation(anonymous: true)
        try await Self.addCodes(["code-1"], to: evaluation, store: store)
        for code in [nil, PresentedCode(codeHash: "nope")] {
            await #expect(throws: DomainError.self) {
                _ = try await store.submit(
                    StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date(), code: code)
            }
        }
        #expect(try await store.responses(evaluationId: evaluation.id).isEmpty)
        #expect(try await store.invitationCounts(evaluationId: evaluation.id).map(\.used) == [0])
    }

    @Test(arguments: [true, false])
    func whatTheInvitationTableHoldsInEachMode(anonymous: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("codes.sqlite")
            let store = try openFileStore(at: file)
            _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
            var evaluation = StoreSamples.evaluation()
            evaluation.access = .invitation
            evaluation.anonymous = anonymous
            try await store.createEvaluation(evaluation, actor: "organizer")
            _ = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: Date())
            try await Self.addCodes(["hash-a", "hash-b"], to: evaluation, store: store, venue: "hefei")
            let stored = try await store.submit(
                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: Date(),
                code: PresentedCode(codeHash: "hash-a")
            ).response
            let rows = try await openRawDatabase(at: file).read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM invitation ORDER BY codeHash")
            }
            #expect(rows.map { $0["used"] as Bool } == [true, false])
            if anonymous {
                #expect(rows.allSatisfy { $0["usedAt"] as String? == nil && $0["responseId"] as String? == nil })
            } else {
                #expect(rows[0]["responseId"] as String? == stored.id)
                #expect(rows[0]["usedAt"] as String? == Timestamp.format(stored.receivedAt))
            }
            // A used code never becomes unused, and codes are never deleted.
            for tampering in ["UPDATE invitation SET used = 0", "DELETE FROM invitation"] {
                await #expect(throws: DatabaseError.self) {
                    try await openRawDatabase(at: file).write { try $0.execute(sql: tampering) }
                }
            }
        }
    }
}
