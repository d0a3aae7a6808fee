import Foundation

/// Evaluations: create one from a request, list and read them with their live counts, move
/// them through their life cycle (`EvaluationLifecycle`) and correct them
/// (`EvaluationCorrection`). Every read and change is made within an `AccessScope`: an
/// evaluation of another organization is `notFound`, exactly like a missing one.
public struct EvaluationService<Store: EvaluationStore>: Sendable {
    public let store: Store
    /// The assessor (评估机构) of an evaluation whose request names none (`serve --assessor`).
    public var defaultAssessor: String?
    /// The meeting standards an evaluation may name (`Surveys/standards`).
    public var standards: StandardCatalog

    public init(store: Store, defaultAssessor: String? = nil, standards: StandardCatalog = StandardCatalog()) {
        self.store = store
        self.defaultAssessor = defaultAssessor
        self.standards = standards
    }

    /// An evaluation with its response counts.
    public struct Counted: Sendable {
        public var evaluation: Evaluation
        public var counts: ResponseCounts
    }

    /// The evaluations `scope` sees, newest first, with their counts; archived ones only when
    /// asked for.
    public func list(scope: AccessScope, archived: Bool = false) async throws -> [Counted] {
        let evaluations = try await visible(scope: scope, archived: archived)
        let counts = try await store.counts(evaluationIds: evaluations.map(\.id))
        return evaluations.map { Counted(evaluation: $0, counts: counts[$0.id] ?? ResponseCounts()) }
    }

    /// The evaluations `scope` sees, newest first.
    public func visible(scope: AccessScope, archived: Bool = true) async throws -> [Evaluation] {
        try await store.evaluations().filter { scope.includes($0.organization) && (archived || $0.archivedAt == nil) }
    }

    /// The evaluation with this id (any case); `notFound` when there is none or `scope` does
    /// not see it.
    public func evaluation(id: String, scope: AccessScope) async throws -> Evaluation {
        guard id.utf8.count <= 64, let evaluation = try await store.evaluation(id: id.lowercased()),
            scope.includes(evaluation.organization)
        else {
            throw DomainError.notFound("No evaluation with this id.")
        }
        return evaluation
    }

    public func counted(id: String, scope: AccessScope) async throws -> Counted {
        let evaluation = try await evaluation(id: id, scope: scope)
        return Counted(evaluation: evaluation, counts: try await store.counts(evaluationId: evaluation.id))
    }

    /// Creates a draft evaluation from a request body: every problem listed at once (`invalid`);
    /// it pins the questionnaire version asked for, else the latest; it gets a random id and
    /// attendee slug, the questionnaire's meeting type unless the request names one, and the
    /// organization the request names or the default rule gives (`AccessScope.owner`).
    public func create(_ body: DocumentNode, scope: AccessScope = .everything, actor: String, at now: Date = Timestamp.now())
        async throws -> Evaluation
    {
        var draft = try Self.read(body)
        let organization = try await OrganizationService(store: store).owner(requested: draft.organization, scope: scope)
        let questionnaire = try await pinnedQuestionnaire(draft, scope: scope)
        let standard = try pinnedStandard(draft.standard, current: nil)
        draft.raterGroups = try await pinnedChecklists(draft, current: [])
        var report = draft.report
        if report.assessor == nil { report.assessor = defaultAssessor }
        let evaluation = Evaluation(
            id: UUID().uuidString.lowercased(), slug: EvaluationCode.randomSlug(), questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: draft.title,
            meetingType: draft.meetingType ?? questionnaire.meetingType, meetingDate: draft.meetingDate,
            venues: draft.venues, raterGroups: draft.raterGroups, expectedRespondents: draft.expectedRespondents,
            opensAt: draft.opensAt, closesAt: draft.closesAt, anonymous: draft.anonymous, access: draft.access,
            screening: draft.screening, sharedDevices: draft.sharedDevices, report: report, status: .draft,
            createdAt: now, organization: organization, standard: standard, scoreIndex: draft.index
        )
        try await store.createEvaluation(evaluation, actor: actor)
        return evaluation
    }

    /// Changes an evaluation from a body holding any fields of the create body, checked as on
    /// creation; what each state allows is `EvaluationCorrection.change`, decided inside the
    /// store's transaction. Audited with the evaluation before and after.
    public func correct(id: String, patch: DocumentNode, scope: AccessScope, actor: String, at now: Date = Date())
        async throws -> Counted
    {
        let current = try await evaluation(id: id, scope: scope)
        var read = try Self.read(try EvaluationCorrection.merged(current, patch: patch))
        read.raterGroups = try await pinnedChecklists(read, current: current.raterGroups)
        let request = read
        let organization = try await OrganizationService(store: store).owner(requested: request.organization, scope: scope)
        let questionnaire: Questionnaire
        if request.questionnaireId == current.questionnaireId
            && (request.questionnaireVersion ?? current.questionnaireVersion) == current.questionnaireVersion,
            let pinned = try await store.questionnaire(id: current.questionnaireId, version: current.questionnaireVersion)
        {
            questionnaire = pinned.questionnaire
        } else {
            questionnaire = try await pinnedQuestionnaire(request, scope: scope)
        }
        let standard = try pinnedStandard(request.standard, current: current.standard)
        let updated = try await store.changeEvaluation(id: current.id, actor: actor, at: now) { stored in
            try EvaluationCorrection.change(
                stored, to: request, questionnaire: questionnaire, organization: organization, standard: standard)
        }
        return Counted(evaluation: updated, counts: try await store.counts(evaluationId: updated.id))
    }

