import Foundation
import HTTPTypes
import Hummingbird
import MeetingEvalCore

/// The origins (scheme, host and port) this server's own pages are served from: the host a
/// request names, over HTTPS when the server is told it is reached so (`--behind-tls`, an
/// `https` `--public-url`) and over HTTP otherwise, and the origin of `--public-url`.
struct SiteOrigins: Sendable {
    /// `scheme://host[:port]` of `--public-url`, lower case, without a default port.
    let publicOrigin: String?
    /// The scheme browsers use for the host a request names.
    let scheme: String

    init(publicURL: String?, behindTLS: Bool) {
        publicOrigin = publicURL.flatMap(Self.origin)
        scheme = behindTLS ? "https" : "http"
    }

    /// Whether `origin` (an `Origin` header) is one of this site's for a request naming `authority`.
    func contains(origin: String, requestAuthority: String?) -> Bool {
        guard let origin = Self.origin(origin) else { return false }
        if origin == publicOrigin { return true }
        guard let requestAuthority, let own = Self.origin("\(scheme)://\(requestAuthority)") else { return false }
        return origin == own
    }

    /// `scheme://host[:port]` of a URL in lower case, the scheme's default port left out; nil
    /// when it is not an http(s) URL with a host (`null`, a file, garbage).
    static func origin(_ text: String) -> String? {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        guard let port = url.port, port != defaultPort else { return "\(scheme)://\(host)" }
        return "\(scheme)://\(host):\(port)"
    }
}

/// Refusing what another site's page makes a browser send. A request is from another site
/// when the browser says so (`Sec-Fetch-Site: cross-site`; also `same-site` for the stricter
/// check of signed-in state changes) or names an `Origin` that is not one of `SiteOrigins`.
/// Requests without these headers (curl, scripts) are not browsers' and pass.
enum CrossSiteCheck {
    static var headerName: HTTPField.Name { HTTPField.Name("X-CSRF-Token")! }
    static var fetchSite: HTTPField.Name { HTTPField.Name("Sec-Fetch-Site")! }

    /// For a cookie-authenticated state change (and the sign-in, with `csrfToken` nil): another
    /// site and a sibling subdomain are refused, and the session's token must be sent in
    /// `X-CSRF-Token` (a page of another site cannot read it).
    static func verify(_ request: Request, csrfToken: String?, site: SiteOrigins) throws {
        try refuseOtherSites(request, site: site, refusingSameSite: true, code: "csrf")
        if let csrfToken {
            guard let sent = request.headers[headerName], Secrets.constantTimeEqual(sent, csrfToken) else {
                throw DomainError.forbidden(
                    "The request lacks this session's CSRF token (X-CSRF-Token); reload the page. 请刷新页面后重试。",
                    code: "csrf")
            }
        }
    }

    /// 403 with `code` when the browser says the request comes from another site.
    static func refuseOtherSites(_ request: Request, site: SiteOrigins, refusingSameSite: Bool, code: String) throws {
        if let fetchSite = request.headers[fetchSite]?.lowercased(),
            fetchSite == "cross-site" || (refusingSameSite && fetchSite == "same-site")
        {
            throw DomainError.forbidden("Requests from other sites are refused. 不接受来自其他网站的请求。", code: code)
        }
        if let origin = request.headers[.origin], !site.contains(origin: origin, requestAuthority: request.head.authority) {
            throw DomainError.forbidden("Requests from other sites are refused. 不接受来自其他网站的请求。", code: code)
        }
    }
}
