import Foundation

/// What a submission must satisfy at the moment it is stored. A store calls these inside the
/// transaction that stores the response, one submission at a time in arrival order, with
/// what it read in that transaction; so the decision is made here once, for every store.
public enum SubmissionRules {
    /// A response with the same id was stored before: the same content (same evaluation and
    /// content digest) is a replay, answered with the first receipt; anything else is a
    /// conflict.
    public static func checkReplay(
        storedEvaluationId: String, storedDigest: String, evaluationId: String, digest: String
    ) throws {
        guard storedEvaluationId == evaluationId, storedDigest == digest else {
            throw DomainError.conflict("A different response with this id was already received.", code: "conflict")
        }
    }

    /// Digest of everything the attendee sent, so that a retry can be told from a different
    /// response: SHA-256 of the canonical JSON object of the answers' stored text, locale,
    /// rater group, start time and venue (absent fields left out).
    public static func contentDigest(of submission: ResponseSubmission, answersJSON: String, startedAt: String?)
        -> String
    {
        let fields: [(key: String, value: String?)] = [
            ("answers", answersJSON), ("locale", submission.locale), ("raterGroup", submission.raterGroup),
            ("startedAt", startedAt), ("venue", submission.venue),
        ]
        var writer = CanonicalJSONWriter()
        writer.object(fields.compactMap { field in field.value.map { (key: field.key, value: $0) } }) {
            $0.string($1)
        }
        return CanonicalJSON.sha256(writer.bytes)
    }

    /// The evaluation as committed must accept responses at `receivedAt`.
    public static func checkAcceptance(_ evaluation: Evaluation?, at receivedAt: Date) throws -> Evaluation {
        guard let evaluation else { throw DomainError.notFound("Unknown evaluation.") }
        let acceptance = evaluation.acceptance(at: receivedAt)
        guard acceptance == .accepting else { throw DomainError.notAccepting(acceptance) }
        return evaluation
    }

    /// Whether the evaluation spends a code with each response.
    public static func needsCode(_ evaluation: Evaluation) -> Bool {
        evaluation.access == .invitation
    }

    /// The code presented with a submission, as the store found it in the transaction: it must
    /// have been presented, belong to the evaluation, not be withdrawn and not be used.
    public static func checkCode(presented: Bool, state: InvitationState?) throws {
        guard presented else { throw InvitationRules.missing }
        try InvitationRules.check(state)
    }

    /// Marking the code used changed no row: another submission spent it first.
    public static func codeSpentElsewhere() -> DomainError { InvitationRules.used }
}

/// A code's state as a store reads it inside a transaction.
public struct InvitationState: Sendable, Equatable {
    public var used: Bool
    public var withdrawn: Bool

    public init(used: Bool, withdrawn: Bool) {
        self.used = used
        self.withdrawn = withdrawn
    }
}

/// The invitation-code rules and their messages (in both languages), the same for the code
/// check before answering and for the submission.
public enum InvitationRules {
    /// Longest text taken as a code at all.
    public static var maxTypedLength: Int { 64 }

    static let missing = DomainError.invalid(
        "This evaluation needs an invitation code. 本评估需要邀请码。",
        [ValidationIssue(path: "token", message: "an invitation code is required")])
    static let unknown = DomainError.invalid(
        "This invitation code is not valid. 邀请码无效。",
        [ValidationIssue(path: "token", message: "is not an invitation code of this evaluation")])
    static let used = DomainError.conflict(
        "This invitation code has already been used. 该邀请码已被使用。", code: "code_used")
    static let withdrawn = DomainError.conflict(
        "This invitation code was withdrawn by the organizer. 该邀请码已被组织方收回。", code: "code_withdrawn")

    /// A code of the evaluation (nil: none with that hash) that can still be spent.
    public static func check(_ state: InvitationState?) throws {
        guard let state else { throw unknown }
        if state.withdrawn { throw withdrawn }
        if state.used { throw used }
    }
}
