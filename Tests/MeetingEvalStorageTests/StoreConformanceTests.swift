import Foundation
import GRDB
import Logging
import MeetingEvalCore
import MeetingEvalPostgres
import MeetingEvalStorage
import Testing

/// A store the conformance suite runs against: made fresh for each test, with a way to issue
/// raw statements past the store (to prove the database itself refuses changes).
struct StoreKind: Sendable, CustomTestStringConvertible {
    var name: String
    /// Opens a store on the test's database (a second call opens a second store on the same
    /// database, as another process or server would).
    var open: @Sendable (URL) async throws -> any EvaluationStore
    /// Runs one statement on the database directly, past the store.
    var executeRaw: @Sendable (URL, String) async throws -> Void
    /// Removes what the test made outside its folder.
    var cleanUp: @Sendable (URL) async -> Void = { _ in }

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

    /// A database of its own on the PostgreSQL server that `MEETING_EVAL_TEST_POSTGRES` names.
    static let postgres = StoreKind(
        name: "PostgreSQL",
        open: { folder in
            // Many tests open their databases at once on two cores: a start may wait longer
            // than a server's would.
            try await PostgresEvaluationStore.open(
                try PostgresTestServer.database(for: folder), logger: Logger(label: "meeting-eval.tests"),
                startTimeout: PostgresTestServer.startTimeout)
        },
        executeRaw: { folder, sql in
            try PostgresTestServer.psql(sql, database: try PostgresTestServer.database(for: folder).database)
        },
        cleanUp: { folder in PostgresTestServer.drop(folder: folder) })

    /// Every store; a new one adds itself here and must pass the whole suite. PostgreSQL joins
    /// when a test server is given (`scripts/test` starts one).
    static let all: [StoreKind] = PostgresTestServer.available ? [.sqlite, .postgres] : [.sqlite]

    func withStore<T>(_ body: (any EvaluationStore, URL) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { folder in
            do {
                let result = try await body(try await open(folder), folder)
                await cleanUp(folder)
                return result
            } catch {
                await cleanUp(folder)
                throw error
            }
        }
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

    @Test("report settings, venues' expected respondents and the opinion are stored, the opinion audited", arguments: StoreKind.all)
    func reportSettingsAndOpinion(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
            var evaluation = StoreSamples.evaluation()
            evaluation.report = ReportSettings(client: "省人民政府办公厅", assessor: "第三方评估中心", reportNumber: "PG-2026-017")
            evaluation.venues[0].expected = 120
            try await store.createEvaluation(evaluation, actor: "organizer")
            #expect(try await store.evaluation(id: evaluation.id) == evaluation)
            let opinion = try await Self.writeOpinions(store, evaluation: evaluation)
            // Read back by another store on the same database, as another server would.
            let other = try await kind.open(folder)
            #expect(try await other.evaluation(id: evaluation.id)?.opinion == opinion)
            #expect(try await other.evaluation(id: evaluation.id)?.report == evaluation.report)
            let events = try await store.auditLog(entityId: evaluation.id, before: nil, limit: 10)
                .filter { $0.action == "evaluation.opinion" }
            #expect(events.count == 1)
            #expect(events.first?.actor == "eva")
            #expect(events.first?.detail?.contains("建议提前发送材料") == true)
            // Opening keeps the opinion.
            let opened = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            #expect(opened.opinion == opinion)
        }
    }

