import Crypto
import Foundation
import MeetingEvalCore
import MeetingEvalStorage

/// Builds scorecards and exports of stored evaluations. The HTTP API and the command line both
/// go through here, so they always give the same numbers.
public struct ScorecardService<Store: EvaluationStore>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// The scoring plan of an evaluation: its pinned questionnaire version and settings.
    public func plan(for evaluation: Evaluation, locale: String? = nil) async throws -> ScoringPlan {
        guard
            let stored = try await store.questionnaire(
                id: evaluation.questionnaireId, version: evaluation.questionnaireVersion)
        else {
            throw StorageError.corrupt(
                "questionnaire \(evaluation.questionnaireId)@\(evaluation.questionnaireVersion) is missing")
        }
        return ScoringPlan(questionnaire: stored.questionnaire, evaluation: evaluation, locale: locale)
    }

    /// The plan with the manual exclusions in force (also returned as a list, oldest first).
    func assessor(for evaluation: Evaluation, locale: String? = nil) async throws
        -> (assessor: ResponseAssessor, exclusions: [ManualExclusion])
    {
        let plan = try await plan(for: evaluation, locale: locale)
        let exclusions = try await store.manualExclusions(evaluationId: evaluation.id)
        let byResponse = Dictionary(exclusions.map { ($0.responseId, $0) }, uniquingKeysWith: { _, last in last })
        return (ResponseAssessor(plan: plan, exclusions: byResponse), exclusions)
    }

    /// Comments a scorecard keeps in memory; the JSON document streams all of them.
    public static var keptComments: Int { 1000 }

    /// The scorecard with at most `keptComments` comments (for the HTML and CSV reports).
    public func scorecard(for evaluation: Evaluation, locale: String? = nil, generatedAt: Date = Date()) async throws
        -> Scorecard
    {
        try await document(for: evaluation, locale: locale, generatedAt: generatedAt).scorecard
    }

    /// The scorecard and every comment, built in one pass over a consistent snapshot of the
    /// responses; comments beyond `keptComments` wait in a spool for the JSON writer.
    public func document(for evaluation: Evaluation, locale: String? = nil, generatedAt: Date = Date()) async throws
        -> ScorecardDocument
    {
        let (assessor, exclusions) = try await assessor(for: evaluation, locale: locale)
        let history = try await exclusionHistory(evaluationId: evaluation.id)
        let plan = assessor.plan
        let byResponse = assessor.exclusions
        return try await store.withResponses(evaluationId: evaluation.id) { cursor in
            let spool = CommentSpool()
            var spoolError: (any Error)?
            var builder = ScorecardBuilder(plan: plan, exclusions: byResponse)
            builder.commentLimit = Self.keptComments
            builder.onComment = { comment in
                do { try spool.append(comment) } catch { spoolError = error }
            }
            var digest = SHA256()
            while let response = try cursor.next() {
                if builder.add(response).isIncluded {
                    digest.update(data: Data("\(response.id) \(response.contentDigest)\n".utf8))
                }
            }
            if let spoolError { throw spoolError }
            var scorecard = builder.finish(manualExclusions: exclusions, generatedAt: generatedAt)
            scorecard.includedResponsesDigest = HexText.lowercase(digest.finalize())
            scorecard.exclusionHistory = history
            return ScorecardDocument(scorecard: scorecard, questionnaire: plan.questionnaire, spool: spool)
        }
    }

    /// The raw answers export, one response per row in receipt order, written in pages so that
    /// memory does not grow with the number of responses. `write` receives UTF-8 chunks.
    public func exportResponses(
        of evaluation: Evaluation, pageSize: Int = 2000, write: (String) async throws -> Void
    ) async throws {
        let export = RawResponsesCSV(assessor: try await assessor(for: evaluation).assessor)
        try await write(export.header())
        var position: ResponsePosition?
        while true {
            let page = try await store.responsePage(evaluationId: evaluation.id, after: position, limit: pageSize)
            guard let last = page.last else { break }
            try await write(export.rows(page))
            position = ResponsePosition(after: last)
            if page.count < pageSize { break }
        }
    }
}

/// The responses an evaluator should look at: every flagged or manually excluded one.
public struct ScreeningReport: Sendable {
    public struct Entry: Sendable {
        public var response: RecordedResponse
        public var flags: ScreeningFlags
        public var seconds: Double?
        public var exclusionReasons: [ExclusionReason]
        public var manualExclusion: ManualExclusion?
    }

    public var received: Int
    public var entries: [Entry]
}

extension ScorecardService {
    public func screening(of evaluation: Evaluation) async throws -> ScreeningReport {
        let assessor = try await assessor(for: evaluation).assessor
        return try await store.withResponses(evaluationId: evaluation.id) { cursor in
            var report = ScreeningReport(received: 0, entries: [])
            var assessment = assessor.makeAssessment()
            while let response = try cursor.next() {
                report.received += 1
                assessor.assess(response, into: &assessment)
                guard !assessment.flags.isEmpty || assessment.manualExclusion != nil else { continue }
                report.entries.append(
                    ScreeningReport.Entry(
                        response: response, flags: assessment.flags, seconds: assessment.seconds,
                        exclusionReasons: assessment.exclusionReasons, manualExclusion: assessment.manualExclusion))
            }
            return report
        }
    }
}
