import Foundation
import GRDB
import MeetingEvalCore
import Synchronization

/// Failures of the database file's storage rather than of a request: the disk is full, the
/// file became read-only, or an I/O error. They are `StoreUnavailable` (503 with
/// `Retry-After`, never a 500): nothing was stored, and the same request can be sent again
/// once space is freed.
public enum SQLiteFault {
    /// Seconds a client waits before trying again after a storage fault.
    public static let retryAfter = 5

    /// The failure as `StoreUnavailable` when it is a storage fault, else nil.
    public static func storeUnavailable(_ error: any Error) -> StoreUnavailable? {
        if let unavailable = error as? StoreUnavailable { return unavailable }
        guard let error = error as? DatabaseError else { return nil }
        let reason: String
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL: reason = "the disk holding the database is full"
        case .SQLITE_READONLY: reason = "the database file cannot be written (read-only)"
        case .SQLITE_IOERR: reason = "an I/O error on the database file"
        case .SQLITE_CANTOPEN: reason = "the database file cannot be opened"
        case .SQLITE_NOLFS: reason = "the file system refuses to grow the database file"
        default: return nil
        }
        return StoreUnavailable(reason, retryAfter: retryAfter, storage: true)
    }
}

/// Whether commits are failing for a storage fault: set by the response writer when a batch
/// fails so, cleared when one commits. `/healthz` answers 503 while the last fault is recent
/// (`window`) and no commit has succeeded since; after the window the health check runs
/// again, so that a load balancer sends traffic back once space has been freed.
public final class StorageFaultState: Sendable {
    private let lastFault = Mutex<(at: ContinuousClock.Instant, fault: StoreUnavailable)?>(nil)
    let window: Duration

    public init(window: Duration = .seconds(30)) {
        self.window = window
    }

    func failed(_ fault: StoreUnavailable) {
        lastFault.withLock { $0 = (ContinuousClock.now, fault) }
    }

    func committed() {
        lastFault.withLock { if $0 != nil { $0 = nil } }
    }

    /// The storage fault commits are failing with, if any is recent.
    public var current: StoreUnavailable? {
        lastFault.withLock { last in
            guard let last, ContinuousClock.now - last.at < window else { return nil }
            return last.fault
        }
    }
}
