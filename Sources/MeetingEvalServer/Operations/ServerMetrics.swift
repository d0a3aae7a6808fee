import CoreMetrics
import Foundation
import Hummingbird
import MeetingEvalStorage
import Prometheus

/// The server's metrics, kept in a Prometheus registry and published at `GET /metrics`.
///
/// Everything is recorded through swift-metrics (`Counter`, `Timer`, `Recorder`) with the
/// swift-prometheus factory passed explicitly, so that each server — and each test — has its
/// own registry instead of a process-wide one.
///
/// | name | kind | meaning |
/// |---|---|---|
/// | `meeting_eval_submissions_total{outcome}` | counter | accepted submissions: `created` (201) or `replayed` (200) |
/// | `meeting_eval_submission_rejections_total{reason}` | counter | refused submissions by error code: `invalid`, `malformed`, `too_large`, `not_found`, `conflict`, `closed`, `not_open`, `not_yet_open`, `unsupported_media_type`, `cross_site`, `rate_limited` (429), `unavailable` and `storage_unavailable` (503), `client_disconnected` (the client closed the connection before its body ended), `internal` |
/// | `meeting_eval_submission_duration_seconds` | histogram | time from the request's arrival to its answer, refused ones included |
/// | `meeting_eval_live_snapshots_total` | counter | live dashboard snapshots computed (once per second per watched evaluation, shared by its streams) |
/// | `meeting_eval_started_at_discarded_total` | counter | submissions whose `startedAt` lay far outside the server's clock and was left out |
/// | `meeting_eval_storage_faults_total` | counter | commits that failed for a storage fault (disk full, read-only file, I/O error); each answered 503 |
/// | `meeting_eval_commit_batch_size` | histogram | submissions committed together in one transaction |
/// | `meeting_eval_commit_duration_seconds` | histogram | time of one write transaction with its sync |
/// | `meeting_eval_http_requests_total{route,method,status}` | counter | every HTTP request by route (`/api/evaluations/{id}`; `NotFound` for no route), method and status |
/// | `meeting_eval_http_request_duration_seconds{route,method,status}` | histogram | time from a request's arrival to the end of its response body |
/// | `meeting_eval_http_request_errors_total{route,method,status}` | counter | requests that ended in an error thrown past the router's handlers |
/// | `meeting_eval_http_active_requests{method}` | gauge | requests being answered now |
///
/// The HTTP metrics are Hummingbird's `MetricsMiddleware`. It records through the process-wide
/// swift-metrics factory, so `serve` makes this registry's factory that one
/// (`MetricsSystem.bootstrap(metrics.factory)`); its names and labels are renamed here to
/// Prometheus's conventions.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    private let created: CoreMetrics.Counter
    private let replayed: CoreMetrics.Counter
    private let duration: CoreMetrics.Timer

    public static let submissionsLabel = "meeting_eval_submissions_total"
    public static let rejectionsLabel = "meeting_eval_submission_rejections_total"
    public static let durationLabel = "meeting_eval_submission_duration_seconds"
    public static let startedAtDiscardedLabel = "meeting_eval_started_at_discarded_total"
    public static let liveSnapshotsLabel = "meeting_eval_live_snapshots_total"

    public static let httpDurationLabel = "meeting_eval_http_request_duration_seconds"
    /// Hummingbird's metric names (`MetricsMiddleware`) and what they are published as.
    static let httpNames = [
        "hb.requests": "meeting_eval_http_requests_total",
        "http.server.request.duration": httpDurationLabel,
        "hb.request.errors": "meeting_eval_http_request_errors_total",
        "http.server.active_requests": "meeting_eval_http_active_requests",
    ]
    /// Hummingbird's dimension names and the Prometheus labels they become.
    static let httpLabels = [
        "http.route": "route", "http.request.method": "method", "http.response.status_code": "status",
        "error.type": "status",
    ]

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (Self.httpNames[name] ?? name, labels.map { (Self.httpLabels[$0.0] ?? $0.0, $0.1) })
        }
        factory.durationHistogramBuckets = [
            Self.httpDurationLabel: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000].map {
                Duration.milliseconds($0)
            },
            Self.durationLabel: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].map {
                Duration.milliseconds($0)
            },
            WriterMetrics.commitDurationLabel: [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map {
                Duration.microseconds(Int64($0 * 1000))
            },
        ]
        factory.valueHistogramBuckets = [WriterMetrics.batchSizeLabel: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]]
        self.registry = registry
        self.factory = factory
        created = CoreMetrics.Counter(
            label: Self.submissionsLabel, dimensions: [("outcome", "created")], factory: factory)
        replayed = CoreMetrics.Counter(
            label: Self.submissionsLabel, dimensions: [("outcome", "replayed")], factory: factory)
        duration = CoreMetrics.Timer(label: Self.durationLabel, factory: factory)
    }

    func accepted(created isNew: Bool, since start: UInt64) {
        (isNew ? created : replayed).increment()
        duration.recordNanoseconds(Int64(clamping: DispatchTime.now().uptimeNanoseconds - start))
    }

    func rejected(reason: String, since start: UInt64) {
        // The registry hands back the one counter of each label set; refusals are the rare path.
        CoreMetrics.Counter(label: Self.rejectionsLabel, dimensions: [("reason", reason)], factory: factory).increment()
        duration.recordNanoseconds(Int64(clamping: DispatchTime.now().uptimeNanoseconds - start))
    }

    /// One live dashboard snapshot computed (counts read, and the score when due), however
    /// many streams share it.
    func liveSnapshotComputed() {
        CoreMetrics.Counter(label: Self.liveSnapshotsLabel, factory: factory).increment()
    }

    func startedAtDiscarded() {
        CoreMetrics.Counter(label: Self.startedAtDiscardedLabel, factory: factory).increment()
    }

    /// The text exposition format (version 0.0.4).
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}

/// `GET /metrics`: the Prometheus text exposition of `ServerMetrics`.
struct MetricsController {
    let metrics: ServerMetrics

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group().add(middleware: RequirePermission(permission: .readMetrics)).get("/metrics", use: show)
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
        )
    }
}
