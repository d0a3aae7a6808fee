import Foundation
import GRDB
import MeetingEvalCore
import MeetingEvalStorage
import Testing

@Suite("Manual exclusions and response scans")
struct ExclusionStoreTests {
    @Test("excluding, re-including and excluding again keeps every event and the latest decides")
    func excludeIncludeCycle() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        let response = try await store.submit(
            StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0
        ).response
        let first = try await store.exclude(
            responseId: response.id, evaluationId: evaluation.id, reason: "重复提交", actor: "evaluator",
            at: StoreSamples.t0)
        #expect(try await store.manualExclusions(evaluationId: evaluation.id) == [first])
        #expect(
            await conflictCode {
                _ = try await store.exclude(
                    responseId: response.id, evaluationId: evaluation.id, reason: "again", actor: "evaluator",
                    at: StoreSamples.t0)
            } == "already_excluded")
        try await store.include(
            responseId: response.id, evaluationId: evaluation.id, reason: "误操作", actor: "evaluator",
            at: StoreSamples.t0)
        #expect(try await store.manualExclusions(evaluationId: evaluation.id).isEmpty)
        #expect(
            await conflictCode {
                try await store.include(
                    responseId: response.id, evaluationId: evaluation.id, reason: "", actor: "evaluator",
                    at: StoreSamples.t0)
            } == "not_excluded")
        let again = try await store.exclude(
            responseId: response.id, evaluationId: evaluation.id, reason: "测试数据", actor: "evaluator2",
            at: StoreSamples.t0.addingTimeInterval(60))
        #expect(try await store.manualExclusions(evaluationId: evaluation.id) == [again])
        let actions = try await store.auditEvents(entityId: evaluation.id).map(\.action)
        #expect(actions.suffix(3) == ["response.excluded", "response.included", "response.excluded"])
        // The response itself never changed.
        #expect(try await store.responses(evaluationId: evaluation.id) == [response])
    }

    @Test("unknown responses, and responses of other evaluations, cannot be excluded")
    func unknownResponses() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        await #expect(throws: DomainError.self) {
            _ = try await store.exclude(
                responseId: UUID().uuidString.lowercased(), evaluationId: evaluation.id, reason: "x", actor: "e",
                at: StoreSamples.t0)
        }
        await #expect(throws: DomainError.self) {
            try await store.include(
                responseId: UUID().uuidString.lowercased(), evaluationId: evaluation.id, reason: "x", actor: "e",
                at: StoreSamples.t0)
        }
        #expect(try await store.manualExclusions(evaluationId: evaluation.id).isEmpty)
    }

    @Test("exclusion events are append-only in the database itself")
    func appendOnly() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("x.sqlite")
            let store = try openFileStore(at: file)
            let evaluation = try await StoreSamples.populate(store)
            let response = try await store.submit(
                StoreSamples.submission(), evaluationId: evaluation.id, receivedAt: StoreSamples.t0
            ).response
            _ = try await store.exclude(
                responseId: response.id, evaluationId: evaluation.id, reason: "r", actor: "e", at: StoreSamples.t0)
            let raw = try openRawDatabase(at: file)
            for sql in [
                "UPDATE responseExclusion SET excluded = 0",
                "DELETE FROM responseExclusion",
                "INSERT OR REPLACE INTO responseExclusion (id, evaluationId, responseId, excluded, reason, actor, at) SELECT id, evaluationId, responseId, 0, 'x', 'x', at FROM responseExclusion",
            ] {
                #expect(throws: DatabaseError.self, "\(sql)") { try raw.write { try $0.execute(sql: sql) } }
            }
            #expect(try await store.manualExclusions(evaluationId: evaluation.id).count == 1)
        }
    }

    @Test("scans and pages read every response once, in receipt order")
    func scansAndPages() async throws {
        let (store, evaluation) = try await StoreSamples.storeWithEvaluation()
        var ids: [String] = []
        for index in 0..<7 {
            // Two responses share each receipt time: the id breaks the tie.
            let at = StoreSamples.t0.addingTimeInterval(Double(index / 2))
            let response = try await store.submit(
                StoreSamples.submission(sound: 1 + index % 5), evaluationId: evaluation.id, receivedAt: at
            ).response
            ids.append(response.id)
        }
        let expected = try await store.responses(evaluationId: evaluation.id).map(\.id)
        #expect(Set(expected) == Set(ids))
        let scanned = try await store.withResponses(evaluationId: evaluation.id) { cursor in
            var seen: [String] = []
            while let response = try cursor.next() { seen.append(response.id) }
            return seen
        }
        #expect(scanned == expected)
        var paged: [String] = []
        var position: ResponsePosition?
        while true {
            let page = try await store.responsePage(evaluationId: evaluation.id, after: position, limit: 3)
            paged += page.map(\.id)
            guard let last = page.last else { break }
            position = ResponsePosition(after: last)
        }
        #expect(paged == expected)
    }
}

@Suite("Group commit")
struct GroupCommitTests {
    @Test("hundreds of concurrent submissions, retries among them, are each stored exactly once")
    func concurrentSubmissions() async throws {
        try await withTemporaryDirectory { directory in
            let store = try openFileStore(at: directory.appendingPathComponent("burst.sqlite"))
            let evaluation = try await StoreSamples.populate(store)
            let ids = (0..<300).map { _ in UUID().uuidString.lowercased() }
            // Every id is sent twice at the same time, and one id also with other content.
            let outcomes = try await withThrowingTaskGroup(of: (String, String).self) { group in
                for id in ids + ids {
                    group.addTask {
                        let outcome = try await store.submit(
                            StoreSamples.submission(id: id), evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
                        switch outcome {
                        case .created: return (id, "created")
                        case .replayed: return (id, "replayed")
                        }
                    }
                }
                group.addTask {
                    let code = await conflictCode {
                        _ = try await store.submit(
                            StoreSamples.submission(id: ids[0], sound: 1), evaluationId: evaluation.id,
                            receivedAt: StoreSamples.t0)
                    }
                    return (ids[0], code ?? "none")
                }
                var all: [(String, String)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            for id in ids {
                let kinds = outcomes.filter { $0.0 == id }.map(\.1).filter { $0 != "conflict" }.sorted()
                #expect(kinds == ["created", "replayed"], "\(id)")
            }
            #expect(outcomes.filter { $0.1 == "conflict" }.count == 1)
            let stored = try await store.responses(evaluationId: evaluation.id)
            #expect(stored.count == ids.count)
            #expect(Set(stored.map(\.id)) == Set(ids))
        }
    }

    @Test("a draft evaluation refuses its submissions without failing the rest of the batch")
    func failuresStayAlone() async throws {
        let (store, open) = try await StoreSamples.storeWithEvaluation()
        var draft = StoreSamples.evaluation()
        draft.id = UUID().uuidString.lowercased()
        draft.slug = EvaluationCode.randomSlug()
        try await store.createEvaluation(draft, actor: "organizer")
        let draftId = draft.id
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        _ = try await store.submit(
                            StoreSamples.submission(), evaluationId: index % 2 == 0 ? open.id : draftId,
                            receivedAt: StoreSamples.t0)
                        return true
                    } catch DomainError.conflict(_, let code) {
                        #expect(code == "not_open")
                        return false
                    }
                }
            }
            var results: [Bool] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(results.filter { $0 }.count == 20)
        #expect(try await store.responses(evaluationId: open.id).count == 20)
        #expect(try await store.responses(evaluationId: draftId).isEmpty)
    }
}
