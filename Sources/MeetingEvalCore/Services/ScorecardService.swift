import Crypto
import Foundation

/// Scores stored evaluations. The HTTP API, the live dashboard, the comparison and the command
/// line all go through here, so they always give the same numbers.
///
/// A scorecard is computed in one pass over a consistent snapshot of the responses. What only
/// some readers need is asked for: the included-responses digest and the exclusion history
/// (`Extras`, shown by the reports) and every comment beyond the ones kept in memory (a
/// `ScorecardCommentSink`, which only the signed JSON document streams). The live dashboard
/// and the comparison pay for none of them.
public struct ScorecardService<Store: EvaluationStore>: Sendable {
    public let store: Store
    /// The report time zone, in which the follow-up's dates are read.
    public var timeZone: TimeZone = FollowUpRules.defaultTimeZone

    public init(store: Store) {
        self.store = store
    }

    public typealias Extras = ScorecardExtras

    /// Comments a scorecard keeps in memory; a comment sink receives all of them.
    public static var keptComments: Int { 1000 }

    /// The scoring plan of an evaluation: its pinned questionnaire version and settings.
    public func plan(for evaluation: Evaluation, locale: String? = nil) async throws -> ScoringPlan {
        guard
            let stored = try await store.questionnaire(
                id: evaluation.questionnaireId, version: evaluation.questionnaireVersion)
        else {
            throw InconsistentDataError(
                "questionnaire \(evaluation.questionnaireId)@\(evaluation.questionnaireVersion) is missing")
        }
        return ScoringPlan(questionnaire: stored.questionnaire, evaluation: evaluation.surveyView, locale: locale)
    }

    /// The plan with the manual exclusions in force (also returned as a list, oldest first).
    public func assessor(for evaluation: Evaluation, locale: String? = nil) async throws
        -> (assessor: ResponseAssessor, exclusions: [ManualExclusion])
    {
        let plan = try await plan(for: evaluation, locale: locale)
        let exclusions = try await store.manualExclusions(evaluationId: evaluation.id)
        let byResponse = Dictionary(exclusions.map { ($0.responseId, $0) }, uniquingKeysWith: { _, last in last })
        return (ResponseAssessor(plan: plan, exclusions: byResponse), exclusions)
    }

    /// The scorecard with at most `keptComments` comments, and the questionnaire version it was
    /// scored with.
    public func scored(
        _ evaluation: Evaluation, locale: String? = nil, generatedAt: Date = Date(), extras: Extras = [],
        comments sink: (any ScorecardCommentSink)? = nil
    ) async throws -> (scorecard: Scorecard, questionnaire: Questionnaire) {
        let (assessor, exclusions) = try await assessor(for: evaluation, locale: locale)
        let history = extras.contains(.exclusionHistory) ? try await store.exclusionEvents(evaluationId: evaluation.id) : []
        let plan = assessor.plan
        let byResponse = assessor.exclusions
        let checklist = try await observationChecklist(for: evaluation)
        let scorecard = try await store.withResponses(evaluationId: evaluation.id) { cursor in
            var observing = checklist.map {
                ObservationScoring(checklist: $0, evaluation: evaluation, exclusions: byResponse, locale: locale)
            }
            var sinkError: (any Error)?
            var builder = ScorecardBuilder(plan: plan, exclusions: byResponse)
            builder.commentLimit = Self.keptComments
            if let sink {
                builder.onComment = { comment in
                    do { try sink.append(comment) } catch { sinkError = error }
                }
            }
            var digest = extras.contains(.digest) ? SHA256() : nil
            while let response = try cursor.next() {
                if observing != nil, ObservationRules.isObservation(evaluation, raterGroup: response.raterGroup) {
                    observing!.add(response)
                    continue
                }
                if builder.add(response).isIncluded, digest != nil {
                    digest!.update(data: Data("\(response.id) \(response.contentDigest)\n".utf8))
                }
            }
            if let sinkError { throw sinkError }
            var scorecard = builder.finish(manualExclusions: exclusions, generatedAt: generatedAt)
            scorecard.includedResponsesDigest = digest.map { HexText.lowercase($0.finalize()) }
            scorecard.exclusionHistory = history
            scorecard.observation = observing?.finish(perception: scorecard.venues)
            return scorecard
        }
        var complete = scorecard
        if extras.contains(.previous) {
            complete.previous = try await previous(of: evaluation, scorecard: scorecard, locale: locale)
        }
        complete.meetingFacts = FactsService<Store>.assessment(of: evaluation, locale: plan.locale)
        if let index = evaluation.scoreIndex, let survey = complete.overall.score,
            let facts = complete.meetingFacts?.score,
            let score = FactsScoring.combined(survey: survey, facts: facts, index: index)
        {
            complete.combined = Scorecard.Combined(
                score: score, grade: plan.grade(for: score), index: index, survey: survey, facts: facts)
        }
        if extras.contains(.followUp) {
            complete.followUp = try await FollowUpService(store: store, timeZone: timeZone).summary(
                of: evaluation, at: generatedAt)
        }
        complete.findings = FindingRules.findings(for: complete, questionnaire: plan.questionnaire)
        return (complete, plan.questionnaire)
    }