    @Test("a pinned standard, the combined index and the meeting facts are stored, the facts audited", arguments: StoreKind.all)
    func meetingFacts(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
            let standardJSON = """
                {"kind": "standard", "id": "local", "version": 2, "title": {"zh": "本地规范"}, "source": {"citation": "某规定"},
                 "rules": [{"id": "length", "title": "不超过90分钟", "measure": "duration", "max": 90, "deduct": 5, "per": 10}]}
                """
            let standard = try #require(MeetingStandard.read(try DocumentNode.parseJSON(Data(standardJSON.utf8))).standard)
            var evaluation = StoreSamples.evaluation()
            evaluation.standard = standard
            evaluation.scoreIndex = ScoreIndex(survey: 0.6, facts: 0.4)
            try await store.createEvaluation(evaluation, actor: "organizer")
            #expect(try await store.evaluation(id: evaluation.id) == evaluation)
            let body = try DocumentNode.parseJSON(
                Data(
                    #"{"actualStart": "2026-11-20T09:00:00+08:00", "actualEnd": "2026-11-20T10:45:30+08:00", "attendance": [{"venue": "hefei", "expected": 40, "present": 38}], "speeches": [{"speaker": "主持人", "role": "chair", "minutes": 7.5}], "cost": 12000.5}"#
                        .utf8))
            let recorded = try await Self.recordFacts(store, body: body, id: evaluation.id)
            #expect(recorded.facts?.speeches.first?.minutes == 7.5)
            // A bad body changes nothing; the same facts again write no second audit event.
            await #expect(throws: DomainError.self) {
                _ = try await Self.recordFacts(
                    store, body: try DocumentNode.parseJSON(Data(#"{"cost": -5}"#.utf8)), id: evaluation.id)
            }
            _ = try await Self.recordFacts(store, body: body, id: evaluation.id)
            // Read back by another store on the same database, as another server would.
            let other = try await kind.open(folder)
            let stored = try #require(try await other.evaluation(id: evaluation.id))
            #expect(stored.facts == recorded.facts)
            #expect(stored.standard == standard)
            #expect(stored.scoreIndex == ScoreIndex(survey: 0.6, facts: 0.4))
            let assessed = try #require(FactsService<SQLiteEvaluationStore>.assessment(of: stored, locale: "zh"))
            // 105.5 minutes: 15.5 over, two started steps of 10.
            #expect(assessed.checks.map(\.deducted) == [10])
            #expect(assessed.score == 90)
            let events = try await store.auditLog(entityId: evaluation.id, before: nil, limit: 10)
                .filter { $0.action == "evaluation.facts" }
            #expect(events.count == 1)
            #expect(events.first?.detail?.contains("12000.5") == true)
            // Closing keeps them.
            _ = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            let closed = try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            #expect(closed.facts == recorded.facts && closed.standard == standard)
        }
    }

    static func recordFacts(_ store: some EvaluationStore, body: DocumentNode, id: String) async throws -> Evaluation {
        try await FactsService(store: store).record(body, id: id, scope: .everything, actor: "eva", at: StoreSamples.t0)
    }

    /// Writes an opinion, the same text again and bad ones through the service; returns what is stored.
    static func writeOpinions(_ store: some EvaluationStore, evaluation: Evaluation) async throws -> EvaluationOpinion {
        let service = EvaluationService(store: store)
        let body = try DocumentNode.parseJSON(Data(#"{"text": "会议组织有序。\n建议提前发送材料。"}"#.utf8))
        let written = try await service.setOpinion(body, id: evaluation.id, scope: .everything, actor: "eva", at: StoreSamples.t0)
        let opinion = EvaluationOpinion(text: "会议组织有序。\n建议提前发送材料。", author: "eva", updatedAt: StoreSamples.t0)
        #expect(written.opinion == opinion)
        // The same text again writes nothing; a bad body changes nothing.
        _ = try await service.setOpinion(body, id: evaluation.id, scope: .everything, actor: "ada", at: StoreSamples.t0.addingTimeInterval(60))
        await #expect(throws: DomainError.self) {
            _ = try await service.setOpinion(
                try DocumentNode.parseJSON(Data(#"{"text": ""}"#.utf8)), id: evaluation.id, scope: .everything,
                actor: "ada")
        }
        await #expect(throws: DomainError.self) {
            _ = try await service.setOpinion(body, id: "no-such-evaluation", scope: .everything, actor: "ada")
        }
        #expect(try await store.evaluation(id: evaluation.id)?.opinion == opinion)
        return opinion
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
                // Refused by the database's own rule (a trigger), not for any other reason.
                let error = await #expect(throws: (any Error).self, "\(sql)") { try await kind.executeRaw(folder, sql) }
                let message = String(describing: error)
                #expect(
                    ["append-only", "immutable", "never deleted"].contains { message.contains($0) }, "\(sql): \(message)")
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
            #expect(
                all.map(\.action) == [
                    "evaluation.closed", "evaluation.opened", "evaluation.created", "questionnaire.created",
                ])
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

    @Test("responses stored together in one batch come back field for field, absent fields as absent", arguments: StoreKind.all)
    func batchRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await StoreSamples.populate(store, withVenues: false)
            // Every combination of present and absent optional fields, and text that needs care.
            var submissions: [ResponseSubmission] = []
            for index in 0..<48 {
                let text: String? = index % 4 == 0 ? "会场\"音响\"差 😀 \\ ,'; -- \(index)" : nil
                let startedAt: Date? = index % 5 == 0 ? nil : StoreSamples.t0 - Double(index)
                submissions.append(
                    StoreSamples.submission(
                        venue: index % 2 == 0 ? nil : "hefei", raterGroup: index % 3 == 0 ? nil : "attendees",
                        suggestion: text, startedAt: startedAt, locale: index % 7 == 0 ? nil : "zh"))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for submission in submissions {
                    group.addTask {
                        let outcome = try await store.submit(
                            submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 1)
                        guard case .created = outcome else { throw NotCreated(outcome: outcome) }
                    }
                }
                try await group.waitForAll()
            }
            let stored = Dictionary(
                uniqueKeysWithValues: try await store.responses(evaluationId: evaluation.id).map { ($0.id, $0) })
            #expect(stored.count == submissions.count)
            for submission in submissions {
                let response = stored[submission.id]
                #expect(response?.venue == submission.venue)
                #expect(response?.raterGroup == submission.raterGroup)
                #expect(response?.startedAt == submission.startedAt)
                #expect(response?.locale == submission.locale)
                #expect(response?.answersJSON == ResponseRecord(submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0).answers)
            }
        }
    }

