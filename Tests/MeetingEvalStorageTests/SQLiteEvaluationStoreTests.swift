import Foundation
import GRDB
import MeetingEvalCore
import MeetingEvalStorage
import Testing

@Suite("SQLite store: questionnaires")
struct QuestionnaireStorageTests {
    @Test("the first save creates version 1, which reads back equal")
    func firstSave() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        let questionnaire = StoreSamples.questionnaire()
        let saved = try await store.save(questionnaire, source: "Surveys/sample.yaml", actor: "startup")
        #expect(saved.fields == SavedFields(id: "sample", version: 1, created: true, requestedVersion: 1))
        let latest = try #require(try await store.latestQuestionnaire(id: "sample"))
        #expect(latest.questionnaire == questionnaire)
        #expect(latest.source == "Surveys/sample.yaml")
        #expect(latest.digest.count == 64 && latest.digest.allSatisfy(\.isHexDigit))
        #expect(abs(latest.createdAt.timeIntervalSinceNow) < 60)
        let one = try #require(try await store.questionnaire(id: "sample", version: 1))
        #expect(one.questionnaire == questionnaire)
        #expect(one.digest == latest.digest)
    }

    @Test("saving identical content again keeps the version and creates nothing")
    func identicalSave() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        let first = try await store.save(StoreSamples.questionnaire(), source: "a.yaml", actor: "startup")
        let again = try await store.save(StoreSamples.questionnaire(), source: "b.yaml", actor: "startup")
        #expect(first.created)
        #expect(again.fields == SavedFields(id: "sample", version: 1, created: false, requestedVersion: 1))
        #expect(try await store.questionnaireSummaries().map(\.versions) == [[1]])
        #expect(try await store.latestQuestionnaire(id: "sample")?.source == "a.yaml")
        #expect(try await store.auditEvents(entityId: "sample@1").map(\.action) == ["questionnaire.created"])
    }

    @Test("changed content under the same version number becomes the next version")
    func changedContent() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        _ = try await store.save(StoreSamples.questionnaire(), source: "v1", actor: "startup")
        let changed = StoreSamples.questionnaire(title: "改过的标题")
        let saved = try await store.save(changed, source: "v2", actor: "startup")
        #expect(saved.fields == SavedFields(id: "sample", version: 2, created: true, requestedVersion: 1))

        var expected = changed
        expected.version = 2
        #expect(try await store.latestQuestionnaire(id: "sample")?.questionnaire == expected)
        #expect(try await store.questionnaire(id: "sample", version: 2)?.questionnaire == expected)
        #expect(try await store.questionnaire(id: "sample", version: 1)?.questionnaire == StoreSamples.questionnaire())

        // The old content again is recognized as version 1.
        let old = try await store.save(StoreSamples.questionnaire(version: 2), source: "v1 again", actor: "startup")
        #expect(old.fields == SavedFields(id: "sample", version: 1, created: false, requestedVersion: 2))
        #expect(try await store.questionnaireSummaries().first?.versions == [1, 2])
    }

    @Test("the same content written differently is recognized as the stored version")
    func sameContentOtherForm() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        _ = try await store.save(StoreSamples.questionnaire(), source: "model", actor: "a")
        // Other key order, defaults written out, a different version number.
        let json = """
            {"version": 3, "locales": ["zh", "en"], "id": "sample", "meetingType": "teleconference",
             "title": {"en": "Sample evaluation", "zh": "样例评估"},
             "dimensions": [
               {"weight": 1, "id": "quality", "title": {"zh": "本会场效果", "en": "Quality"}, "questions": [
                 {"type": "rating", "id": "sound", "text": "声音", "required": true, "weight": 1,
                  "allowNotApplicable": false, "scale": {"max": 5, "min": 1, "labels": {"5": "很好", "1": "很差"}}},
                 {"id": "signal", "type": "single", "text": "信号", "options": [
                   {"id": "stable", "text": "稳定", "score": 100}, {"id": "unstable", "text": "不稳定", "score": 20},
                   {"id": "unsure", "text": "不清楚", "notApplicable": true}]}]},
               {"id": "remarks", "title": "意见建议", "questions": [
                 {"id": "suggestion", "type": "text", "text": "建议", "maxLength": 500, "required": false}]}],
             "grades": [{"min": 90, "label": {"zh": "优秀", "en": "Excellent"}}, {"min": 80, "label": {"zh": "良好", "en": "Good"}},
                        {"min": 60, "label": {"zh": "合格", "en": "Fair"}}, {"min": 0, "label": {"zh": "较差", "en": "Poor"}}]}
            """
        let result = QuestionnaireReader.read(try DocumentNode.parseJSON(Data(json.utf8)))
        #expect(result.issues.isEmpty)
        let rewritten = try #require(result.questionnaire)
        let saved = try await store.save(rewritten, source: "json", actor: "a")
        #expect(saved.fields == SavedFields(id: "sample", version: 1, created: false, requestedVersion: 3))
    }

    @Test("the version asked for is kept when it is free, else the next free one is used")
    func requestedVersions() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        let five = try await store.save(StoreSamples.questionnaire(version: 5), source: "s", actor: "a")
        #expect(five.fields == SavedFields(id: "sample", version: 5, created: true, requestedVersion: 5))
        let three = try await store.save(StoreSamples.questionnaire(version: 3, title: "第二版"), source: "s", actor: "a")
        #expect(three.fields == SavedFields(id: "sample", version: 6, created: true, requestedVersion: 3))
        let nine = try await store.save(StoreSamples.questionnaire(version: 9, title: "第三版"), source: "s", actor: "a")
        #expect(nine.fields == SavedFields(id: "sample", version: 9, created: true, requestedVersion: 9))
        #expect(try await store.questionnaireSummaries().first?.versions == [5, 6, 9])
        #expect(try await store.latestQuestionnaire(id: "sample")?.questionnaire.version == 9)
        #expect(try await store.questionnaire(id: "sample", version: 1) == nil)
    }

    @Test("summaries list every questionnaire with its versions")
    func summaries() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        #expect(try await store.questionnaireSummaries().isEmpty)
        _ = try await store.save(StoreSamples.questionnaire(id: "teleconference"), source: "s", actor: "a")
        _ = try await store.save(
            StoreSamples.questionnaire(id: "teleconference", title: "第二版"), source: "s", actor: "a")
        _ = try await store.save(StoreSamples.questionnaire(id: "plenary-session"), source: "s", actor: "a")
        let summaries = try await store.questionnaireSummaries()
        #expect(summaries.map(\.id) == ["plenary-session", "teleconference"])
        #expect(summaries.map(\.versions) == [[1], [1, 2]])
        #expect(summaries.map(\.latestVersion) == [1, 2])
        #expect(summaries[1].title == .localized(["zh": "第二版", "en": "Sample evaluation"]))
        #expect(summaries[1].meetingType == .teleconference)
        #expect(summaries[1].locales == ["zh", "en"])
    }

    @Test("a stored definition that no longer reads is reported as corrupt")
    func corruptDefinition() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("corrupt.sqlite")
            let store = try openFileStore(at: file)
            _ = try await store.save(StoreSamples.questionnaire(), source: "s", actor: "a")
            try await openRawDatabase(at: file).write { db in
                try db.execute(
                    sql: """
                        INSERT INTO questionnaireVersion
                        (questionnaireId, version, definition, digest, contentDigest, source, createdAt)
                        VALUES ('sample', 2, '{"id": "sample"}', 'x', 'x', 'hand-written', '2026-11-20T00:00:00.000Z')
                        """)
            }
            await #expect(throws: StorageError.self) { _ = try await store.questionnaire(id: "sample", version: 2) }
            await #expect(throws: StorageError.self) { _ = try await store.latestQuestionnaire(id: "sample") }
            #expect(
                try await store.questionnaire(id: "sample", version: 1)?.questionnaire == StoreSamples.questionnaire())
        }
    }

    @Test("unknown questionnaires read as nil")
    func unknown() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        #expect(try await store.latestQuestionnaire(id: "nothing") == nil)
        #expect(try await store.questionnaire(id: "nothing", version: 1) == nil)
    }
}

