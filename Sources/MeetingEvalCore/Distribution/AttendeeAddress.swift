import Foundation

/// Whether the address in attendee links and QR codes can be opened from attendees' phones.
///
/// Without `serve --public-url` the links carry the host the console was opened from; opened
/// on the server itself that is `127.0.0.1` or `localhost`, which points every phone at the
/// phone itself. Loopback and link-local hosts are recognised from the URL alone.
public enum AttendeeAddress {
    public enum Reach: String, Sendable, Codable {
        /// `localhost`, `*.localhost`, `127.0.0.0/8`, `::1`, `0.0.0.0`, `::`: only this machine.
        case loopback
        /// `169.254.0.0/16`, `fe80::/10`: only the local network segment, without a name.
        case linkLocal
        /// Anything else: may be reachable (a name or an address of the network).
        case network
    }

    /// What kind of host `baseURL` (`scheme://host[:port][/…]`) names.
    public static func reach(of baseURL: String) -> Reach {
        guard let host = host(of: baseURL) else { return .network }
        return reach(host: host)
    }

    static func reach(host raw: String) -> Reach {
        let host = raw.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasSuffix(".localhost") || host == "0.0.0.0" || host == "::" || host == "::1" {
            return .loopback
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, let octets = Optional(parts.compactMap { UInt8($0) }), octets.count == 4 {
            if octets[0] == 127 { return .loopback }
            if octets[0] == 169 && octets[1] == 254 { return .linkLocal }
            return .network
        }
        if host.contains(":") {
            // IPv6: fe80::/10 is link-local; an IPv4-mapped loopback (::ffff:127.x) is loopback.
            if let first = host.split(separator: ":").first, let group = UInt16(first, radix: 16),
                group & 0xffc0 == 0xfe80
            {
                return .linkLocal
            }
            if host.hasPrefix("::ffff:127.") { return .loopback }
        }
        return .network
    }

    /// The host of `scheme://host[:port]/…`, brackets of an IPv6 literal kept.
    static func host(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        var rest = url[scheme.upperBound...]
        if let end = rest.firstIndex(where: { "/?#".contains($0) }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            return String(rest[...close])
        }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return rest.isEmpty ? nil : String(rest)
    }

    /// The start-up advice when `--public-url` is not set.
    public static let unsetPublicURLAdvice =
        "--public-url is not set: attendee links and QR codes carry the address the console is opened from; "
        + "opened as 127.0.0.1 or localhost, no phone can open them. Start with --public-url https://<address attendees reach> "
        + "(or MEETING_EVAL_PUBLIC_URL)."
}
