import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import PostgresNIO

/// Group commit on PostgreSQL: the one place where this store writes responses.
///
/// Submissions queue up (`SubmissionQueue`); up to `concurrentBatches` drain loops each take
/// every queued submission (up to `maxBatch`) and store them in one transaction, with a
/// constant number of round trips whatever the batch size:
/// 1. a shared advisory lock per evaluation of the batch (`EvaluationLock`), so that a change
///    of an evaluation (which takes the lock exclusively, on any server) either waits for this
///    batch or is seen by it. An advisory lock lives in the lock manager's memory; a row lock
///    (`FOR SHARE`) would write the evaluation's row, and a multixact for batches holding it at
///    once, in every batch;
/// 2. the batch's evaluations, read after the lock is held, and the responses already stored
///    under the batch's ids, in one statement;
/// 3. the presented invitation codes, `FOR UPDATE` in a fixed order, so that a code raced to
///    two servers is checked by one after the other has committed;
/// 4. the rules of `SubmissionRules` (Core) decide each submission in arrival order, in memory
///    (replay or conflict, acceptance at its receipt time, the code, a venue observed once —
///    the batch's observed venues are read first, only when it holds an observation);
/// 5. one `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING` of the accepted responses
///    (one array per column, so the statement's text is the same whatever the batch size) and
///    one `INSERT` of the observations, if any, and one `UPDATE` of the spent codes; then COMMIT.
///
/// A caller is resumed only after COMMIT has succeeded, so a 201 means "committed". If another
/// server stored one of the ids in between (the insert skips it), the batch is rolled back and
/// decided again, now seeing that row. A lost connection or a database that is away fails the
/// whole batch with `StoreUnavailable` (503): nothing is acknowledged that might not be stored,
/// and the client's retry with the same id is answered by the replay rule.
///
/// **Known evaluations.** Steps 1–3 and 5 cost four statements, and a batch under load holds
/// about ten submissions, so most of the database's work went into parsing and planning them
/// and into reading the evaluation again for every batch. The writer therefore keeps each
/// evaluation it read in step 2 with its `revision` (a trigger counts it up on every change of
/// the row). A batch whose evaluations are all known, that presents no invitation code and holds
/// no observation is decided against them in memory, and when every submission is accepted it is
/// stored with one statement, `meeting_eval_store_responses` (migration
/// `v8-submission-revisions`), which takes the same shared locks, checks that each revision is
/// still the stored one, and inserts. BEGIN, that statement and COMMIT: three round trips. If a
/// revision changed or an id was already stored, the batch is rolled back and stored by the
/// steps above, which read everything afresh; a batch with a refusal goes there at once, since a
/// refused id may be a replay of a stored response.
final class PostgresResponseWriter: Sendable {
    let access: PostgresAccess
    private let queue: SubmissionQueue
    private let known: KnownEvaluations

    static let defaultMaxBatch = 512
    /// Batches committing at once (each on its own connection): PostgreSQL writes its log for
    /// several commits at a time, which one batch after another cannot use. Two: since a batch
    /// of known evaluations costs three round trips, four at once only made the batches smaller
    /// (`Benchmarks/submissions/run.py --postgres --baseline`, docs/performance.md).
    static let concurrentBatches = 2
    /// Rounds of a batch that lost a race for an id to another server, or a deadlock.
    static let attempts = 4
    /// A batch with no answer from the database by then is answered `StoreUnavailable` (its
    /// callers retry; the replay rule tells whether it committed after all), so the queue
    /// behind it moves on.
    static let commitDeadline: Duration = .seconds(10)

    typealias Pending = SubmissionQueue.Pending

    init(access: PostgresAccess, maxBatch: Int, metrics: WriterMetrics?) {
        self.access = access
        let known = KnownEvaluations()
        self.known = known
        queue = SubmissionQueue(
            maxBatch: maxBatch, concurrentBatches: maxBatch > 1 ? Self.concurrentBatches : 1, metrics: metrics
        ) { batch in
            try await Self.commit(batch, access: access, known: known)
        }
    }

