import CoreMetrics

/// What the response writer reports about its commits: how many submissions share each
/// commit, and how long the write transaction (including its sync) takes.
public struct WriterMetrics: Sendable {
    public static let batchSizeLabel = "meeting_eval_commit_batch_size"
    public static let commitDurationLabel = "meeting_eval_commit_duration_seconds"
    /// Batches that failed for a storage fault (disk full, read-only file, I/O error).
    public static let storageFaultsLabel = "meeting_eval_storage_faults_total"

    let batchSize: Recorder
    let commitDuration: CoreMetrics.Timer
    let storageFaults: CoreMetrics.Counter

    public init(factory: any MetricsFactory) {
        batchSize = Recorder(label: Self.batchSizeLabel, factory: factory)
        commitDuration = CoreMetrics.Timer(label: Self.commitDurationLabel, factory: factory)
        storageFaults = CoreMetrics.Counter(label: Self.storageFaultsLabel, factory: factory)
    }

    func storageFault() {
        storageFaults.increment()
    }

    func committed(batch: Int, nanoseconds: UInt64) {
        batchSize.record(batch)
        commitDuration.recordNanoseconds(Int64(clamping: nanoseconds))
    }
}