    /// Deletes a draft that holds no response and no invitation code (`EvaluationCorrection.checkDeletion`).
    public func delete(id: String, scope: AccessScope, actor: String, at now: Date = Date()) async throws {
        let current = try await evaluation(id: id, scope: scope)
        try await store.deleteEvaluation(id: current.id, actor: actor, at: now) { stored, responses, invitations in
            try EvaluationCorrection.checkDeletion(stored, responses: responses, invitations: invitations)
            return EvaluationCorrection.deletionDetail(stored)
        }
    }

    /// Archives a closed evaluation (hidden from the default lists), or brings it back.
    public func setArchived(_ archived: Bool, id: String, scope: AccessScope, actor: String, at now: Date = Date())
        async throws -> Counted
    {
        let current = try await evaluation(id: id, scope: scope)
        let updated = try await store.changeEvaluation(id: current.id, actor: actor, at: now) { stored in
            try EvaluationCorrection.archive(stored, archived: archived, at: now)
        }
        return Counted(evaluation: updated, counts: try await store.counts(evaluationId: updated.id))
    }

    /// Moves the evaluation to `status` (`conflict` when the life cycle does not allow it).
    public func setStatus(
        _ status: EvaluationStatus, id: String, scope: AccessScope = .everything, actor: String, at now: Date = Date()
    ) async throws -> Counted {
        let evaluation = try await evaluation(id: id, scope: scope)
        let updated = try await store.setStatus(status, evaluationId: evaluation.id, actor: actor, at: now)
        return Counted(evaluation: updated, counts: try await store.counts(evaluationId: updated.id))
    }

    static func read(_ body: DocumentNode) throws -> EvaluationRequest {
        switch EvaluationRequest.read(body) {
        case .success(let read): return read
        case .failure(let list):
            throw DomainError.invalid("The evaluation has \(list.issues.count) problem(s).", list.issues)
        }
    }

    /// The standard a request names: the one already pinned when the id is unchanged, else the
    /// catalog's (`invalid` when it has none of that id).
    private func pinnedStandard(_ id: String?, current: MeetingStandard?) throws -> MeetingStandard? {
        guard let id else { return nil }
        if let current, current.id == id { return current }
        guard let standard = standards[id] else {
            let known = standards.all.map(\.id)
            throw DomainError.invalid(
                "Unknown meeting standard.",
                [
                    ValidationIssue(
                        path: "standard",
                        message: "no meeting standard '\(id)'"
                            + (known.isEmpty ? "; this server has none" : "; use one of \(known.joined(separator: ", "))"))
                ])
        }
        return standard
    }

    /// The request's rater groups with the observation checklist pinned on its observer
    /// groups (`ObservationRules.pinChecklists`); `invalid` when observers have no venue to
    /// observe or no checklist is stored.
    private func pinnedChecklists(_ draft: EvaluationRequest, current: [RaterGroup]) async throws -> [RaterGroup] {
        guard draft.raterGroups.contains(where: \.observer) else { return draft.raterGroups }
        let latest = try await store.latestQuestionnaire(id: ObservationRules.defaultChecklist).map {
            ChecklistRef(id: $0.questionnaire.id, version: $0.questionnaire.version)
        }
        let pinned = ObservationRules.pinChecklists(draft.raterGroups, current: current, latest: latest)
        let issues = ObservationRules.checkSetup(
            venues: draft.venues, raterGroups: pinned, access: draft.access, checklistFound: pinned.allSatisfy { !$0.observer || $0.checklist != nil })
        guard issues.isEmpty else {
            throw DomainError.invalid("The evaluation has \(issues.count) problem(s).", issues)
        }
        return pinned
    }

    /// The questionnaire version a request names (else the latest), which `scope` must see.
    private func pinnedQuestionnaire(_ draft: EvaluationRequest, scope: AccessScope) async throws -> Questionnaire {
        let stored: StoredQuestionnaire?
        if let version = draft.questionnaireVersion {
            stored = try await store.questionnaire(id: draft.questionnaireId, version: version)
        } else {
            stored = try await store.latestQuestionnaire(id: draft.questionnaireId)
        }
        guard let stored, scope.includesQuestionnaire(of: stored.organization) else {
            let path = draft.questionnaireVersion == nil ? "questionnaire.id" : "questionnaire.version"
            let version = draft.questionnaireVersion.map { " version \($0)" } ?? ""
            throw DomainError.invalid(
                "Unknown questionnaire.",
                [ValidationIssue(path: path, message: "no stored questionnaire '\(draft.questionnaireId)'\(version)")])
        }
        return stored.questionnaire
    }
}

extension EvaluationService {
    /// Writes the evaluator's opinion (`{"text": "…"}`, `OpinionRules`), audited as
    /// `evaluation.opinion` with the text before and after; the same text again changes nothing.
    public func setOpinion(
        _ body: DocumentNode, id: String, scope: AccessScope, actor: String, at now: Date = Timestamp.now()
    )
        async throws -> Evaluation
    {
        // The evaluation first: one of another organization is not found, whatever the body.
        let evaluation = try await evaluation(id: id, scope: scope)
        let text: String
        switch OpinionRules.read(body) {
        case .success(let read): text = read
        case .failure(let list):
            throw DomainError.invalid("The opinion has \(list.issues.count) problem(s).", list.issues)
        }
        return try await store.changeEvaluation(id: evaluation.id, actor: actor, at: now) { current in
            OpinionRules.change(current, text: text, author: actor, at: now)
        }
    }
}