    func submit(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date, code: PresentedCode?)
        async throws -> SubmissionOutcome
    {
        try await queue.submit(submission, evaluationId: evaluationId, receivedAt: receivedAt, code: code)
    }

    /// Decides and stores one batch: by the known evaluations' statement when it can, otherwise
    /// (or when that finds something changed) by reading everything, retrying when another
    /// server won a race for one of its ids.
    private static func commit(_ batch: [Pending], access: PostgresAccess, known: KnownEvaluations) async throws
        -> [Result<SubmissionOutcome, any Error>]
    {
        let logger = access.logger
        if let decided = decideWithKnown(batch, known: known) {
            do {
                return try await access.transaction(deadline: commitDeadline) { db in
                    try await storeKnown(decided, db, logger)
                }
            } catch let error where error is NotAsKnown || isRetryable(error) {
                // Rolled back (something changed, or a deadlock); decided again below from what
                // is stored.
            }
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await access.transaction(deadline: commitDeadline) { db in
                    try await store(batch, db, logger, known: known)
                }
            } catch let error where isRetryable(error) {
                guard attempt < attempts else {
                    throw StoreUnavailable("submissions kept racing with another server; try again")
                }
            }
        }
    }

    /// Serialization failures and deadlocks are decided again from the start.
    static func isRetryable(_ error: any Error) -> Bool {
        if error is RaceLost { return true }
        let state = PostgresAccess.sqlState(error)
        return state == "40001" || state == "40P01"
    }

    private struct Accepted {
        var record: ResponseRecord
        var code: PresentedCode?
        var anonymous: Bool
    }

    /// The batch decided against the evaluations the writer knows, when it may be stored by
    /// `storeKnown`: no invitation code, no observation, and every submission accepted (a replay
    /// of an earlier submission of the same batch counts). Nil sends it the long way.
    private static func decideWithKnown(_ batch: [Pending], known: KnownEvaluations) -> KnownDecision? {
        guard batch.allSatisfy({ $0.code == nil }) else { return nil }
        let evaluationIds = Array(Set(batch.map(\.record.evaluationId))).sorted()
        guard let entries = known.entries(evaluationIds) else { return nil }
        let decision = decide(
            batch, evaluations: entries.mapValues(\.evaluation), existing: [:], codes: [:], observed: [:])
        guard decision.observations.isEmpty,
            decision.outcomes.allSatisfy({ if case .success = $0 { true } else { false } })
        else { return nil }
        return KnownDecision(
            decision: decision, evaluationIds: evaluationIds, revisions: evaluationIds.map { entries[$0]!.revision })
    }

    /// Stores a batch decided against known evaluations with one statement; `NotAsKnown` (which
    /// rolls the transaction back) when an evaluation changed since it was read or one of the
    /// ids was already stored.
    private static func storeKnown(_ known: KnownDecision, _ db: PostgresConnection, _ logger: Logger) async throws
        -> [Result<SubmissionOutcome, any Error>]
    {
        // Inserted in id order, so that two servers' batches wait for each other in one order.
        let rows = known.decision.accepted.map(\.record).sorted { $0.id < $1.id }
        let answer = try await PostgresAccess.rows(
            """
            SELECT meeting_eval_store_responses(\(known.evaluationIds)::text[], \(known.revisions)::bigint[],
                \(EvaluationLock.seed), \(rows.map(\.id))::text[], \(rows.map(\.evaluationId))::text[],
                \(TextArray(rows.map(\.venue)))::text[], \(TextArray(rows.map(\.raterGroup)))::text[],
                \(rows.map(\.answers))::text[], \(TextArray(rows.map(\.startedAt)))::text[],
                \(rows.map(\.receivedAt))::text[], \(TextArray(rows.map(\.locale)))::text[],
                \(rows.map(\.contentDigest))::text[])
            """, on: db, logger: logger, { try $0.decode(String.self) })
        guard answer == ["stored"] else { throw NotAsKnown() }
        return known.decision.outcomes
    }

    /// One round of a batch inside its transaction; throws `RaceLost` (which rolls it back) when
    /// another server stored one of its ids or spent one of its codes after they were looked up.
    private static func store(_ batch: [Pending], _ db: PostgresConnection, _ logger: Logger, known: KnownEvaluations)
        async throws -> [Result<SubmissionOutcome, any Error>]
    {
        let ids = batch.map(\.record.id)
        let evaluationIds = Array(Set(batch.map(\.record.evaluationId))).sorted()
        try await EvaluationLock.share(evaluationIds, on: db, logger: logger)
        var evaluations: [String: Evaluation] = [:]
        var existing: [String: ResponseRecord] = [:]
        // One round trip for both: the evaluations (first, with their revisions) and the
        // responses stored under the batch's ids, told apart by the first column.
        for try await row in try await db.query(
            """
            SELECT true, revision, \(unescaped: EvaluationRecord.columnList), \(unescaped: Self.responsePadding)
            FROM evaluation WHERE id = ANY(\(evaluationIds))
            UNION ALL
            SELECT false, NULL, \(unescaped: Self.evaluationPadding), \(unescaped: PostgresEvaluationStore.responseColumns)
            FROM response WHERE id = ANY(\(ids))
            """, logger: logger)
        {
            var columns = ColumnReader(row)
            if try columns.next(Bool.self) {
                let revision = try columns.next(Int64.self)
                let evaluation = try PostgresEvaluationStore.evaluation(&columns)
                evaluations[evaluation.id] = evaluation
                known.remember(evaluation, revision: revision)
            } else {
                columns.index = 2 + Self.evaluationColumnCount
                let record = try PostgresEvaluationStore.responseRecord(&columns)
                existing[record.id] = record
            }
        }
        let codeHashes = Array(Set(batch.compactMap(\.code?.codeHash))).sorted()
        var codes: [String: (evaluationId: String, state: InvitationState)] = [:]
        if !codeHashes.isEmpty {
            for (hash, evaluationId, used, withdrawn) in try await PostgresAccess.rows(
                """
                SELECT codeHash, evaluationId, used, withdrawnAt IS NOT NULL FROM invitation
                WHERE codeHash = ANY(\(codeHashes)) ORDER BY codeHash FOR UPDATE
                """, on: db, logger: logger, { try $0.decode((String, String, Bool, Bool).self) })
            {
                codes[hash] = (evaluationId, InvitationState(used: used, withdrawn: withdrawn))
            }
        }

        // The venues already observed, read only when the batch holds an observation.
        let observing = batch.contains { pending in
            evaluations[pending.record.evaluationId].map {
                ObservationRules.isObservation($0, raterGroup: pending.record.raterGroup)
            } ?? false
        }
        var observed: [ObservedVenue: String] = [:]
        if observing {
            for (evaluationId, venue, responseId) in try await PostgresAccess.rows(
                "SELECT evaluationId, venue, responseId FROM observation WHERE evaluationId = ANY(\(evaluationIds))",
                on: db, logger: logger, { try $0.decode((String, String, String).self) })
            {
                observed[ObservedVenue(evaluationId: evaluationId, venue: venue)] = responseId
            }
        }

        let decision = decide(
            batch, evaluations: evaluations, existing: existing, codes: codes, observed: observed)
        let (outcomes, accepted, observations) = (decision.outcomes, decision.accepted, decision.observations)
        guard !accepted.isEmpty else { return outcomes }

        // Inserted in id order, so that two servers' batches wait for each other in one order.
        let ordered = accepted.sorted { $0.record.id < $1.record.id }
        let rows = ordered.map(\.record)
        let insert: PostgresQuery = """
            INSERT INTO response (\(unescaped: PostgresEvaluationStore.responseColumns))
            SELECT * FROM unnest(\(rows.map(\.id))::text[], \(rows.map(\.evaluationId))::text[],
                \(TextArray(rows.map(\.venue)))::text[], \(TextArray(rows.map(\.raterGroup)))::text[],
                \(rows.map(\.answers))::text[], \(TextArray(rows.map(\.startedAt)))::text[],
                \(rows.map(\.receivedAt))::text[], \(TextArray(rows.map(\.locale)))::text[],
                \(rows.map(\.contentDigest))::text[])
            ON CONFLICT (id) DO NOTHING RETURNING id
            """
        let inserted = try await PostgresAccess.rows(insert, on: db, logger: logger) { try $0.decode(String.self) }
        guard inserted.count == rows.count else {
            // Another server stored one of these ids since the look-up: decide again.
            throw RaceLost()
        }

        if !observations.isEmpty {
            // Another server may have observed one of these venues since the look-up: the key
            // skips the row, and the batch is decided again, now seeing it.
            let recorded = try await PostgresAccess.rows(
                """
                INSERT INTO observation (evaluationId, venue, responseId)
                SELECT * FROM unnest(\(observations.map(\.evaluationId))::text[],
                    \(observations.map { $0.venue ?? "" })::text[], \(observations.map(\.id))::text[])
                ON CONFLICT DO NOTHING RETURNING responseId
                """, on: db, logger: logger, { try $0.decode(String.self) })
            guard recorded.count == observations.count else { throw RaceLost() }
        }

        let spent = ordered.filter { $0.code != nil }
        if !spent.isEmpty {
            let hashes = spent.map { $0.code!.codeHash }
            // Anonymous evaluations: only the flag, so that no stored byte links a response to its code.
            let responseIds = spent.map { $0.anonymous ? "" : $0.record.id }
            let times = spent.map { $0.anonymous ? "" : $0.record.receivedAt }
            let marked = try await PostgresAccess.rows(
                """
                UPDATE invitation SET used = true, usedAt = NULLIF(spent.usedAt, ''),
                    responseId = NULLIF(spent.responseId, '')
                FROM unnest(\(hashes)::text[], \(responseIds)::text[], \(times)::text[])
                    AS spent(codeHash, responseId, usedAt)
                WHERE invitation.codeHash = spent.codeHash AND NOT invitation.used
                RETURNING invitation.codeHash
                """, on: db, logger: logger, { try $0.decode(String.self) })
            guard marked.count == spent.count else { throw RaceLost() }
        }
        return outcomes
    }

    struct RaceLost: Error {}

    /// What the rules of `SubmissionRules` decide for each submission of a batch, in arrival
    /// order, given what is stored (`existing` ids, `codes`, `observed` venues); and what that
    /// leaves to write.
    private static func decide(
        _ batch: [Pending], evaluations: [String: Evaluation], existing: [String: ResponseRecord],
        codes: [String: (evaluationId: String, state: InvitationState)], observed: [ObservedVenue: String]
    ) -> Decision {
        var (existing, codes, observed) = (existing, codes, observed)
        var decision = Decision()
        for pending in batch {
            let response = pending.record
            let outcome = Result<SubmissionOutcome, any Error> {
                if let stored = existing[response.id] {
                    try SubmissionRules.checkReplay(
                        storedEvaluationId: stored.evaluationId, storedDigest: stored.contentDigest,
                        evaluationId: response.evaluationId, digest: response.contentDigest)
                    return .replayed(stored.stored)
                }
                let evaluation = try SubmissionRules.checkAcceptance(
                    evaluations[response.evaluationId], at: pending.receivedAt)
                let needsCode = SubmissionRules.needsCode(evaluation)
                if needsCode {
                    let state = pending.code.flatMap { code in
                        codes[code.codeHash].flatMap { $0.evaluationId == evaluation.id ? $0.state : nil }
                    }
                    try SubmissionRules.checkCode(presented: pending.code != nil, state: state)
                }
                if ObservationRules.isObservation(evaluation, raterGroup: response.raterGroup) {
                    try ObservationRules.checkVenue(response.venue)
                    let venue = ObservedVenue(evaluationId: evaluation.id, venue: response.venue ?? "")
                    try ObservationRules.checkOnce(existing: observed[venue])
                    observed[venue] = response.id
                    decision.observations.append(response)
                }
                existing[response.id] = response
                let spent = needsCode ? pending.code : nil
                if let spent { codes[spent.codeHash]?.state.used = true }
                decision.accepted.append(Accepted(record: response, code: spent, anonymous: evaluation.anonymous))
                return .created(response.stored)
            }
            decision.outcomes.append(outcome)
        }
        return decision
    }

    private struct Decision {
        var outcomes: [Result<SubmissionOutcome, any Error>] = []
        var accepted: [Accepted] = []
        var observations: [ResponseRecord] = []
    }

    /// A batch decided against known evaluations, with the revisions it was decided against.
    private struct KnownDecision {
        var decision: Decision
        var evaluationIds: [String]
        var revisions: [Int64]
    }

    /// An evaluation of the batch changed since the writer read it, or an id was already stored.
    struct NotAsKnown: Error {}

    private struct ObservedVenue: Hashable {
        var evaluationId: String
        var venue: String
    }

    /// The padding of the batch's look-up (`UNION ALL` of evaluations and stored responses),
    /// made once: as many `NULL`s as the other side has columns.
    static let evaluationColumnCount = EvaluationRecord.columnList.split(separator: ",").count
    static let evaluationPadding = Array(repeating: "NULL", count: evaluationColumnCount).joined(separator: ", ")
    static let responsePadding = Array(
        repeating: "NULL", count: PostgresEvaluationStore.responseColumns.split(separator: ",").count
    ).joined(separator: ", ")
}