    struct NotCreated: Error { var outcome: SubmissionOutcome }

    @Test("acceptance is decided inside the storing transaction, also after another server closed the evaluation", arguments: StoreKind.all)
    func acceptanceInsideTheTransaction(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            let evaluation = try await StoreSamples.populate(store)
            _ = try await store.evaluation(slug: evaluation.slug)
            _ = try await store.submit(StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            // A second server on the same database closes it; this one still holds it as open.
            let other = try await kind.open(folder)
            _ = try await other.setStatus(.closed, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0 + 5)
            let code = await conflictCode {
                _ = try await store.submit(
                    StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 6)
            }
            #expect(code == "closed")
            #expect(try await store.counts(evaluationId: evaluation.id).responses == 1)
        }
    }

    @Test(
        "the writer decides on the stored state, also when another program changed it, and a stored id stays a replay",
        arguments: StoreKind.all)
    func writerDecidesOnTheStoredState(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            let evaluation = try await StoreSamples.populate(store)
            func submit(_ submission: ResponseSubmission, at offset: TimeInterval) async throws -> SubmissionOutcome {
                try await store.submit(submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + offset)
            }
            let first = StoreSamples.submission()
            guard case .created(let receipt) = try await submit(first, at: 1),
                case .created = try await submit(StoreSamples.submission(), at: 2)
            else {
                Issue.record("the first two submissions were not created")
                return
            }
            // The first id again, after the writer has read the evaluation: the same content is a
            // replay answered with the first receipt, other content a conflict.
            guard case .replayed(let again) = try await submit(first, at: 3) else {
                Issue.record("the same submission again was not a replay")
                return
            }
            #expect(again == receipt)
            let other = await conflictCode { _ = try await submit(StoreSamples.submission(id: first.id, sound: 1), at: 4) }
            #expect(other == "conflict")
            #expect(try await store.responses(evaluationId: evaluation.id).count == 2)
            // Closed by another program's UPDATE, which no notification or cache of the store
            // hears of: the next submission is refused; opened the same way, it is accepted.
            let closedAt = Timestamp.format(StoreSamples.t0 + 5)
            try await kind.executeRaw(
                folder, "UPDATE evaluation SET status = 'closed', closedAt = '\(closedAt)' WHERE id = '\(evaluation.id)'")
            let closed = await conflictCode { _ = try await submit(StoreSamples.submission(), at: 6) }
            #expect(closed == "closed")
            try await kind.executeRaw(
                folder, "UPDATE evaluation SET status = 'open', closedAt = NULL WHERE id = '\(evaluation.id)'")
            guard case .created = try await submit(StoreSamples.submission(), at: 7) else {
                Issue.record("a submission to the evaluation opened again was not created")
                return
            }
            #expect(try await store.responses(evaluationId: evaluation.id).count == 3)
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

@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("where the PostgreSQL tests are required (scripts/test), a test server is there")
    func requiredServer() {
        if ProcessInfo.processInfo.environment["MEETING_EVAL_REQUIRE_POSTGRES"] == "1" {
            #expect(PostgresTestServer.available, "MEETING_EVAL_REQUIRE_POSTGRES=1 but MEETING_EVAL_TEST_POSTGRES is not set")
        }
    }

    @Test(
        "servers starting at once on an empty database migrate it once",
        .enabled(
            if: PostgresTestServer.available,
            "no PostgreSQL test server: set MEETING_EVAL_TEST_POSTGRES to a URL whose user may create databases (scripts/test starts a throwaway cluster and sets it)"
        ))
    func concurrentMigration() async throws {
        try await withTemporaryDirectory { folder in
            let location = try PostgresTestServer.database(for: folder)
            let stores = try await withThrowingTaskGroup(of: PostgresEvaluationStore.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresEvaluationStore.open(
                            location, logger: Logger(label: "test"), startTimeout: PostgresTestServer.startTimeout)
                    }
                }
                var all: [PostgresEvaluationStore] = []
                for try await store in group { all.append(store) }
                return all
            }
            let evaluation = try await StoreSamples.populate(stores[0])
            for store in stores { #expect(try await store.evaluation(id: evaluation.id)?.slug == evaluation.slug) }
            for store in stores { store.close() }
            PostgresTestServer.drop(folder: folder)
        }
    }

