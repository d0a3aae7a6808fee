import Foundation

/// Correcting an evaluation after it was created: what a change (`PATCH`) may touch in each
/// state, when a draft may be deleted, and archiving. A change is read as a create body
/// (`EvaluationRequest.read`): the evaluation as it is, written as a create body, with the
/// change's members laid over it, so every field is checked exactly as on creation.
public enum EvaluationCorrection {
    /// The fields an open evaluation may still change (venues and rater groups only by adding,
    /// or by a venue's expected respondents), the report's cover fields among them.
    public static let fieldsWhileOpen: Set<String> = [
        "venues", "raterGroups", "closesAt", "expectedRespondents", "client", "assessor", "reportNumber", "standard",
        "index",
    ]

    /// The evaluation as the body that would create it.
    public static func document(of evaluation: Evaluation) -> DocumentNode {
        func text(_ value: String) -> DocumentNode { DocumentNode(.string(value)) }
        func name(_ value: LocalizedText) -> DocumentNode {
            switch value {
            case .plain(let plain): return text(plain)
            case .localized(let texts):
                return DocumentNode(.object(texts.sorted { $0.key < $1.key }.map { ($0.key, text($0.value)) }))
            }
        }
        func object(_ pairs: [(String, DocumentNode?)]) -> DocumentNode {
            DocumentNode(.object(pairs.compactMap { pair in pair.1.map { (key: pair.0, value: $0) } }))
        }
        return object([
            (
                "questionnaire",
                object([
                    ("id", text(evaluation.questionnaireId)),
                    ("version", DocumentNode(.number(Double(evaluation.questionnaireVersion)))),
                ])
            ),
            ("title", text(evaluation.title)),
            ("meetingType", text(evaluation.meetingType.rawValue)),
            ("meetingDate", text(evaluation.meetingDate)),
            (
                "venues",
                DocumentNode(
                    .array(
                        evaluation.venues.map { venue in
                            object([
                                ("id", text(venue.id)), ("name", name(venue.name)),
                                ("expected", venue.expected.map { DocumentNode(.number(Double($0))) }),
                            ])
                        }))
            ),
            (
                "raterGroups",
                DocumentNode(
                    .array(
                        evaluation.raterGroups.map {
                            object([
                                ("id", text($0.id)), ("name", name($0.name)),
                                ("weight", DocumentNode(.number($0.weight))),
                                ("observer", $0.observer ? DocumentNode(.bool(true)) : nil),
                            ])
                        }))
            ),
            ("expectedRespondents", evaluation.expectedRespondents.map { DocumentNode(.number(Double($0))) }),
            ("opensAt", evaluation.opensAt.map { text(Timestamp.format($0)) }),
            ("closesAt", evaluation.closesAt.map { text(Timestamp.format($0)) }),
            ("anonymous", DocumentNode(.bool(evaluation.anonymous))),
            ("access", text(evaluation.access.rawValue)),
            (
                "screening",
                object([
                    ("minSeconds", DocumentNode(.number(evaluation.screening.minSeconds))),
                    ("excludeFlagged", DocumentNode(.bool(evaluation.screening.excludeFlagged))),
                ])
            ),
            ("sharedDevices", DocumentNode(.bool(evaluation.sharedDevices))),
            ("client", evaluation.report.client.map(text)),
            ("assessor", evaluation.report.assessor.map(text)),
            ("reportNumber", evaluation.report.reportNumber.map(text)),
            ("organization", text(evaluation.organization)),
            ("standard", evaluation.standard.map { text($0.id) }),
            (
                "index",
                evaluation.scoreIndex.map {
                    object([
                        ("survey", DocumentNode(.number($0.survey))), ("facts", DocumentNode(.number($0.facts))),
                    ])
                }
            ),
        ])
    }

    /// The evaluation's create body with `patch`'s members laid over it (a member set to null
    /// is removed: `closesAt: null` clears the time). `invalid` when `patch` is not an object.
    public static func merged(_ evaluation: Evaluation, patch: DocumentNode) throws -> DocumentNode {
        guard case .object(let changes) = patch.value else {
            throw DomainError.invalid(
                "Send an object with the fields to change.",
                [ValidationIssue(path: "", message: "must be an object, found \(patch.kindName)")])
        }
        guard case .object(var pairs) = document(of: evaluation).value else { return patch }
        for change in changes {
            pairs.removeAll { $0.key == change.key }
            if change.value.value != .null { pairs.append(change) }
        }
        return DocumentNode(.object(pairs))
    }

