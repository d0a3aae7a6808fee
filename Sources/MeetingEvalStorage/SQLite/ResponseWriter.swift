import Foundation
import GRDB
import MeetingEvalCore

/// The one place where responses are written.
///
/// Each submission is checked and inserted in a single write transaction: an id seen before is
/// compared by content digest (same → replay, other → conflict), the evaluation's state is
/// checked at commit time (so a close cannot race a late submission), then the row is
/// inserted. The caller acknowledges only after this returns, i.e. after the commit.
struct ResponseWriter: Sendable {
    let writer: any DatabaseWriter

    func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date) async throws
        -> SubmissionOutcome
    {
        let answers = try CanonicalJSON.string(submission.answers)
        let digest = try Self.contentDigest(of: submission, answersJSON: answers)
        return try await writer.write { db in
            if let existing = try ResponseRecord.fetchOne(db, key: submission.id) {
                guard existing.evaluationId == evaluationId, existing.contentDigest == digest else {
                    throw DomainError.conflict(
                        "A different response with this id was already received.", code: "conflict")
                }
                return .replayed(existing.stored)
            }
            guard let record = try EvaluationRecord.fetchOne(db, key: evaluationId) else {
                throw DomainError.notFound("Unknown evaluation.")
            }
            let acceptance = try record.evaluation().acceptance(at: receivedAt)
            guard acceptance == .accepting else { throw DomainError.notAccepting(acceptance) }
            let response = ResponseRecord(
                id: submission.id, evaluationId: evaluationId, venue: submission.venue,
                raterGroup: submission.raterGroup, answers: answers,
                startedAt: submission.startedAt.map(Timestamp.format),
                receivedAt: Timestamp.format(receivedAt), locale: submission.locale, contentDigest: digest
            )
            try response.insert(db)
            return .created(response.stored)
        }
    }

    /// Digest of everything the attendee sent, so that a retry can be told from a different response.
    static func contentDigest(of submission: ResponseSubmission, answersJSON: String) throws -> String {
        struct Content: Encodable {
            var venue: String?
            var raterGroup: String?
            var answers: String
            var startedAt: String?
            var locale: String?
        }
        let content = Content(
            venue: submission.venue, raterGroup: submission.raterGroup, answers: answersJSON,
            startedAt: submission.startedAt.map(Timestamp.format), locale: submission.locale
        )
        return CanonicalJSON.sha256(try CanonicalJSON.data(content))
    }
}