    /// The evaluation of the same questionnaire held last before this one (by meeting date,
    /// then creation), with this overall's change from it (docs/scoring.md §9); nil for the first.
    func previous(of evaluation: Evaluation, scorecard: Scorecard, locale: String?) async throws
        -> Scorecard.PreviousEvaluation?
    {
        let earlier = try await store.evaluations()
            .filter {
                $0.questionnaireId == evaluation.questionnaireId && $0.id != evaluation.id
                    && ($0.meetingDate, $0.createdAt) < (evaluation.meetingDate, evaluation.createdAt)
            }
            .max { ($0.meetingDate, $0.createdAt) < ($1.meetingDate, $1.createdAt) }
        guard let earlier else { return nil }
        let before = try await self.scorecard(for: earlier, locale: locale)
        let change = ComparisonService<Store>.Change(
            current: (scorecard.overall.score, scorecard.overall.ci95),
            previous: (before.overall.score, before.overall.ci95))
        return Scorecard.PreviousEvaluation(
            id: earlier.id, title: earlier.title, meetingDate: earlier.meetingDate, score: before.overall.score,
            grade: before.overall.grade, difference: change.difference, p: change.p)
    }

    /// The workbook and the SPSS/PSPP export are files for analysis: a draft evaluation has
    /// never collected an answer, so asking for them is a mistake (409 `wrong_state`).
    public func requireExportable(_ evaluation: Evaluation) throws {
        guard evaluation.status != .draft else {
            throw DomainError.conflict(
                "This evaluation is a draft and has no responses to export yet; open it first.", code: "wrong_state")
        }
    }

    /// Raw answers are about to leave the server: the audit log says who took them.
    public func recordRawExport(of evaluation: Evaluation, actor: String) async throws {
        try await store.recordAudit(
            AuditEvent(
                at: Date(), actor: actor, action: "responses.exported", entityType: "evaluation",
                entityId: evaluation.id))
    }

    /// The scorecard with at most `keptComments` comments.
    public func scorecard(
        for evaluation: Evaluation, locale: String? = nil, generatedAt: Date = Date(), extras: Extras = []
    ) async throws -> Scorecard {
        try await scored(evaluation, locale: locale, generatedAt: generatedAt, extras: extras).scorecard
    }
}

/// What a scorecard carries beyond its numbers.
public struct ScorecardExtras: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// SHA-256 over the ids and content digests of the included responses, in receipt order.
    public static let digest = ScorecardExtras(rawValue: 1)
    /// Every manual exclusion and re-inclusion, oldest first.
    public static let exclusionHistory = ScorecardExtras(rawValue: 2)
    /// The previous evaluation of the same questionnaire and the change from it.
    public static let previous = ScorecardExtras(rawValue: 4)
    /// The follow-up of the meeting's decisions (tasks, rates, rounds, overdue tasks).
    public static let followUp = ScorecardExtras(rawValue: 8)
    /// What the reports show.
    public static let reported: ScorecardExtras = [.digest, .exclusionHistory, .previous, .followUp]
}

/// Receives every comment of a scorecard as it is computed (the signed JSON document spools
/// them to stream them out).
public protocol ScorecardCommentSink: AnyObject, Sendable {
    func append(_ comment: Scorecard.Comment) throws
}

/// Stored data that contradicts itself (not the caller's fault).
public struct InconsistentDataError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
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
                // Observations are screened by nobody: they are not survey answers.
                if ObservationRules.isObservation(evaluation, raterGroup: response.raterGroup) { continue }
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

/// One response as the scores read it, for an evaluator deciding whether to exclude it.
public struct ResponseDetail: Sendable {
    public var entry: ScreeningReport.Entry
    /// The answers that count, by question id (answers that `showIf` hides are left out), and
    /// the text given with an `other` option under `<question>.other`.
    public var answers: [String: AnswerValue]
}

extension ScorecardService {
    /// One response of the evaluation with its answers, flags and exclusion; `notFound` when
    /// the evaluation has no response with this id. Reads the evaluation's responses in receipt
    /// order until it meets the one asked for.
    public func response(_ rawId: String, of evaluation: Evaluation) async throws -> ResponseDetail {
        guard let uuid = UUID(uuidString: rawId) else { throw DomainError.notFound("Unknown response.") }
        let id = uuid.uuidString.lowercased()
        let survey = try await assessor(for: evaluation).assessor
        // An observation is read with the checklist it answers.
        let checklist = try await observationAssessor(for: evaluation, exclusions: survey.exclusions)
        let found: ResponseDetail? = try await store.withResponses(evaluationId: evaluation.id) { cursor in
            while let response = try cursor.next() {
                guard response.id == id else { continue }
                let observation = ObservationRules.isObservation(evaluation, raterGroup: response.raterGroup)
                let assessor = observation ? checklist ?? survey : survey
                let questions = assessor.plan.questionnaire.questions
                let assessment = assessor.assess(response)
                var answers: [String: AnswerValue] = [:]
                for (index, question) in questions.enumerated() {
                    if let value = AnswerValue(cell: assessment.cells[index], options: question.options) {
                        answers[question.id] = value
                    }
                }
                for other in assessment.otherTexts {
                    answers[Option.otherAnswerKey(questions[other.question].id)] = .text(other.text)
                }
                return ResponseDetail(
                    entry: ScreeningReport.Entry(
                        response: response, flags: assessment.flags, seconds: assessment.seconds,
                        exclusionReasons: assessment.exclusionReasons, manualExclusion: assessment.manualExclusion),
                    answers: answers)
            }
            return nil
        }
        guard let found else { throw DomainError.notFound("Unknown response.") }
        return found
    }
}

extension AnswerValue {
    /// The answer an assessed cell stands for (option indices back to ids); nil for no answer.
    init?(cell: AnswerCell, options: [Option]) {
        switch cell {
        case .none: return nil
        case .rating(let value): self = .rating(value)
        case .notApplicable: self = .notApplicable
        case .option(let index):
            guard index < options.count else { return nil }
            self = .option(options[index].id)
        case .options(let indices):
            let ids = indices.filter { $0 < options.count }.map { options[$0].id }
            guard !ids.isEmpty else { return nil }
            self = .options(ids)
        case .text(let text): self = .text(text)
        }
    }
}
