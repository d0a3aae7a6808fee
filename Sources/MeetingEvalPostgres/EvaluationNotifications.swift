import Foundation
import Logging
import MeetingEvalCore
import PostgresNIO

/// Evaluations read by id or slug, kept only while this server hears every change of them.
///
/// Every change of an evaluation (`changeEvaluation`) sends `NOTIFY meeting_eval_evaluation`
/// with its id in the changing transaction, so that PostgreSQL delivers it to every server
/// at commit. Each server holds one connection that LISTENs:
/// - a notification drops that evaluation from the cache;
/// - while the listening connection is down, nothing is cached (every read goes to the
///   database), and the cache starts empty each time listening starts again.
///
/// A read that began before a notification arrived is not cached (`generation`), so an entry
/// can never be older than the last notification. Between a commit on another server and its
/// notification arriving here (a few milliseconds) a request may still see the evaluation as
/// it was. Nothing is decided on that view alone: the response writer checks the state again
/// inside its transaction, under the evaluation's lock (`EvaluationLock`).
final class EvaluationNotifications: @unchecked Sendable {
    static let channel = "meeting_eval_evaluation"

    private let lock = NSLock()
    private var listening = false
    private var generation: UInt64 = 0
    private var byId: [String: Evaluation] = [:]
    private var idsBySlug: [String: String] = [:]
    private var listener: Task<Void, Never>?

    /// Starts the listening connection (taken from the pool for as long as the store runs).
    func start(client: PostgresClient, logger: Logger) {
        listener = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.channel) { notifications in
                            self?.startedListening()
                            for try await notification in notifications {
                                self?.changed(notification.payload)
                            }
                        }
                    }
                } catch {
                    if !Task.isCancelled {
                        logger.debug("evaluation notifications interrupted", metadata: ["error": "\(error)"])
                    }
                }
                self?.stoppedListening()
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func stop() {
        listener?.cancel()
        stoppedListening()
    }

    /// The cached evaluation, when this server is listening.
    func cached(id: String) -> Evaluation? { lock.withLock { listening ? byId[id] : nil } }

    func cached(slug: String) -> Evaluation? {
        lock.withLock { listening ? idsBySlug[slug].flatMap { byId[$0] } : nil }
    }

    /// The generation to give `store(_:readAt:)` for a read that starts now.
    var currentGeneration: UInt64 { lock.withLock { generation } }

    /// Keeps an evaluation read from the database, unless a change was heard since the read
    /// began or nobody is listening.
    func store(_ evaluation: Evaluation, readAt readGeneration: UInt64) {
        lock.withLock {
            guard listening, readGeneration == generation else { return }
            byId[evaluation.id] = evaluation
            idsBySlug[evaluation.slug] = evaluation.id
        }
    }

    /// An evaluation changed (here or on another server).
    func changed(_ id: String) {
        lock.withLock {
            generation &+= 1
            byId.removeValue(forKey: id)
        }
    }

    private func startedListening() {
        lock.withLock {
            generation &+= 1
            byId.removeAll()
            idsBySlug.removeAll()
            listening = true
        }
    }

    private func stoppedListening() {
        lock.withLock {
            generation &+= 1
            listening = false
            byId.removeAll()
            idsBySlug.removeAll()
        }
    }
}
