import Foundation
import Hummingbird
import MeetingEvalCore
import ServiceLifecycle

/// `GET /api/evaluations/{id}/live`: the dashboard's server-sent events.
///
/// One `snapshot` event at once, then another whenever the counts or the state change
/// (looked at every second). The snapshot of an evaluation is computed once per second for
/// every stream watching it (`LiveSnapshotHub`), so a hundred open dashboards cost what one
/// does. The overall score comes from a full scorecard, so after a change it is recomputed
/// once at least five times its last computing time has passed (every second for a small
/// evaluation, every few seconds for one with a hundred thousand responses), and the
/// snapshots between carry the last one; a comment line every 15 s keeps proxies from closing
/// a quiet stream. The stream ends when the client goes away (noticed at the next write) and
/// within a second of the server being asked to stop, so that a graceful shutdown never waits
/// for an open dashboard.
struct LiveController<Store: EvaluationStore> {
    let store: Store
    let hub: LiveSnapshotHub<Store>
    let metrics: ServerMetrics
    var pollInterval: Duration = .seconds(1)
    var keepAliveInterval: Duration = .seconds(15)

    init(store: Store, metrics: ServerMetrics, shared: Bool = true) {
        self.store = store
        self.hub = LiveSnapshotHub(store: store, pollInterval: .seconds(1), metrics: metrics, shared: shared)
        self.metrics = metrics
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.requiring(.readDistribution).get("evaluations/{id}/live", use: live)
    }

    @Sendable func live(_ request: Request, context: AppRequestContext) async throws -> Response {
        let first = try await store.evaluation(idParameterOf: context)
        let body = ResponseBody { [self] writer in
            // Shared: the hub's snapshot of the evaluation. Not shared (the benchmark's
            // baseline): this stream's own, computed here as every stream once did.
            var own = hub.shared ? nil : LiveSnapshotSource(evaluation: first, pollInterval: pollInterval)
            var lastSent: LiveSnapshotSource.Shared?
            var sentAt = ContinuousClock.now
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let shared: LiveSnapshotSource.Shared
                if own != nil {
                    shared = try await own!.next(store: store, now: ContinuousClock.now)
                    metrics.liveSnapshotComputed()
                } else {
                    shared = try await hub.snapshot(of: first.id)
                }
                let now = ContinuousClock.now
                if shared.snapshot != lastSent?.snapshot {
                    try await writer.write(ByteBuffer(string: "event: snapshot\ndata: \(shared.json)\n\n"))
                    lastSent = shared
                    sentAt = now
                } else if now - sentAt >= keepAliveInterval {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    sentAt = now
                }
                try await Task.sleep(for: pollInterval)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body)
    }
}

/// How one evaluation's live snapshot is made: its counts and state read, and the overall
/// score recomputed when `LiveScoreSchedule` says so.
struct LiveSnapshotSource: Sendable {
    /// A snapshot with its event text, made once for all the streams that send it.
    struct Shared: Sendable {
        var snapshot: LiveSnapshot
        var json: String
    }

    var evaluation: Evaluation
    var schedule: LiveScoreSchedule
    var overall: LiveSnapshot.Overall?

    init(evaluation: Evaluation, pollInterval: Duration) {
        self.evaluation = evaluation
        self.schedule = LiveScoreSchedule(pollInterval: pollInterval)
    }

    mutating func next<Store: EvaluationStore>(store: Store, now: ContinuousClock.Instant) async throws -> Shared {
        evaluation = try await store.evaluation(id: evaluation.id) ?? evaluation
        let counts = try await store.counts(evaluationId: evaluation.id)
        if schedule.isDue(counts: counts, now: now) {
            let started = ContinuousClock.now
            let scorecard = try await ScorecardService(store: store).scorecard(for: evaluation)
            schedule.scored(counts: counts, started: now, took: ContinuousClock.now - started)
            overall = LiveSnapshot.Overall(
                score: scorecard.overall.score, grade: scorecard.overall.grade, included: scorecard.responses.included)
        }
        let snapshot = LiveSnapshot(evaluation, counts: counts, overall: overall)
        return Shared(snapshot: snapshot, json: snapshot.json)
    }
}