    /// The change that makes `current` what `request` asks, pinned to `questionnaire` in
    /// `organization`; nil when nothing differs. A draft may change anything; an open
    /// evaluation only add venues or rater groups, and set `closesAt` and
    /// `expectedRespondents` (else `conflict` `wrong_state`); a closed one nothing.
    public static func change(
        _ current: Evaluation, to request: EvaluationRequest, questionnaire: Questionnaire, organization: String,
        standard: MeetingStandard?
    ) throws -> EvaluationChange? {
        var changed = current
        changed.questionnaireId = questionnaire.id
        changed.questionnaireVersion = questionnaire.version
        changed.title = request.title
        changed.meetingType = request.meetingType ?? questionnaire.meetingType
        changed.meetingDate = request.meetingDate
        changed.venues = request.venues
        changed.raterGroups = request.raterGroups
        changed.expectedRespondents = request.expectedRespondents
        changed.opensAt = request.opensAt
        changed.closesAt = request.closesAt
        changed.anonymous = request.anonymous
        changed.access = request.access
        changed.screening = request.screening
        changed.sharedDevices = request.sharedDevices
        changed.report = request.report
        changed.organization = organization
        changed.standard = standard
        changed.scoreIndex = request.index
        guard changed != current else { return nil }
        let before = document(of: current)
        let after = document(of: changed)
        switch current.status {
        case .closed:
            throw DomainError.conflict("A closed evaluation cannot be changed.", code: "wrong_state")
        case .open:
            guard case .object(let old) = before.value, case .object(let new) = after.value else { break }
            let keys = Set(old.map(\.key)).union(new.map(\.key))
            let differing = keys.filter { before[$0] != after[$0] }.sorted()
            let refused = differing.filter { !fieldsWhileOpen.contains($0) }
            if !refused.isEmpty {
                throw DomainError.conflict(
                    "An open evaluation can only get more venues or rater groups, a new closing time or a new "
                        + "expected number of respondents; \(refused.joined(separator: ", ")) cannot change now.",
                    code: "wrong_state")
            }
            // A venue's expected respondents may change; the venue itself may not.
            func withoutExpected(_ venues: [Venue]) -> [Venue] { venues.map { Venue(id: $0.id, name: $0.name) } }
            if !isExtension(withoutExpected(current.venues), withoutExpected(changed.venues), id: \.id) {
                throw DomainError.conflict(
                    "An open evaluation keeps its venues as they are; venues can only be added.", code: "wrong_state")
            }
            if !isExtension(current.raterGroups, changed.raterGroups, id: \.id) {
                throw DomainError.conflict(
                    "An open evaluation keeps its rater groups as they are; rater groups can only be added.",
                    code: "wrong_state")
            }
        case .draft:
            break
        }
        return EvaluationChange(
            evaluation: changed, action: "evaluation.changed", detail: ["before": text(before), "after": text(after)])
    }

    /// Whether `new` holds every element of `old` unchanged (by id), and maybe more.
    static func isExtension<T: Equatable>(_ old: [T], _ new: [T], id: KeyPath<T, String>) -> Bool {
        let byId = Dictionary(new.map { ($0[keyPath: id], $0) }, uniquingKeysWith: { a, _ in a })
        return old.allSatisfy { byId[$0[keyPath: id]] == $0 }
    }

    /// Whether the evaluation may be deleted: only a draft that holds no response and no
    /// invitation code (`conflict` `wrong_state` otherwise).
    public static func checkDeletion(_ evaluation: Evaluation, responses: Int, invitations: Int) throws {
        guard evaluation.status == .draft else {
            throw DomainError.conflict(
                "Only a draft can be deleted; an opened evaluation is closed and archived instead.", code: "wrong_state"
            )
        }
        guard responses == 0, invitations == 0 else {
            throw DomainError.conflict(
                "This draft holds responses or invitation codes and cannot be deleted.", code: "wrong_state")
        }
    }

    /// The audit detail of a deletion: the evaluation as it was.
    public static func deletionDetail(_ evaluation: Evaluation) -> [String: String] {
        ["before": text(document(of: evaluation))]
    }

    /// Archives (or brings back) a closed evaluation; nil when it is so already.
    public static func archive(_ evaluation: Evaluation, archived: Bool, at now: Date) throws -> EvaluationChange? {
        guard evaluation.status == .closed else {
            throw DomainError.conflict("Only a closed evaluation can be archived.", code: "wrong_state")
        }
        guard (evaluation.archivedAt != nil) != archived else { return nil }
        var changed = evaluation
        changed.archivedAt = archived ? now : nil
        return EvaluationChange(
            evaluation: changed, action: archived ? "evaluation.archived" : "evaluation.unarchived",
            detail: [
                "before": evaluation.archivedAt.map(Timestamp.format) ?? "not archived",
                "after": changed.archivedAt.map(Timestamp.format) ?? "not archived",
            ])
    }

    static func text(_ node: DocumentNode) -> String {
        var writer = CanonicalJSONWriter()
        writer.node(node)
        return writer.text
    }
}