@Suite("SQLite store: evaluations")
struct EvaluationStorageTests {
    @Test("an evaluation reads back equal by id, by slug and in the list")
    func createAndRead() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        _ = try await store.save(StoreSamples.questionnaire(), source: "s", actor: "a")
        let older = StoreSamples.evaluation(
            opensAt: StoreSamples.t0.addingTimeInterval(3_600), closesAt: StoreSamples.t0.addingTimeInterval(7_200))
        let newer = StoreSamples.evaluation(withVenues: false, createdAt: StoreSamples.t0.addingTimeInterval(60))
        try await store.createEvaluation(older, actor: "organizer")
        try await store.createEvaluation(newer, actor: "organizer")
        #expect(try await store.evaluation(id: older.id) == older)
        #expect(try await store.evaluation(slug: older.slug) == older)
        #expect(try await store.evaluation(id: newer.id) == newer)
        #expect(try await store.evaluations() == [newer, older])
        #expect(try await store.evaluation(id: "nothing") == nil)
        #expect(try await store.evaluation(slug: "nothing") == nil)
    }

    @Test("an evaluation must pin a stored questionnaire version")
    func pinsStoredVersion() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        _ = try await store.save(StoreSamples.questionnaire(), source: "s", actor: "a")
        let missing = StoreSamples.evaluation(questionnaire: StoreSamples.questionnaire(version: 2))
        await #expect(throws: (any Error).self) { try await store.createEvaluation(missing, actor: "organizer") }
        #expect(try await store.evaluations().isEmpty)
        #expect(try await store.auditEvents(entityId: missing.id).isEmpty)
    }

    @Test("ids and slugs are unique")
    func uniqueIdsAndSlugs() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        _ = try await store.save(StoreSamples.questionnaire(), source: "s", actor: "a")
        let evaluation = StoreSamples.evaluation()
        try await store.createEvaluation(evaluation, actor: "organizer")
        await #expect(throws: (any Error).self) { try await store.createEvaluation(evaluation, actor: "organizer") }
        var sameSlug = StoreSamples.evaluation()
        sameSlug.slug = evaluation.slug
        await #expect(throws: (any Error).self) { try await store.createEvaluation(sameSlug, actor: "organizer") }
        #expect(try await store.evaluations() == [evaluation])
    }

    @Test("status goes draft → open → closed, with an audit event for each step")
    func transitions() async throws {
        let (store, _) = try await StoreSamples.storeWithEvaluation(status: .draft)
        let evaluation = try #require(try await store.evaluations().first)
        let openedAt = StoreSamples.t0.addingTimeInterval(100)
        let closedAt = StoreSamples.t0.addingTimeInterval(200)

        let opened = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: openedAt)
        #expect(opened.status == .open)
        #expect(opened.openedAt == openedAt)
        #expect(opened.closedAt == nil)
        #expect(try await store.evaluation(id: evaluation.id) == opened)

        // Opening an open evaluation changes nothing.
        let again = try await store.setStatus(
            .open, evaluationId: evaluation.id, actor: "organizer", at: openedAt.addingTimeInterval(50))
        #expect(again == opened)

        let closed = try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "chair", at: closedAt)
        #expect(closed.status == .closed)
        #expect(closed.openedAt == openedAt)
        #expect(closed.closedAt == closedAt)
        #expect(try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "chair", at: closedAt) == closed)

        let events = try await store.auditEvents(entityId: evaluation.id)
        #expect(events.map(\.action) == ["evaluation.created", "evaluation.opened", "evaluation.closed"])
        #expect(events.map(\.actor) == ["organizer", "organizer", "chair"])
        #expect(events.map(\.entityType) == ["evaluation", "evaluation", "evaluation"])
        #expect(events.map(\.at) == [StoreSamples.t0, openedAt, closedAt])
        #expect(events[0].detail == #"{"questionnaire":"sample@1"}"#)
        #expect(events[1].detail == #"{"from":"draft","to":"open"}"#)
        #expect(events[2].detail == #"{"from":"open","to":"closed"}"#)
        #expect(events.allSatisfy { $0.id != nil })
    }

    @Test("a draft cannot be closed and a closed evaluation cannot reopen")
    func forbiddenTransitions() async throws {
        let (store, draft) = try await StoreSamples.storeWithEvaluation(status: .draft)
        #expect(
            await conflictCode {
                _ = try await store.setStatus(.closed, evaluationId: draft.id, actor: "o", at: StoreSamples.t0)
            } == "wrong_state")
        #expect(try await store.evaluation(id: draft.id)?.status == .draft)

        _ = try await store.setStatus(.open, evaluationId: draft.id, actor: "o", at: StoreSamples.t0)
        _ = try await store.setStatus(.closed, evaluationId: draft.id, actor: "o", at: StoreSamples.t0)
        #expect(
            await conflictCode {
                _ = try await store.setStatus(.open, evaluationId: draft.id, actor: "o", at: StoreSamples.t0)
            } == "wrong_state")
        #expect(
            await conflictCode {
                _ = try await store.setStatus(.draft, evaluationId: draft.id, actor: "o", at: StoreSamples.t0)
            } == "wrong_state")
        #expect(try await store.evaluation(id: draft.id)?.status == .closed)
        // Refused transitions leave no trace in the audit log.
        #expect(try await store.auditEvents(entityId: draft.id).count == 3)
    }

    @Test("an unknown evaluation cannot change status")
    func unknownStatusChange() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        await #expect(throws: DomainError.notFound("Unknown evaluation.")) {
            _ = try await store.setStatus(.open, evaluationId: "nothing", actor: "o", at: StoreSamples.t0)
        }
    }

    @Test("the audit log keeps questionnaire and evaluation events in order")
    func auditLog() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation(status: .closed)
        let events = try await store.auditEvents(entityId: nil)
        #expect(
            events.map(\.action) == [
                "questionnaire.created", "evaluation.created", "evaluation.opened", "evaluation.closed",
            ])
        #expect(events[0].entityId == "sample@1")
        #expect(events[0].entityType == "questionnaire")
        #expect(events[0].detail == #"{"source":"test"}"#)
        #expect(events.dropFirst().allSatisfy { $0.entityId == evaluation.id })
        let ids = events.compactMap(\.id)
        #expect(ids == ids.sorted() && ids.count == 4)
    }

    @Test("the health check reads and writes")
    func health() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        try await store.checkHealth()
        try await store.checkHealth()
    }
}

