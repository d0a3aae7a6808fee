import Foundation
import MeetingEvalCore

extension CommentSpool: ScorecardCommentSink {}

extension ScorecardService {
    /// The signed JSON document's scorecard: the numbers, the digest, the exclusion history and
    /// every comment (those beyond `keptComments` wait in a spool for the JSON writer).
    public func document(for evaluation: Evaluation, locale: String? = nil, generatedAt: Date = Date()) async throws
        -> ScorecardDocument
    {
        let spool = CommentSpool()
        let (scorecard, questionnaire) = try await scored(
            evaluation, locale: locale, generatedAt: generatedAt, extras: .reported, comments: spool)
        return ScorecardDocument(scorecard: scorecard, questionnaire: questionnaire, spool: spool)
    }

    /// The raw answers export, one response per row in receipt order, written in pages so that
    /// memory does not grow with the number of responses. `write` receives UTF-8 chunks.
    public func exportResponses(
        of evaluation: Evaluation, pageSize: Int = 2000, write: (String) async throws -> Void
    ) async throws {
        let export = RawResponsesCSV(assessor: try await assessor(for: evaluation).assessor)
        try await write(export.header())
        try await forEachResponsePage(of: evaluation, pageSize: pageSize) { try await write(export.rows($0)) }
    }

    /// The evaluation's survey responses in receipt order, a page at a time. Observations
    /// (responses of an observer group) answer the checklist, not the questionnaire whose
    /// columns these exports have: they are left out, and reported in the scorecard's
    /// `observation` section.
    func forEachResponsePage(
        of evaluation: Evaluation, pageSize: Int, _ body: ([RecordedResponse]) async throws -> Void
    ) async throws {
        var position: ResponsePosition?
        let observers = evaluation.raterGroups.contains(where: \.observer)
        while true {
            let page = try await store.responsePage(evaluationId: evaluation.id, after: position, limit: pageSize)
            guard let last = page.last else { break }
            let survey =
                observers ? page.filter { !ObservationRules.isObservation(evaluation, raterGroup: $0.raterGroup) } : page
            if !survey.isEmpty { try await body(survey) }
            position = ResponsePosition(after: last)
            if page.count < pageSize { break }
        }
    }
}
