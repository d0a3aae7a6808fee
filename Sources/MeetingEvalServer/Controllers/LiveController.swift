import Foundation
import Hummingbird
import MeetingEvalCore
import ServiceLifecycle

/// `GET /api/evaluations/{id}/live`: the dashboard's server-sent events.
///
/// One `snapshot` event at once, then another whenever the counts or the state change
/// (looked at every second). The overall score comes from a full scorecard, so after a
/// change it is recomputed once at least five times its last computing time has passed (every
/// second for a small evaluation, every few seconds for one with a hundred thousand
/// responses), and the snapshots between carry the last one; a comment line every 15 s keeps
/// proxies from closing a quiet stream. The stream ends when
/// the client goes away (noticed at the next write) and within a second of the server being
/// asked to stop, so that a graceful shutdown never waits for an open dashboard.
struct LiveController<Store: EvaluationStore> {
    let store: Store
    var pollInterval: Duration = .seconds(1)
    var keepAliveInterval: Duration = .seconds(15)

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.requiring(.readDistribution).get("evaluations/{id}/live", use: live)
    }

    @Sendable func live(_ request: Request, context: AppRequestContext) async throws -> Response {
        let first = try await store.evaluation(idParameterOf: context)
        let body = ResponseBody { [self] writer in
            var lastSent: LiveSnapshot?
            var overall: LiveSnapshot.Overall?
            var schedule = LiveScoreSchedule(pollInterval: pollInterval)
            var sentAt = ContinuousClock.now
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let evaluation = try await store.evaluation(id: first.id) ?? first
                let counts = try await store.counts(evaluationId: evaluation.id)
                let now = ContinuousClock.now
                if schedule.isDue(counts: counts, now: now) {
                    let scorecard = try await ScorecardService(store: store).scorecard(for: evaluation)
                    schedule.scored(counts: counts, started: now, took: ContinuousClock.now - now)
                    overall = LiveSnapshot.Overall(
                        score: scorecard.overall.score, grade: scorecard.overall.grade,
                        included: scorecard.responses.included)
                }
                let snapshot = LiveSnapshot(evaluation, counts: counts, overall: overall)
                if snapshot != lastSent {
                    try await writer.write(ByteBuffer(string: "event: snapshot\ndata: \(snapshot.json)\n\n"))
                    lastSent = snapshot
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

/// What the dashboard shows; equal snapshots are not sent twice.
struct LiveSnapshot: Equatable {
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

    struct Overall: Equatable {
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