    @Test(
        "a change on one server reaches the other's cached evaluation, and its writer decides on the stored state",
        .enabled(if: PostgresTestServer.available, "no PostgreSQL test server"))
    func changesReachTheOtherServer() async throws {
        try await StoreKind.postgres.withStore { a, folder in
            let b = try await StoreKind.postgres.open(folder)
            let evaluation = try await StoreSamples.populate(a, status: .draft)
            // B has read (and may keep) the draft; A opens it.
            #expect(try await b.evaluation(slug: evaluation.slug)?.status == .draft)
            _ = try await a.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
            // B's writer decides on the stored state at once, whatever B has cached.
            let created = try await b.submit(
                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 1)
            guard case .created = created else { Issue.record("not created: \(created)"); return }
            // B's reads follow within the notification's delay.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(2)
            var seen = try await b.evaluation(slug: evaluation.slug)?.status
            while seen != .open && clock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
                seen = try await b.evaluation(slug: evaluation.slug)?.status
            }
            #expect(seen == .open)
            _ = try await a.setStatus(.closed, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0 + 2)
            let code = await conflictCode {
                _ = try await b.submit(
                    StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 3)
            }
            #expect(code == "closed")
        }
    }

    @Test(
        "a database that cannot be reached is StoreUnavailable, not a wait without end",
        .enabled(if: PostgresTestServer.available, "no PostgreSQL test server"))
    func unreachable() async throws {
        // A port nobody listens on: connecting is refused at once.
        let location = try PostgresLocation(url: "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
        await #expect(throws: StoreUnavailable.self) {
            _ = try await PostgresEvaluationStore.open(
                location, logger: Logger(label: "test"), startTimeout: .seconds(2))
        }
    }
}

@Suite("PostgreSQL locations")
struct PostgresLocationTests {
    @Test("URLs name the host, port, socket folder, user, password, database, TLS mode and pool size")
    func parsing() throws {
        let tcp = try PostgresLocation(url: "postgres://eval:s%40cret@db.example.org:6543/meetings?pool=24&sslmode=require")
        #expect(tcp.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(tcp.username == "eval" && tcp.password == "s@cret" && tcp.database == "meetings")
        #expect(tcp.poolSize == 24 && tcp.tls == .require)
        #expect(tcp.description == "postgres://eval@db.example.org:6543/meetings")
        let socket = try PostgresLocation(url: "postgresql://eval@/meetings?host=/var/run/postgresql")
        #expect(socket.endpoint == .socket(folder: "/var/run/postgresql", port: 5432))
        #expect(socket.poolSize == PostgresLocation.defaultPoolSize && socket.tls == .prefer)
        let encoded = try PostgresLocation(url: "postgres://eval@%2Ftmp%2Fpg:5433/meetings")
        #expect(encoded.endpoint == .socket(folder: "/tmp/pg", port: 5433))
        #expect(PostgresLocation.isPostgresURL("POSTGRES://x@y/z") && !PostgresLocation.isPostgresURL("data/x.sqlite"))
    }

    @Test(
        "a URL without user, host or database, or with a bad port, pool or sslmode, is refused with its reason",
        arguments: [
            ("postgres://db.example.org/meetings", "no user"),
            ("postgres://eval@db.example.org", "no database"),
            ("postgres://eval@/meetings", "no host"),
            ("postgres://eval@db.example.org:0/meetings", "port"),
            ("postgres://eval@db.example.org/meetings?pool=0", "pool"),
            ("postgres://eval@db.example.org/meetings?sslmode=maybe", "sslmode"),
            ("mysql://eval@db.example.org/meetings", "not a PostgreSQL URL"),
        ])
    func refused(url: String, reason: String) {
        #expect {
            _ = try PostgresLocation(url: url)
        } throws: { error in
            String(describing: error).contains(reason)
        }
    }
}
