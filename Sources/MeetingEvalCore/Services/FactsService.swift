import Foundation

/// A meeting's facts: recording them (`MeetingFacts.read`, `MeetingFacts.change`) and their
/// assessment against the evaluation's pinned standard (`FactsScoring`). Every read and
/// change is made within an `AccessScope`, like the evaluation's own.
public struct FactsService<Store: EvaluationStore>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Records the facts of a `PUT …/facts` body: every problem listed at once (`invalid`),
    /// stored with an `evaluation.facts` audit event holding the facts before and after.
    public func record(
        _ body: DocumentNode, id: String, scope: AccessScope, actor: String, at now: Date = Timestamp.now()
    ) async throws -> Evaluation {
        // The evaluation first: one of another organization is not found, whatever the body.
        let evaluation = try await EvaluationService(store: store).evaluation(id: id, scope: scope)
        let facts: MeetingFacts
        switch MeetingFacts.read(body, for: evaluation) {
        case .success(let read): facts = read
        case .failure(let list):
            throw DomainError.invalid("The meeting facts have \(list.issues.count) problem(s).", list.issues)
        }
        return try await store.changeEvaluation(id: evaluation.id, actor: actor, at: now) { current in
            try MeetingFacts.change(current, to: facts)
        }
    }

    /// The facts' assessment; nil while none are recorded.
    public static func assessment(of evaluation: Evaluation, locale: String) -> MeetingFactsAssessment? {
        evaluation.facts.map {
            FactsScoring.assess($0, standard: evaluation.standard, meetingType: evaluation.meetingType, locale: locale)
        }
    }
}
