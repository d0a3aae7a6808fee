import Foundation
import GRDB
import MeetingEvalCore

/// The one place where responses are written, with group commit.
///
/// Submissions queue up; one drain loop at a time takes every queued submission (up to
/// `maxBatch`) and stores them in a single write transaction — one commit and one sync for
/// the whole batch. A batch closes when the queue is empty, so under light load every
/// submission is its own batch, and under a burst the submissions that arrive while a commit
/// is running share the next one. Each caller is resumed only after its batch has committed,
/// so a `201` still means "on disk".
///
/// Inside the transaction each submission is checked exactly as before, in arrival order: an
/// id seen before (also earlier in the same batch) is compared by content digest (same →
/// replay, other → conflict), and the evaluation's state is checked at commit time (so a close
/// cannot race a late submission). A submission that fails its checks fails alone; the others
/// of the batch are stored.
final class ResponseWriter: @unchecked Sendable {
    let writer: any DatabaseWriter
    let maxBatch: Int
    private let lock = NSLock()
    private var queue: [Pending] = []
    private var draining = false

    private struct Pending: Sendable {
        var record: ResponseRecord
        var receivedAt: Date
        var continuation: CheckedContinuation<SubmissionOutcome, any Error>
    }

    static let defaultMaxBatch = 512

    init(writer: any DatabaseWriter, maxBatch: Int = defaultMaxBatch) {
        self.writer = writer
        self.maxBatch = max(1, maxBatch)
    }

    func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date) async throws
        -> SubmissionOutcome
    {
        let answers = try CanonicalJSON.string(submission.answers)
        let record = ResponseRecord(
            id: submission.id, evaluationId: evaluationId, venue: submission.venue,
            raterGroup: submission.raterGroup, answers: answers,
            startedAt: submission.startedAt.map(Timestamp.format), receivedAt: Timestamp.format(receivedAt),
            locale: submission.locale, contentDigest: try Self.contentDigest(of: submission, answersJSON: answers)
        )
        return try await withCheckedThrowingContinuation { continuation in
            let startDrain = lock.withLock { () -> Bool in
                queue.append(Pending(record: record, receivedAt: receivedAt, continuation: continuation))
                guard !draining else { return false }
                draining = true
                return true
            }
            if startDrain { Task { await self.drain() } }
        }
    }

    /// Commits batches until the queue is empty.
    private func drain() async {
        while true {
            let batch = lock.withLock { () -> [Pending] in
                let batch = Array(queue.prefix(maxBatch))
                queue.removeFirst(batch.count)
                if batch.isEmpty { draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let outcomes = try await writer.write { db in
                    var evaluations: [String: Evaluation?] = [:]
                    return batch.map { pending in
                        Result { try Self.store(pending.record, at: pending.receivedAt, db, evaluations: &evaluations) }
                    }
                }
                for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(with: outcome) }
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
    }

    private static func store(
        _ response: ResponseRecord, at receivedAt: Date, _ db: Database, evaluations: inout [String: Evaluation?]
    ) throws -> SubmissionOutcome
    {
        if let existing = try ResponseRecord.fetchOne(db, key: response.id) {
            guard existing.evaluationId == response.evaluationId, existing.contentDigest == response.contentDigest
            else {
                throw DomainError.conflict("A different response with this id was already received.", code: "conflict")
            }
            return .replayed(existing.stored)
        }
        if evaluations[response.evaluationId] == nil {
            evaluations[response.evaluationId] = try EvaluationRecord.fetchOne(db, key: response.evaluationId)?
                .evaluation()
        }
        guard let evaluation = evaluations[response.evaluationId] ?? nil else {
            throw DomainError.notFound("Unknown evaluation.")
        }
        let acceptance = evaluation.acceptance(at: receivedAt)
        guard acceptance == .accepting else { throw DomainError.notAccepting(acceptance) }
        try response.insert(db)
        return .created(response.stored)
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
