import Foundation
import HTTPTypes
import Hummingbird
import MeetingEvalCore
import NIOCore

/// The server's rate limits per client address: submissions, sign-in attempts and wrong
/// invitation codes, each "N per minute per address" (0 = off). One value per server, built
/// from `AppConfiguration.abuseLimits` in `buildRouter` and handed to the controllers that
/// need it.
///
/// A whole branch venue often reaches the server through one NAT address, so the key is the
/// address, and the submission default is generous (see docs/security.md, "Abuse limits").
/// Addresses live only in the limiters' memory: never stored, never logged.
///
/// Use:
/// - submissions: `try limits.admit(.submissions, key: key)` before anything else — every
///   attempt counts;
/// - sign-in and invitation codes: `try limits.check(kind, key: key)` first, and
///   `limits.consume(kind, key: key)` after a wrong password or code; or, to count attempts
///   that race each other, `admit` first and `refund` after a success.
public struct AbuseLimits: Sendable {
    /// What is limited.
    public enum Kind: String, Sendable, CaseIterable {
        /// `POST /api/public/evaluations/{slug}/responses`, every attempt.
        case submissions
        /// Failed sign-in attempts.
        case logins
        /// Wrong invitation codes.
        case codeAttempts
    }

    /// The limits, as `serve` takes them.
    public struct Configuration: Sendable, Equatable {
        /// Submissions per minute per address (also the burst allowed at once); 0 = off.
        public var submissionsPerMinute: Int
        /// Failed sign-ins per minute per address; 0 = off.
        public var loginsPerMinute: Int
        /// Wrong invitation codes per minute per address; 0 = off.
        public var codeAttemptsPerMinute: Int
        /// Key clients by the right-most `X-Forwarded-For` address, which the reverse proxy in
        /// front of the server appends; only safe behind such a proxy, since a client can send
        /// any header it likes.
        public var trustForwardedFor: Bool

        /// 300 attendees behind one NAT address all submitting within a minute, each retrying
        /// once, is 600; twice that leaves room for a larger hall.
        public static let defaultSubmissionsPerMinute = 1200
        public static let defaultLoginsPerMinute = 10
        public static let defaultCodeAttemptsPerMinute = 30

        public init(
            submissionsPerMinute: Int = defaultSubmissionsPerMinute, loginsPerMinute: Int = defaultLoginsPerMinute,
            codeAttemptsPerMinute: Int = defaultCodeAttemptsPerMinute, trustForwardedFor: Bool = false
        ) {
            self.submissionsPerMinute = submissionsPerMinute
            self.loginsPerMinute = loginsPerMinute
            self.codeAttemptsPerMinute = codeAttemptsPerMinute
            self.trustForwardedFor = trustForwardedFor
        }

        /// Every limit off (`serve --no-rate-limits`, for load tests).
        public static let off = Configuration(submissionsPerMinute: 0, loginsPerMinute: 0, codeAttemptsPerMinute: 0)
    }

    public let configuration: Configuration
    public let submissions: RateLimiter
    public let logins: RateLimiter
    public let codeAttempts: RateLimiter

    public init(
        _ configuration: Configuration = Configuration(), clock: @escaping RateLimiter.Clock = RateLimiter.uptime
    ) {
        self.configuration = configuration
        submissions = RateLimiter(perMinute: configuration.submissionsPerMinute, clock: clock)
        logins = RateLimiter(perMinute: configuration.loginsPerMinute, clock: clock)
        codeAttempts = RateLimiter(perMinute: configuration.codeAttemptsPerMinute, clock: clock)
    }

    /// The limiter of `kind`.
    public subscript(kind: Kind) -> RateLimiter {
        switch kind {
        case .submissions: return submissions
        case .logins: return logins
        case .codeAttempts: return codeAttempts
        }
    }

    /// Throws `RequestError.tooManyRequests` (429 with `Retry-After`) when `key` has used up its
    /// budget of `kind`; spends nothing.
    public func check(_ kind: Kind, key: String) throws {
        if let seconds = self[kind].check(key) { throw Self.refusal(kind, retryAfter: seconds) }
    }

    /// Spends one unit of `kind` for `key` (a wrong password, a wrong code).
    public func consume(_ kind: Kind, key: String) {
        self[kind].consume(key)
    }

    /// `check` and `consume` in one step: throws without spending when the budget is used up.
    public func admit(_ kind: Kind, key: String) throws {
        if let seconds = self[kind].admit(key) { throw Self.refusal(kind, retryAfter: seconds) }
    }

    /// Gives back the unit an `admit` took, for an attempt that turned out not to count.
    public func refund(_ kind: Kind, key: String) {
        self[kind].refund(key)
    }

    /// The client a request is counted against: the peer's address; behind a trusted reverse
    /// proxy (`trustForwardedFor`) the right-most `X-Forwarded-For` address; "unknown" when
    /// there is neither (router tests have no socket). IPv6 addresses count by their /64
    /// network, the share of one site (as one IPv4 NAT address is), so that a client cannot
    /// step around its limit by picking new addresses within its own network.
    public func clientKey(_ request: Request, context: some RemoteAddressRequestContext) -> String {
        if configuration.trustForwardedFor, let forwarded = Self.rightmostForwardedAddress(request.headers) {
            return Self.key(of: forwarded)
        }
        guard let address = context.remoteAddress else { return "unknown" }
        return Self.key(of: address)
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The last address of the last `X-Forwarded-For` field: the one the nearest proxy saw.
    /// nil when there is none or it is not an address (a client cannot make keys of any size).
    static func rightmostForwardedAddress(_ headers: HTTPFields) -> SocketAddress? {
        guard let field = headers[values: forwardedFor].last,
            let last = field.split(separator: ",", omittingEmptySubsequences: false).last?
                .trimmingCharacters(in: .whitespaces),
            !last.isEmpty, last.utf8.count <= 64
        else { return nil }
        if let address = try? SocketAddress(ipAddress: last, port: 0) { return address }
        // "[2001:db8::1]:443" or "203.0.113.7:443", as some proxies write them.
        var host = Substring(last)
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<end]
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            host = host[..<colon]
        } else {
            return nil
        }
        return try? SocketAddress(ipAddress: String(host), port: 0)
    }

    /// An IPv4 address as text; an IPv6 address as its /64 network (an IPv4-mapped one as the
    /// IPv4 address).
    static func key(of address: SocketAddress) -> String {
        switch address {
        case .v4: return address.ipAddress ?? "unknown"
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            guard bytes.count == 16 else { return address.ipAddress ?? "unknown" }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                return "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])"
            }
            var groups: [String] = []
            for index in stride(from: 0, to: 8, by: 2) {
                groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
            }
            return groups.joined(separator: ":") + "::/64"
        case .unixDomainSocket: return "local"
        }
    }

    /// The attendee-readable refusal, in both languages.
    static func refusal(_ kind: Kind, retryAfter seconds: Int) -> RequestError {
        let message: String
        switch kind {
        case .submissions:
            message =
                "Too many submissions from your network; try again in \(seconds) seconds. 提交过于频繁，请 \(seconds) 秒后再试。"
        case .logins:
            message =
                "Too many sign-in attempts from your network; try again in \(seconds) seconds. 登录尝试过于频繁，请 \(seconds) 秒后再试。"
        case .codeAttempts:
            message =
                "Too many wrong codes from your network; try again in \(seconds) seconds. 邀请码错误次数过多，请 \(seconds) 秒后再试。"
        }
        return .tooManyRequests(message, retryAfter: seconds)
    }
}
