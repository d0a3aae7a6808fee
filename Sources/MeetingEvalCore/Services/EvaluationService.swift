import Foundation

/// Evaluations: create one from a request, list and read them with their live counts, and move
/// them through their life cycle (`EvaluationLifecycle`).
public struct EvaluationService<Store: EvaluationStore>: Sendable {
    public let store: Store
    /// The assessor (评估机构) of an evaluation whose request names none (`serve --assessor`).
    public var defaultAssessor: String?

    public init(store: Store, defaultAssessor: String? = nil) {
        self.store = store
        self.defaultAssessor = defaultAssessor
    }

    /// An evaluation with its response counts.
    public struct Counted: Sendable {
        public var evaluation: Evaluation
        public var counts: ResponseCounts
    }

    /// Every evaluation, newest first, with its counts.
    public func list() async throws -> [Counted] {
        let evaluations = try await store.evaluations()
        let counts = try await store.counts(evaluationIds: evaluations.map(\.id))
        return evaluations.map { Counted(evaluation: $0, counts: counts[$0.id] ?? ResponseCounts()) }
    }

    /// The evaluation with this id (any case); `notFound` when there is none.
    public func evaluation(id: String) async throws -> Evaluation {
        guard id.utf8.count <= 64, let evaluation = try await store.evaluation(id: id.lowercased()) else {
            throw DomainError.notFound("No evaluation with this id.")
        }
        return evaluation
    }

    public func counted(id: String) async throws -> Counted {
        let evaluation = try await evaluation(id: id)
        return Counted(evaluation: evaluation, counts: try await store.counts(evaluationId: evaluation.id))
    }

    /// Creates a draft evaluation from a request body: every problem listed at once (`invalid`);
    /// it pins the questionnaire version asked for, else the latest; it gets a random id and
    /// attendee slug, and the questionnaire's meeting type unless the request names one.
    public func create(_ body: DocumentNode, actor: String, at now: Date = Timestamp.now()) async throws -> Evaluation {
        let draft: EvaluationRequest
        switch EvaluationRequest.read(body) {
        case .success(let read): draft = read
        case .failure(let list):
            throw DomainError.invalid("The evaluation has \(list.issues.count) problem(s).", list.issues)
        }
        let stored: StoredQuestionnaire?
        if let version = draft.questionnaireVersion {
            stored = try await store.questionnaire(id: draft.questionnaireId, version: version)
        } else {
            stored = try await store.latestQuestionnaire(id: draft.questionnaireId)
        }
        guard let questionnaire = stored?.questionnaire else {
            let path = draft.questionnaireVersion == nil ? "questionnaire.id" : "questionnaire.version"
            let version = draft.questionnaireVersion.map { " version \($0)" } ?? ""
            throw DomainError.invalid(
                "Unknown questionnaire.",
                [ValidationIssue(path: path, message: "no stored questionnaire '\(draft.questionnaireId)'\(version)")])
        }
        var report = draft.report
        if report.assessor == nil { report.assessor = defaultAssessor }
        let evaluation = Evaluation(
            id: UUID().uuidString.lowercased(), slug: EvaluationCode.randomSlug(), questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: draft.title,
            meetingType: draft.meetingType ?? questionnaire.meetingType, meetingDate: draft.meetingDate,
            venues: draft.venues, raterGroups: draft.raterGroups, expectedRespondents: draft.expectedRespondents,
            opensAt: draft.opensAt, closesAt: draft.closesAt, anonymous: draft.anonymous, access: draft.access,
            screening: draft.screening, sharedDevices: draft.sharedDevices, report: report, status: .draft,
            createdAt: now
        )
        try await store.createEvaluation(evaluation, actor: actor)
        return evaluation
    }

    /// Moves the evaluation to `status` (`conflict` when the life cycle does not allow it).
    public func setStatus(_ status: EvaluationStatus, id: String, actor: String, at now: Date = Date()) async throws
        -> Counted
    {
        let evaluation = try await evaluation(id: id)
        let updated = try await store.setStatus(status, evaluationId: evaluation.id, actor: actor, at: now)
        return Counted(evaluation: updated, counts: try await store.counts(evaluationId: updated.id))
    }
}

extension EvaluationService {
    /// Writes the evaluator's opinion (`{"text": "…"}`, `OpinionRules`), audited as
    /// `evaluation.opinion` with the text before and after; the same text again changes nothing.
    public func setOpinion(_ body: DocumentNode, id: String, actor: String, at now: Date = Timestamp.now())
        async throws -> Evaluation
    {
        let text: String
        switch OpinionRules.read(body) {
        case .success(let read): text = read
        case .failure(let list):
            throw DomainError.invalid("The opinion has \(list.issues.count) problem(s).", list.issues)
        }
        let evaluation = try await evaluation(id: id)
        return try await store.changeEvaluation(id: evaluation.id, actor: actor, at: now) { current in
            OpinionRules.change(current, text: text, author: actor, at: now)
        }
    }
}
