import Foundation

extension ScorecardService {
    /// The checklist the evaluation's observers answer; nil when it has no observer group.
    func observationChecklist(for evaluation: Evaluation) async throws -> Questionnaire? {
        guard let checklist = ObservationRules.checklist(of: evaluation) else { return nil }
        guard let stored = try await store.questionnaire(id: checklist.id, version: checklist.version) else {
            throw InconsistentDataError("observation checklist \(checklist.id)@\(checklist.version) is missing")
        }
        return stored.questionnaire
    }

    /// The checklist's assessor (the observation's plan), to read one observation's answers.
    func observationAssessor(for evaluation: Evaluation, exclusions: [String: ManualExclusion]) async throws
        -> ResponseAssessor?
    {
        guard let checklist = try await observationChecklist(for: evaluation) else { return nil }
        return ResponseAssessor(
            plan: ScoringPlan(questionnaire: checklist, evaluation: evaluation.observationView), exclusions: exclusions)
    }

    /// Each venue's observed discipline score and rank, beside the attendees' perception
    /// (nil when the evaluation has no observer group): what a yearly picture reads to name
    /// the venues most often below the rest.
    public func observation(of evaluation: Evaluation, locale: String? = nil) async throws -> ObservationSection? {
        guard ObservationRules.checklist(of: evaluation) != nil else { return nil }
        return try await scorecard(for: evaluation, locale: locale).observation
    }
}
