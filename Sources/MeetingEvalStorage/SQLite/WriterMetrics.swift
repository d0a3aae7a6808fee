import CoreMetrics

/// What the response writer reports about its commits: how many submissions share each
/// commit, and how long the write transaction (including its sync) takes.
public struct WriterMetrics: Sendable {
    public static let batchSizeLabel = "meeting_eval_commit_batch_size"
    public static let commitDurationLabel = "meeting_eval_commit_duration_seconds"

    let batchSize: Recorder
    let commitDuration: CoreMetrics.Timer

    public init(factory: any MetricsFactory) {
        batchSize = Recorder(label: Self.batchSizeLabel, factory: factory)
        commitDuration = CoreMetrics.Timer(label: Self.commitDurationLabel, factory: factory)
    }

    func committed(batch: Int, nanoseconds: UInt64) {
        batchSize.record(batch)
        commitDuration.recordNanoseconds(Int64(clamping: nanoseconds))
    }
}
