import Foundation
import GRDB
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import Testing

/// A store the conformance suite runs against: made fresh for each test, with a way to issue
/// raw statements past the store (to prove the database itself refuses changes).
struct StoreKind: Sendable, CustomTestStringConvertible {
    var name: String
    /// Opens a second store on the same database (another process or server would).
    var open: @Sendable (URL) throws -> any EvaluationStore
    /// Runs one statement on the database directly, past the store.
    var executeRaw: @Sendable (URL, String) throws -> Void

    var testDescription: String { name }

    static let sqlite = StoreKind(
        name: "SQLite file",
        open: { folder in
            try SQLiteEvaluationStore(
                path: folder.appendingPathComponent("store.sqlite").path, logger: Logger(label: "meeting-eval.tests"))
        },
        executeRaw: { folder, sql in
            let queue = try DatabaseQueue(path: folder.appendingPathComponent("store.sqlite").path)
            try queue.write { try $0.execute(sql: sql) }
        })

    /// Every store; a new one adds itself here and must pass the whole suite.
    static let all: [StoreKind] = [.sqlite]

    func withStore<T>(_ body: (any EvaluationStore, URL) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { folder in try await body(try open(folder), folder) }
    }
}

@Suite("Store conformance: what every store must do")
struct StoreConformanceTests {
    @Test("a replay of the same id and content answers the first receipt; other content is a conflict", arguments: StoreKind.all)
    func replayAndConflict(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store)
            let first = StoreSamples.submission(sound: 4)
            let created = try await store.submit(first, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            guard case .created(let receipt) = created else { Issue.record("not created: \(created)"); return }
            let again = try await store.submit(first, evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 60)
            #expect(again == .replayed(receipt))
            var changed = first
            changed.answers["sound"] = .rating(2)
            let code = await conflictCode {
                _ = try await store.submit(changed, evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 61)
            }
            #expect(code == "conflict")
            #expect(try await store.responses(evaluationId: evaluation.id).count == 1)
        }
    }

    @Test("an evaluation comes back with every setting, shared devices included, across a state change", arguments: StoreKind.all)
    func evaluationSettingsRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
            for shared in [true, false] {
                var evaluation = StoreSamples.evaluation()
                evaluation.sharedDevices = shared
                try await store.createEvaluation(evaluation, actor: "organizer")
                #expect(try await store.evaluation(id: evaluation.id) == evaluation)
                let opened = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
                #expect(opened.sharedDevices == shared)
                #expect(try await store.evaluation(id: evaluation.id)?.sharedDevices == shared)
            }
        }
    }

    @Test("stored rows are append-only: the database itself refuses updates and deletes", arguments: StoreKind.all)
    func appendOnly(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            let evaluation = try await StoreSamples.populate(store)
            let submission = StoreSamples.submission()
            _ = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            _ = try await store.exclude(
                responseId: submission.id, evaluationId: evaluation.id, reason: "test", actor: "evaluator",
                at: StoreSamples.t0)
            for sql in [
                "UPDATE response SET venue = 'wuhu'", "DELETE FROM response",
                "UPDATE responseExclusion SET reason = 'other'", "DELETE FROM responseExclusion",
                "UPDATE auditEvent SET actor = 'someone'", "DELETE FROM auditEvent",
                "UPDATE questionnaireVersion SET source = 'x'", "DELETE FROM questionnaireVersion",
            ] {
                #expect(throws: (any Error).self, "\(sql)") { try kind.executeRaw(folder, sql) }
            }
            let stored = try await store.responses(evaluationId: evaluation.id)
            #expect(stored.map(\.venue) == ["hefei"])
            #expect(try await store.manualExclusions(evaluationId: evaluation.id).map(\.reason) == ["test"])
        }
    }

    @Test("one invitation code gives one response under 50 concurrent submissions", arguments: StoreKind.all)
    func singleUseCodes(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
            var draft = StoreSamples.evaluation()
            draft.access = .invitation
            let evaluation = draft
            try await store.createEvaluation(evaluation, actor: "organizer")
            _ = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            let code = InvitationCode.random()
            let hash = Secrets.sha256(InvitationCode.normalize(code)!)
            try await store.createInvitations(
                InvitationBatch(
                    id: UUID().uuidString.lowercased(), evaluationId: evaluation.id, venue: nil, raterGroup: nil,
                    codeHashes: [hash], createdAt: StoreSamples.t0), actor: "organizer")
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        do {
                            let result = try await store.submit(
                                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 1,
                                code: PresentedCode(codeHash: hash))
                            if case .created = result { return "created" }
                            return "replayed"
                        } catch DomainError.conflict(_, let code) {
                            return code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "created" }.count == 1)
            #expect(outcomes.filter { $0 == "code_used" }.count == 49)
            #expect(try await store.responses(evaluationId: evaluation.id).count == 1)
            #expect(try await store.invitation(codeHash: hash, evaluationId: evaluation.id)?.used == true)
        }
    }

    @Test("exclusions, re-inclusions and their history come from the exclusion events", arguments: StoreKind.all)
    func exclusionsAndHistory(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store)
            let submission = StoreSamples.submission()
            _ = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            let id = submission.id
            _ = try await store.exclude(
                responseId: id, evaluationId: evaluation.id, reason: "同一人重复提交", actor: "ev",
                at: StoreSamples.t0 + 1)
            let twice = await conflictCode {
                _ = try await store.exclude(
                    responseId: id, evaluationId: evaluation.id, reason: "again", actor: "ev", at: StoreSamples.t0 + 2)
            }
            #expect(twice == "already_excluded")
            try await store.include(
                responseId: id, evaluationId: evaluation.id, reason: "核实无误", actor: "ev2", at: StoreSamples.t0 + 3)
            let notExcluded = await conflictCode {
                try await store.include(
                    responseId: id, evaluationId: evaluation.id, reason: "", actor: "ev", at: StoreSamples.t0 + 4)
            }
            #expect(notExcluded == "not_excluded")
            await #expect(throws: DomainError.notFound("Unknown response.")) {
                _ = try await store.exclude(
                    responseId: UUID().uuidString.lowercased(), evaluationId: evaluation.id, reason: "x", actor: "ev",
                    at: StoreSamples.t0 + 5)
            }
            #expect(try await store.manualExclusions(evaluationId: evaluation.id).isEmpty)
            let history = try await store.exclusionEvents(evaluationId: evaluation.id)
            #expect(history.map(\.action) == [.excluded, .included])
            #expect(history.map(\.reason) == ["同一人重复提交", "核实无误"])
            #expect(history.map(\.actor) == ["ev", "ev2"])
            let audited = try await store.auditEvents(entityId: evaluation.id).map(\.action)
            #expect(audited.filter { $0.hasPrefix("response.") } == ["response.excluded", "response.included"])
        }
    }

    @Test("pages of responses follow receipt order without gaps or repeats", arguments: StoreKind.all)
    func paging(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store)
            var ids: [String] = []
            for index in 0..<25 {
                let submission = StoreSamples.submission()
                ids.append(submission.id)
                _ = try await store.submit(
                    submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + Double(index / 3))
            }
            var seen: [String] = []
            var position: ResponsePosition?
            while true {
                let page = try await store.responsePage(evaluationId: evaluation.id, after: position, limit: 7)
                guard let last = page.last else { break }
                seen += page.map(\.id)
                position = ResponsePosition(after: last)
            }
            let expected = try await store.responses(evaluationId: evaluation.id).map(\.id)
            #expect(seen == expected)
            #expect(Set(seen) == Set(ids))
            let cursorIds = try await store.withResponses(evaluationId: evaluation.id) { cursor in
                var all: [String] = []
                while let response = try cursor.next() { all.append(response.id) }
                return all
            }
            #expect(cursorIds == expected)
        }
    }

    @Test("the audit log pages newest first and records who did what", arguments: StoreKind.all)
    func auditLog(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store, status: .closed)
            let all = try await store.auditLog(entityId: nil, before: nil, limit: 100)
            #expect(all.map(\.action) == ["evaluation.closed", "evaluation.opened", "evaluation.created", "questionnaire.created"])
            let firstPage = try await store.auditLog(entityId: evaluation.id, before: nil, limit: 2)
            #expect(firstPage.map(\.action) == ["evaluation.closed", "evaluation.opened"])
            let next = try await store.auditLog(entityId: evaluation.id, before: firstPage.last?.id, limit: 2)
            #expect(next.map(\.action) == ["evaluation.created"])
            #expect(next.first?.actor == "organizer")
        }
    }

    @Test("concurrent submissions share batches and each is decided alone", arguments: StoreKind.all)
    func concurrentBatches(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store)
            let repeated = StoreSamples.submission()
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        // Every tenth sends the same response again; one sends a response of a venue
                        // that fails nothing in the store but arrives with another id each time.
                        let submission = index % 10 == 0 ? repeated : StoreSamples.submission()
                        let outcome = try await store.submit(
                            submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 1)
                        if case .created = outcome { return "created" }
                        return "replayed"
                    }
                }
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "created" }.count == 271)
            #expect(outcomes.filter { $0 == "replayed" }.count == 29)
            #expect(try await store.counts(evaluationId: evaluation.id).responses == 271)
        }
    }

    @Test("acceptance is decided inside the storing transaction, also after another server closed the evaluation", arguments: StoreKind.all)
    func acceptanceInsideTheTransaction(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            let evaluation = try await StoreSamples.populate(store)
            _ = try await store.evaluation(slug: evaluation.slug)
            _ = try await store.submit(StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            // A second server on the same database closes it; this one still holds it as open.
            let other = try kind.open(folder)
            _ = try await other.setStatus(.closed, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0 + 5)
            let code = await conflictCode {
                _ = try await store.submit(
                    StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 6)
            }
            #expect(code == "closed")
            #expect(try await store.counts(evaluationId: evaluation.id).responses == 1)
        }
    }

    @Test("the life cycle goes draft → open → closed and never back", arguments: StoreKind.all)
    func lifeCycle(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store, status: .draft)
            let closeDraft = await conflictCode {
                _ = try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "o", at: StoreSamples.t0)
            }
            #expect(closeDraft == "wrong_state")
            let opened = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "o", at: StoreSamples.t0)
            #expect(opened.status == .open && opened.openedAt == StoreSamples.t0)
            let closed = try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "o", at: StoreSamples.t0 + 9)
            #expect(closed.status == .closed && closed.closedAt == StoreSamples.t0 + 9)
            let reopen = await conflictCode {
                _ = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "o", at: StoreSamples.t0)
            }
            #expect(reopen == "wrong_state")
            #expect(try await store.evaluation(id: evaluation.id)?.status == .closed)
        }
    }
}