/// A `text[]` whose elements may be NULL, in PostgreSQL's binary array format (postgres-nio
/// encodes arrays of non-optional elements only).
struct TextArray: PostgresNonThrowingEncodable {
    var elements: [String?]

    init(_ elements: [String?]) { self.elements = elements }

    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)  // dimensions
        buffer.writeInteger(elements.contains(nil) ? 1 : 0, as: Int32.self)  // has NULLs
        buffer.writeInteger(PostgresDataType.text.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))  // length of the one dimension
        buffer.writeInteger(1, as: Int32.self)  // its lower bound
        for element in elements {
            if let element {
                buffer.writeInteger(Int32(element.utf8.count))
                buffer.writeString(element)
            } else {
                buffer.writeInteger(-1, as: Int32.self)
            }
        }
    }
}

/// The evaluations the response writer last read under their locks, each with its revision: what
/// a batch may be decided against before `meeting_eval_store_responses` checks, under the same
/// locks, that each is still the stored one. A stale entry costs one batch the long way, which
/// reads the evaluation afresh. At most `limit` are kept; past that the memory starts over.
final class KnownEvaluations: @unchecked Sendable {
    static let limit = 1_000
    private let lock = NSLock()
    private var byId: [String: (evaluation: Evaluation, revision: Int64)] = [:]

    /// The known evaluations with these ids; nil unless all of them are known.
    func entries(_ ids: [String]) -> [String: (evaluation: Evaluation, revision: Int64)]? {
        lock.withLock {
            var found: [String: (evaluation: Evaluation, revision: Int64)] = [:]
            for id in ids {
                guard let entry = byId[id] else { return nil }
                found[id] = entry
            }
            return found
        }
    }

    func remember(_ evaluation: Evaluation, revision: Int64) {
        lock.withLock {
            if byId.count >= Self.limit, byId[evaluation.id] == nil { byId.removeAll() }
            byId[evaluation.id] = (evaluation, revision)
        }
    }
}
