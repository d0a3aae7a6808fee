import Foundation
import GRDB
import MeetingEvalCore

/// The one place where responses are written, with group commit (`SubmissionQueue`): every
/// queued submission (up to `maxBatch`) is stored in a single write transaction — one commit
/// and one sync for the whole batch — and each caller is resumed only after its batch has
/// committed, so a `201` still means "on disk".
///
/// Inside the transaction each submission is checked exactly as before, in arrival order: an
/// id seen before (also earlier in the same batch) is compared by content digest (same →
/// replay, other → conflict), and the evaluation's state is checked at commit time (so a close
/// cannot race a late submission). A submission that fails its checks fails alone; the others
/// of the batch are stored.
final class ResponseWriter: Sendable {
    let writer: any DatabaseWriter
    private let evaluations = WriterEvaluations()
    private let queue: SubmissionQueue

    static let defaultMaxBatch = 512

    /// Whether commits are failing for a storage fault (for `/healthz`).
    let faults: StorageFaultState

    init(
        writer: any DatabaseWriter, maxBatch: Int = defaultMaxBatch, metrics: WriterMetrics? = nil,
        faults: StorageFaultState = StorageFaultState()
    ) {
        self.writer = writer
        self.faults = faults
        writer.add(transactionObserver: evaluations)
        queue = SubmissionQueue(maxBatch: maxBatch, metrics: metrics) { [evaluations] batch in
            do {
                let outcomes = try await writer.write { db in
                    try evaluations.forgetIfChangedElsewhere(db)
                    let outcomes = batch.map { pending in
                        Result {
                            try Self.store(
                                pending.record, at: pending.receivedAt, code: pending.code, db,
                                evaluations: evaluations)
                        }
                    }
                    // A storage fault fails the whole batch: SQLite may already have rolled the
                    // transaction back, so nothing of it is promised as stored.
                    for case .failure(let error) in outcomes {
                        if let fault = SQLiteFault.storeUnavailable(error) { throw fault }
                    }
                    return outcomes
                }
                faults.committed()
                return outcomes
            } catch {
                guard let fault = SQLiteFault.storeUnavailable(error), fault.storage else { throw error }
                faults.failed(fault)
                metrics?.storageFault()
                throw fault
            }
        }
    }

    func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date, code: PresentedCode? = nil)
        async throws -> SubmissionOutcome
    {
        try await queue.submit(submission, evaluationId: evaluationId, receivedAt: receivedAt, code: code)
    }

    private static func store(
        _ response: ResponseRecord, at receivedAt: Date, code: PresentedCode?, _ db: Database,
        evaluations: WriterEvaluations
    ) throws -> SubmissionOutcome {
        // Cached statements: the submission path prepares its two statements once per connection.
        let lookup = try db.cachedStatement(sql: "SELECT * FROM response WHERE id = ?")
        if let existing = try ResponseRecord.fetchOne(lookup, arguments: [response.id]) {
            try SubmissionRules.checkReplay(
                storedEvaluationId: existing.evaluationId, storedDigest: existing.contentDigest,
                evaluationId: response.evaluationId, digest: response.contentDigest)
            return .replayed(existing.stored)
        }
        let evaluation = try SubmissionRules.checkAcceptance(
            try evaluations.evaluation(response.evaluationId, db), at: receivedAt)
        let needsCode = SubmissionRules.needsCode(evaluation)
        if needsCode {
            try SubmissionRules.checkCode(
                presented: code != nil,
                state: try code.flatMap { try InvitationUse.state($0, evaluationId: evaluation.id, db) })
        }
        let observation = ObservationRules.isObservation(evaluation, raterGroup: response.raterGroup)
        if observation {
            try ObservationRules.checkVenue(response.venue)
            try ObservationRules.checkOnce(existing: try ObservationUse.recorded(response, db))
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO response (id, evaluationId, venue, raterGroup, answers, startedAt, receivedAt, locale, contentDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            response.id, response.evaluationId, response.venue, response.raterGroup, response.answers,
            response.startedAt, response.receivedAt, response.locale, response.contentDigest,
        ])
        if observation { try ObservationUse.record(response, db) }
        if needsCode, let code {
            guard try InvitationUse.markUsed(code, response: response, anonymous: evaluation.anonymous, db) else {
                throw SubmissionRules.codeSpentElsewhere()
            }
        }
        return .created(response.stored)
    }
}

/// The evaluations as the writer's connection last read them, so that a batch does not read
/// and decode its evaluation again. It is touched only inside the writer's transactions, which
/// run one at a time, and it forgets everything
/// - when this connection changes the evaluation table (it observes that table, and is told
///   inside the changing transaction, before any later batch runs), or rolls back;
/// - when another connection, or another process, has committed anything since the last batch
///   (`PRAGMA data_version` changed).
/// So the state a submission is checked against is always the committed one.
final class WriterEvaluations: TransactionObserver, @unchecked Sendable {
    private var cached: [String: Evaluation] = [:]
    private var dataVersion: Int?

    func evaluation(_ id: String, _ db: Database) throws -> Evaluation? {
        if let evaluation = cached[id] { return evaluation }
        guard let evaluation = try EvaluationRecord.fetchOne(db, key: id)?.evaluation() else { return nil }
        cached[id] = evaluation
        return evaluation
    }

    func forgetIfChangedElsewhere(_ db: Database) throws {
        let version = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version"))
        if version != dataVersion {
            cached.removeAll()
            dataVersion = version
        }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == EvaluationRecord.databaseTableName
    }

    func databaseDidChange(with event: DatabaseEvent) {
        cached.removeAll()
    }

    func databaseDidCommit(_ db: Database) {}

    func databaseDidRollback(_ db: Database) {
        cached.removeAll()
    }
}
