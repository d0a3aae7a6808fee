import Foundation
import MeetingEvalCore

/// Group commit's queue, shared by the stores' response writers.
///
/// Submissions queue up; a drain loop takes every queued submission (up to `maxBatch`) and
/// hands them to `commit`, which stores the batch in one transaction and returns each
/// submission's own outcome. SQLite has one writer, so it runs one drain loop
/// (`concurrentBatches: 1`); PostgreSQL runs several, so that the database can flush several
/// batches' commits with one write of its log. A batch closes when the queue is empty, so under
/// light load every submission is its own batch, and under a burst the submissions that arrive
/// while a commit is running share the next one. Each caller is resumed only after `commit`
/// has returned, that is after its batch has committed; when `commit` throws, every caller of
/// the batch gets that error.
public final class SubmissionQueue: @unchecked Sendable {
    /// One queued submission, as it will be stored.
    public struct Pending: Sendable {
        public var record: ResponseRecord
        public var receivedAt: Date
        public var code: PresentedCode?
    }

    public typealias Commit = @Sendable ([Pending]) async throws -> [Result<SubmissionOutcome, any Error>]

    public let maxBatch: Int
    public let concurrentBatches: Int
    private let metrics: WriterMetrics?
    private let commit: Commit
    private let lock = NSLock()
    private var queue: [(Pending, CheckedContinuation<SubmissionOutcome, any Error>)] = []
    private var draining = 0

    public init(maxBatch: Int, concurrentBatches: Int = 1, metrics: WriterMetrics?, commit: @escaping Commit) {
        self.maxBatch = max(1, maxBatch)
        self.concurrentBatches = max(1, concurrentBatches)
        self.metrics = metrics
        self.commit = commit
    }

    public func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date, code: PresentedCode?)
        async throws -> SubmissionOutcome
    {
        let pending = Pending(
            record: ResponseRecord(submission, evaluationId: evaluationId, receivedAt: receivedAt),
            receivedAt: receivedAt, code: code)
        return try await withCheckedThrowingContinuation { continuation in
            let startDrain = lock.withLock { () -> Bool in
                queue.append((pending, continuation))
                guard draining < concurrentBatches else { return false }
                draining += 1
                return true
            }
            if startDrain { Task { await self.drain() } }
        }
    }

    /// Commits batches until the queue is empty.
    private func drain() async {
        while true {
            let batch = lock.withLock { () -> [(Pending, CheckedContinuation<SubmissionOutcome, any Error>)] in
                let batch = Array(queue.prefix(maxBatch))
                queue.removeFirst(batch.count)
                if batch.isEmpty { draining -= 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            let started = DispatchTime.now().uptimeNanoseconds
            do {
                let outcomes = try await commit(batch.map(\.0))
                metrics?.committed(batch: batch.count, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
                for ((_, continuation), outcome) in zip(batch, outcomes) { continuation.resume(with: outcome) }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
    }
}