@Suite("SQLite store: responses")
struct ResponseStorageTests {
    @Test("a submission is stored once and read back")
    func created() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        let submission = StoreSamples.submission(suggestion: "材料请提前两天发送")
        let receivedAt = StoreSamples.t0.addingTimeInterval(30)
        let outcome = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: receivedAt)
        guard case .created(let stored) = outcome else {
            Issue.record("expected created, got \(outcome)")
            return
        }
        #expect(stored.id == submission.id)
        #expect(stored.evaluationId == evaluation.id)
        #expect(stored.venue == "hefei")
        #expect(stored.raterGroup == "attendees")
        #expect(stored.answersJSON == #"{"signal":"stable","sound":4,"suggestion":"材料请提前两天发送"}"#)
        #expect(stored.startedAt == StoreSamples.t0)
        #expect(stored.receivedAt == receivedAt)
        #expect(stored.locale == "zh")
        #expect(try await store.responses(evaluationId: evaluation.id) == [stored])
        #expect(try await store.responses(evaluationId: "other").isEmpty)
    }

    @Test("the same id with the same content is replayed with the first receipt")
    func replayed() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        let submission = StoreSamples.submission()
        let first = try await store.submit(
            submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0.addingTimeInterval(1))
        let second = try await store.submit(
            submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0.addingTimeInterval(9))
        guard case .created(let original) = first else {
            Issue.record("expected created, got \(first)")
            return
        }
        #expect(second == .replayed(original))
        #expect(try await store.responses(evaluationId: evaluation.id).count == 1)
    }

    @Test("a replay returns exactly what the first submission returned, at server-clock precision")
    func replayedAtClockPrecision() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        let submission = StoreSamples.submission()
        // What the server passes: the current time, with sub-millisecond digits.
        let receivedAt = Date(timeIntervalSince1970: 1_795_160_000.123_987)
        let first = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: receivedAt)
        let second = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: Date())
        guard case .created = first else {
            Issue.record("expected created, got \(first)")
            return
        }
        #expect(second == .replayed(first.response))
        #expect(Timestamp.format(second.response.receivedAt) == Timestamp.format(first.response.receivedAt))
        #expect(Timestamp.format(first.response.receivedAt) == "2026-11-20T07:33:20.123Z")
    }

    @Test("a replay is answered even after the evaluation closed")
    func replayAfterClose() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        let submission = StoreSamples.submission()
        let first = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
        _ = try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "o", at: StoreSamples.t0)
        let retry = try await store.submit(
            submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0.addingTimeInterval(60))
        #expect(retry == .replayed(first.response))
    }

    @Test(
        "the same id with other content is a conflict",
        arguments: [
            StoreSamples.submission(id: "0b7e1f3c-2f8a-4d51-9d2e-6c1a4e0f9b11", sound: 5),
            StoreSamples.submission(id: "0b7e1f3c-2f8a-4d51-9d2e-6c1a4e0f9b11", venue: "wuhu"),
            StoreSamples.submission(id: "0b7e1f3c-2f8a-4d51-9d2e-6c1a4e0f9b11", raterGroup: "leaders"),
            StoreSamples.submission(id: "0b7e1f3c-2f8a-4d51-9d2e-6c1a4e0f9b11", suggestion: "另外一条"),
            StoreSamples.submission(
                id: "0b7e1f3c-2f8a-4d51-9d2e-6c1a4e0f9b11", startedAt: StoreSamples.t0.addingTimeInterval(-5)),
            StoreSamples.submission(id: "0b7e1f3c-2f8a-4d51-9d2e-6c1a4e0f9b11", locale: "en"),
        ])
    func otherContent(_ changed: ResponseSubmission) async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        let original = StoreSamples.submission(id: changed.id)
        let first = try await store.submit(original, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
        #expect(
            await conflictCode {
                _ = try await store.submit(changed, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            } == "conflict")
        #expect(try await store.responses(evaluationId: evaluation.id) == [first.response])
    }

    @Test("the same id sent to another evaluation is a conflict")
    func otherEvaluation() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        var other = StoreSamples.evaluation()
        try await store.createEvaluation(other, actor: "o")
        other = try await store.setStatus(.open, evaluationId: other.id, actor: "o", at: StoreSamples.t0)
        let submission = StoreSamples.submission()
        _ = try await store.submit(submission, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
        #expect(
            await conflictCode {
                _ = try await store.submit(submission, evaluationId: other.id, receivedAt: StoreSamples.t0)
            } == "conflict")
        #expect(try await store.responses(evaluationId: other.id).isEmpty)
    }

    @Test("a draft or closed evaluation refuses submissions")
    func refusedByStatus() async throws {
        let (draftStore, draft) = try await StoreSamples.storeWithEvaluation(status: .draft)
        #expect(
            await conflictCode {
                _ = try await draftStore.submit(
                    StoreSamples.submission(), evaluationId: draft.id, receivedAt: StoreSamples.t0)
            } == "not_open")
        #expect(try await draftStore.responses(evaluationId: draft.id).isEmpty)

        let (closedStore, closed) = try await StoreSamples.storeWithEvaluation(status: .closed)
        #expect(
            await conflictCode {
                _ = try await closedStore.submit(
                    StoreSamples.submission(), evaluationId: closed.id, receivedAt: StoreSamples.t0)
            } == "closed")
        #expect(try await closedStore.responses(evaluationId: closed.id).isEmpty)
    }

    @Test("an open evaluation accepts submissions only inside its time window")
    func refusedByWindow() async throws {
        let opensAt = StoreSamples.t0.addingTimeInterval(3_600)
        let closesAt = opensAt.addingTimeInterval(3_600)
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation(opensAt: opensAt, closesAt: closesAt)
        #expect(
            await conflictCode {
                _ = try await store.submit(
                    StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: opensAt.addingTimeInterval(-1))
            } == "not_yet_open")
        #expect(
            await conflictCode {
                _ = try await store.submit(StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: closesAt)
            } == "closed")
        let inside = try await store.submit(
            StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: opensAt)
        #expect(try await store.responses(evaluationId: evaluation.id) == [inside.response])
    }

    @Test("a submission to an unknown evaluation is not found")
    func unknownEvaluation() async throws {
        let store = try SQLiteEvaluationStore.inMemory()
        await #expect(throws: DomainError.notFound("Unknown evaluation.")) {
            _ = try await store.submit(StoreSamples.submission(), evaluationId: "nothing", receivedAt: StoreSamples.t0)
        }
    }

    @Test("counts are kept per venue and rater group")
    func counts() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        let plain = try await {
            var plain = StoreSamples.evaluation(withVenues: false)
            try await store.createEvaluation(plain, actor: "o")
            plain = try await store.setStatus(.open, evaluationId: plain.id, actor: "o", at: StoreSamples.t0)
            return plain
        }()
        let empty = StoreSamples.evaluation()
        try await store.createEvaluation(empty, actor: "o")
        let placed: [(String, String)] = [
            ("hefei", "attendees"), ("hefei", "attendees"), ("hefei", "leaders"), ("wuhu", "attendees"),
            ("main", "leaders"),
        ]
        for (venue, group) in placed {
            _ = try await store.submit(
                StoreSamples.submission(venue: venue, raterGroup: group), evaluationId: evaluation.id,
                receivedAt: StoreSamples.t0)
        }
        for _ in 0..<2 {
            _ = try await store.submit(
                StoreSamples.submission(venue: nil, raterGroup: nil), evaluationId: plain.id,
                receivedAt: StoreSamples.t0)
        }
        #expect(
            try await store.counts(evaluationId: evaluation.id)
                == ResponseCounts(
                    responses: 5, byVenue: ["hefei": 3, "wuhu": 1, "main": 1],
                    byRaterGroup: ["attendees": 3, "leaders": 2]))
        #expect(try await store.counts(evaluationId: plain.id) == ResponseCounts(responses: 2))
        #expect(try await store.counts(evaluationId: empty.id) == ResponseCounts())
        let all = try await store.counts(evaluationIds: [evaluation.id, plain.id, empty.id, "nothing"])
        #expect(all.count == 4)
        #expect(all[evaluation.id]?.responses == 5)
        #expect(all[plain.id]?.responses == 2)
        #expect(all[empty.id] == ResponseCounts())
        #expect(all["nothing"] == ResponseCounts())
        #expect(try await store.counts(evaluationIds: []).isEmpty)
    }
}

