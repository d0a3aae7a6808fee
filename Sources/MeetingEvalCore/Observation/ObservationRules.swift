import Foundation

/// The rules of observers at the venues (督查): which rater groups observe, which checklist
/// they answer, and that each venue is observed once. The attendee survey never sees an
/// observer's answers; the observation is scored apart (`ObservationScoring`).
public enum ObservationRules {
    /// The checklist an observer group answers unless the evaluation already pins another:
    /// the shipped `Surveys/venue-observation.yaml`.
    public static let defaultChecklist = "venue-observation"

    /// The observer group with this id, nil for an attendee group or none.
    public static func observerGroup(_ evaluation: Evaluation, id: String?) -> RaterGroup? {
        guard let id else { return nil }
        return evaluation.raterGroups.first { $0.id == id && $0.observer }
    }

    /// Whether a response of `raterGroup` is an observation.
    public static func isObservation(_ evaluation: Evaluation, raterGroup: String?) -> Bool {
        observerGroup(evaluation, id: raterGroup) != nil
    }

    /// The checklist version the evaluation's observers answer (all of its observer groups
    /// answer the same one); nil when it has no observer group.
    public static func checklist(of evaluation: Evaluation) -> ChecklistRef? {
        evaluation.raterGroups.first { $0.observer && $0.checklist != nil }?.checklist
    }

    /// The rater groups with every observer group's checklist pinned: a group that was already
    /// an observer group keeps its version; a new one takes the version the evaluation's
    /// observers already answer, else `latest` (the newest stored checklist). Attendee groups
    /// carry no checklist.
    public static func pinChecklists(_ groups: [RaterGroup], current: [RaterGroup], latest: ChecklistRef?) -> [RaterGroup]
    {
        let pinned = current.first { $0.observer && $0.checklist != nil }?.checklist ?? latest
        return groups.map { group in
            var group = group
            group.checklist = group.observer ? pinned : nil
            return group
        }
    }

    /// What an evaluation with observers needs besides the request's own checks: venues to
    /// observe, invitation codes (an observer proves to be one with a code of an observer
    /// group, bound to the venue) and a stored checklist.
    public static func checkSetup(
        venues: [Venue], raterGroups: [RaterGroup], access: Evaluation.Access, checklistFound: Bool
    ) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for (index, group) in raterGroups.enumerated() where group.observer {
            if access != .invitation {
                issues.append(
                    ValidationIssue(
                        path: "raterGroups[\(index)].observer",
                        message: "observers answer with invitation codes bound to their venue: set access to 'invitation'"))
            }
            if venues.isEmpty {
                issues.append(
                    ValidationIssue(
                        path: "raterGroups[\(index)].observer",
                        message: "observers observe venues: the evaluation needs at least one venue"))
            }
            if !checklistFound {
                issues.append(
                    ValidationIssue(
                        path: "raterGroups[\(index)].observer",
                        message: "no stored observation checklist '\(defaultChecklist)'"))
            }
        }
        return issues
    }

    /// An observation must name the venue it observed.
    public static func checkVenue(_ venue: String?) throws {
        guard venue != nil else {
            throw DomainError.invalid(
                "An observation names the venue observed. 督查记录须注明会场。",
                [ValidationIssue(path: "venue", message: "is required for an observation")])
        }
    }

    /// An invitation code of an observer group is bound to one venue.
    public static func checkCodeBatch(venue: String?, raterGroup: RaterGroup?) -> ValidationIssue? {
        guard let raterGroup, raterGroup.observer, venue == nil else { return nil }
        return ValidationIssue(path: "venue", message: "codes of an observer group are bound to a venue")
    }

    /// An observation comes with a code of an observer group: an attendee's code (bound to
    /// another group, or to none) cannot file one by choosing the observer group.
    public static func checkCodeGroup(_ evaluation: Evaluation, sent raterGroup: String?, bound: String?)
        -> ValidationIssue?
    {
        guard isObservation(evaluation, raterGroup: raterGroup), bound != raterGroup else { return nil }
        return ValidationIssue(path: "raterGroup", message: "an observation needs an invitation code of an observer group")
    }

    /// Each venue is observed once. A store calls this inside the transaction that stores the
    /// observation, with the response id it found already recorded for the venue (nil: none).
    /// A second observation is refused; a wrong one is corrected by excluding it by hand
    /// (audited, with a reason), which leaves the venue unobserved in the scores.
    public static func checkOnce(existing: String?) throws {
        guard existing == nil else { throw observed }
    }

    static let observed = DomainError.conflict(
        "This venue has already been observed; an observation is recorded once per venue. 该会场已有督查记录，每个会场只记录一次。",
        code: "observation_exists")
}

extension Evaluation {
    /// The evaluation as the attendee survey sees it: without its observer groups.
    public var surveyView: Evaluation {
        guard raterGroups.contains(where: \.observer) else { return self }
        var view = self
        view.raterGroups = raterGroups.filter { !$0.observer }
        return view
    }

    /// The evaluation as the observation is scored: only its observer groups, and no
    /// screening (an observer fills the checklist through the meeting).
    public var observationView: Evaluation {
        var view = self
        view.raterGroups = raterGroups.filter(\.observer)
        view.screening = ScreeningSettings()
        return view
    }
}
