#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every open connection holds a file descriptor. When a server runs out of them it stops
/// accepting for a while, and a burst of attendees (a venue pressing "submit" together) turns
/// into timeouts; so `serve` raises its soft limit to the hard limit at start.
enum FileDescriptorLimit {
    /// Raises the soft limit as far as allowed; returns the limit in force afterwards.
    static func raise() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(resourceNumber, &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resourceNumber, &raised) == 0 { limit = raised }
        }
        return UInt64(limit.rlim_cur)
    }

    private static var resourceNumber: Int32 {
        #if canImport(Glibc)
            Int32(RLIMIT_NOFILE.rawValue)
        #else
            RLIMIT_NOFILE
        #endif
    }
}