@Suite("SQLite store: concurrent submissions on a file")
struct ConcurrentSubmissionTests {
    @Test("300 concurrent distinct submissions are all stored, once each")
    func distinctSubmissions() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("meeting-eval.sqlite")
            let store = try openFileStore(at: file)
            let evaluation = try await StoreSamples.populate(store)
            let venues = ["main", "hefei", "wuhu"]
            let outcomes = try await withThrowingTaskGroup(of: SubmissionOutcome.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        try await store.submit(
                            StoreSamples.submission(venue: venues[index % 3], sound: 1 + index % 5),
                            evaluationId: evaluation.id, receivedAt: StoreSamples.t0.addingTimeInterval(Double(index)))
                    }
                }
                var outcomes: [SubmissionOutcome] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.count == 300)
            #expect(outcomes.allSatisfy { if case .created = $0 { true } else { false } })
            #expect(Set(outcomes.map(\.response.id)).count == 300)
            #expect(try await store.responses(evaluationId: evaluation.id).count == 300)
            #expect(
                try await store.counts(evaluationId: evaluation.id).byVenue == ["main": 100, "hefei": 100, "wuhu": 100])
            let rows = try await openRawDatabase(at: file).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response")
            }
            #expect(rows == 300)
        }
    }

    @Test("50 concurrent submissions of one id store one row and give one receipt")
    func sameSubmission() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("meeting-eval.sqlite")
            let store = try openFileStore(at: file)
            let evaluation = try await StoreSamples.populate(store)
            let submission = StoreSamples.submission(suggestion: "重复提交")
            let outcomes = try await withThrowingTaskGroup(of: SubmissionOutcome.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await store.submit(
                            submission, evaluationId: evaluation.id,
                            receivedAt: StoreSamples.t0.addingTimeInterval(Double(index)))
                    }
                }
                var outcomes: [SubmissionOutcome] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let created = outcomes.compactMap { if case .created(let response) = $0 { response } else { nil } }
            #expect(created.count == 1)
            #expect(outcomes.count == 50)
            let receipt = try #require(created.first)
            #expect(outcomes.allSatisfy { $0.response == receipt })
            #expect(try await store.responses(evaluationId: evaluation.id) == [receipt])
            let rows = try await openRawDatabase(at: file).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response")
            }
            #expect(rows == 1)
        }
    }
}