/// The live snapshots of the evaluations being watched, each made at most once per poll
/// interval and shared by every stream of that evaluation: reading the counts and, after a
/// change, recomputing the scorecard costs the same for one watcher as for three hundred.
/// `shared: false` leaves every stream to make its own (the baseline of the live benchmark).
actor LiveSnapshotHub<Store: EvaluationStore> {
    let store: Store
    let pollInterval: Duration
    let metrics: ServerMetrics
    nonisolated let shared: Bool

    private struct Entry {
        var madeAt: ContinuousClock.Instant
        var shared: LiveSnapshotSource.Shared
        var source: LiveSnapshotSource
    }

    private var entries: [String: Entry] = [:]
    private var making: [String: Task<(LiveSnapshotSource.Shared, LiveSnapshotSource), any Error>] = [:]

    init(store: Store, pollInterval: Duration, metrics: ServerMetrics, shared: Bool) {
        self.store = store
        self.pollInterval = pollInterval
        self.metrics = metrics
        self.shared = shared
    }

    /// The evaluation's current snapshot: the one made less than a poll interval ago, the one
    /// being made now, or a new one.
    func snapshot(of evaluationId: String) async throws -> LiveSnapshotSource.Shared {
        let now = ContinuousClock.now
        if let entry = entries[evaluationId], now - entry.madeAt < pollInterval { return entry.shared }
        if let running = making[evaluationId] { return try await running.value.0 }
        // Registered before anything is awaited, so that streams arriving meanwhile (the first
        // ones of an evaluation all at once) wait for this snapshot instead of making their own.
        let known = entries[evaluationId]?.source
        let store = self.store
        let pollInterval = self.pollInterval
        let task = Task {
            var source: LiveSnapshotSource
            if let known {
                source = known
            } else {
                guard let evaluation = try await store.evaluation(id: evaluationId) else {
                    throw DomainError.notFound("No such evaluation.")
                }
                source = LiveSnapshotSource(evaluation: evaluation, pollInterval: pollInterval)
            }
            let shared = try await source.next(store: store, now: now)
            return (shared, source)
        }
        making[evaluationId] = task
        defer { making[evaluationId] = nil }
        let (shared, next) = try await task.value
        entries[evaluationId] = Entry(madeAt: now, shared: shared, source: next)
        metrics.liveSnapshotComputed()
        if entries.count > 16 { entries = entries.filter { now - $0.value.madeAt < .seconds(60) } }
        return shared
    }

}

/// What the dashboard shows; equal snapshots are not sent twice.
struct LiveSnapshot: Equatable, Sendable {
    var status: EvaluationStatus
    var phase: Evaluation.Phase
    var acceptingResponses: Bool
    var opensAt: Date?
    var closesAt: Date?
    var closedAt: Date?
    var received: Int
    var expectedRespondents: Int?
    var byVenue: [String: Int]
    var byRaterGroup: [String: Int]
    var overall: Overall?

    struct Overall: Equatable, Sendable {
        var score: Double?
        var grade: String?
        var included: Int
    }

    init(_ evaluation: Evaluation, counts: ResponseCounts, overall: Overall?) {
        let now = Date()
        status = evaluation.status
        phase = evaluation.phase(at: now)
        acceptingResponses = evaluation.acceptance(at: now) == .accepting
        opensAt = evaluation.opensAt
        closesAt = evaluation.closesAt
        closedAt = evaluation.closedAt
        received = counts.responses
        expectedRespondents = evaluation.expectedRespondents
        byVenue = counts.byVenue
        byRaterGroup = counts.byRaterGroup
        self.overall = overall
    }

    /// One line of JSON (an event's data must not contain a line break).
    var json: String {
        func tally(_ values: [String: Int]) -> JSONOutput {
            .object(values.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })
        }
        let overallJSON: JSONOutput =
            overall.map {
                .object([
                    ("score", .optional($0.score)), ("grade", .optional($0.grade)), ("included", .integer($0.included)),
                ])
            } ?? .null
        return JSONOutput.object([
            ("status", .string(status.rawValue)), ("phase", .string(phase.rawValue)),
            ("acceptingResponses", .bool(acceptingResponses)),
            ("opensAt", .optional(opensAt.map(Timestamp.format))), ("closesAt", .optional(closesAt.map(Timestamp.format))),
            ("closedAt", .optional(closedAt.map(Timestamp.format))),
            ("received", .integer(received)), ("expectedRespondents", .optional(expectedRespondents)),
            ("byVenue", tally(byVenue)), ("byRaterGroup", tally(byRaterGroup)), ("overall", overallJSON),
            ("at", .string(Timestamp.format(Date()))),
        ]).serialized()
    }
}
