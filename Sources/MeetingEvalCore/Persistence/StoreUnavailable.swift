/// The database cannot be reached just now (a restart, a fail-over, a lost connection), or the
/// outcome of a write is unknown because the connection broke during its commit. Nothing is
/// promised as stored: the client tries again later with the same request (a submission's id
/// makes that safe). The HTTP layer answers 503 with `Retry-After`. `storage` says the
/// database's own storage failed (a full disk, a read-only file, an I/O error) rather than the
/// database being out of reach.
public struct StoreUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    /// Seconds after which a retry is worth it.
    public var retryAfter: Int
    public var storage: Bool

    public init(_ reason: String, retryAfter: Int = 2, storage: Bool = false) {
        self.reason = reason
        self.retryAfter = retryAfter
        self.storage = storage
    }

    public var description: String { "the database is unavailable: \(reason)" }
}
