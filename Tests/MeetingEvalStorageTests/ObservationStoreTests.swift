import Foundation
import MeetingEvalCore
import MeetingEvalStorage
import Testing

/// What every store must do with observers' checklists: each venue is observed once, decided
/// in the writer's transaction, and the record of it cannot be changed past the store.
@Suite("Store conformance: observations")
struct ObservationStoreTests {
    /// The sample evaluation with an observer group, open.
    static func populate(_ store: some EvaluationStore) async throws -> Evaluation {
        _ = try await store.save(StoreSamples.questionnaire(), source: "test", actor: "test")
        var evaluation = StoreSamples.evaluation()
        evaluation.raterGroups.append(
            RaterGroup(
                id: "observers", name: .plain("督查员"), observer: true,
                checklist: ChecklistRef(id: "sample", version: 1)))
        try await store.createEvaluation(evaluation, actor: "organizer")
        return try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: StoreSamples.t0)
    }

    static func observation(venue: String?, id: String = UUID().uuidString.lowercased()) -> ResponseSubmission {
        StoreSamples.submission(id: id, venue: venue, raterGroup: "observers")
    }

    @Test("a venue is observed once: a second observation is refused, a retry is a replay, other venues and attendees go on", arguments: StoreKind.all)
    func observedOnce(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await Self.populate(store)
            let first = Self.observation(venue: "hefei")
            guard case .created(let receipt) = try await store.submit(first, evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            else {
                Issue.record("the first observation was not stored")
                return
            }
            #expect(try await store.submit(first, evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 5) == .replayed(receipt))
            let code = await conflictCode {
                _ = try await store.submit(Self.observation(venue: "hefei"), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 9)
            }
            #expect(code == "observation_exists")
            let other = try await store.submit(Self.observation(venue: "wuhu"), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 10)
            #expect(other.isCreated)
            for _ in 0..<3 {
                let attendee = try await store.submit(StoreSamples.submission(venue: "hefei"), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 11)
                #expect(attendee.isCreated)
            }
            #expect(try await store.counts(evaluationId: evaluation.id).responses == 5)
        }
    }

    @Test("observations of one venue raced at once through two stores (two servers): exactly one is stored", arguments: StoreKind.all)
    func race(kind: StoreKind) async throws {
        try await kind.withStore { first, folder in
            let evaluation = try await Self.populate(first)
            let second = try await kind.open(folder)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for index in 0..<12 {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        do {
                            let outcome = try await store.submit(Self.observation(venue: "main"), evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
                            return outcome.isCreated ? "created" : "replayed"
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
            #expect(outcomes.filter { $0 == "observation_exists" }.count == 11, "\(outcomes)")
            #expect(try await first.counts(evaluationId: evaluation.id).responses == 1)
        }
    }

    @Test("an observation without a venue is refused and nothing is stored", arguments: StoreKind.all)
    func venueRequired(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let evaluation = try await Self.populate(store)
            await #expect(throws: DomainError.self) {
                _ = try await store.submit(Self.observation(venue: nil), evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            }
            #expect(try await store.counts(evaluationId: evaluation.id).responses == 0)
        }
    }

    @Test("the record of an observed venue cannot be changed or deleted past the store", arguments: StoreKind.all)
    func recordKept(kind: StoreKind) async throws {
        try await kind.withStore { store, folder in
            let evaluation = try await Self.populate(store)
            _ = try await store.submit(Self.observation(venue: "hefei"), evaluationId: evaluation.id, receivedAt: StoreSamples.t0)
            await #expect(throws: (any Error).self) { try await kind.executeRaw(folder, "DELETE FROM observation") }
            await #expect(throws: (any Error).self) {
                try await kind.executeRaw(folder, "UPDATE observation SET venue = 'wuhu'")
            }
            let code = await conflictCode {
                _ = try await store.submit(Self.observation(venue: "hefei"), evaluationId: evaluation.id, receivedAt: StoreSamples.t0 + 1)
            }
            #expect(code == "observation_exists")
        }
    }
}

extension SubmissionOutcome {
    fileprivate var isCreated: Bool {
        if case .created = self { return true }
        return false
    }
}
