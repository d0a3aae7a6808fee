import Hummingbird
import MeetingEvalCore
import NIOCore

/// The request context of every route: the framework's core context, the client's address
/// (for rate limits) and who is asking, once `AuthenticationMiddleware` has looked at the
/// request's credentials.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection; nil in router tests, which have no socket.
    public let remoteAddress: SocketAddress?
    /// The signed-in user or token holder; nil for an anonymous request.
    public var identity: Identity?
    /// Why credentials that came with the request were not accepted, for the 401 message.
    var credentialProblem: String?
    /// The origins of this server's own pages (the request's host, and `--public-url`: browsers
    /// behind a reverse proxy that rewrites `Host` name it as their `Origin`), for the
    /// cross-site checks.
    var site: SiteOrigins

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.identity = nil
        self.credentialProblem = nil
        self.site = SiteOrigins(publicURL: nil, behindTLS: false)
    }
}

extension AppRequestContext {
    /// The name the audit log records for this request's actions.
    var actor: String { identity?.actor ?? "anonymous" }

    /// What the caller may see (`AccessScope`); without an identity, nothing of any
    /// organization (routes that need one never get that far).
    var scope: AccessScope { identity?.scope ?? AccessScope(organizations: []) }
}
