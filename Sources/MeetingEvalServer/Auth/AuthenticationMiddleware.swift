import Foundation
import HTTPTypes
import Hummingbird
import MeetingEvalCore

/// Finds out who sent a request: an `Authorization: Bearer` token (the process's admin token or
/// a stored API token) or the session cookie. It only identifies; `RequirePermission` on each
/// non-public route decides. Requests without credentials (attendees) pass untouched and cost
/// nothing.
struct AuthenticationMiddleware<Store: AccountPersistence>: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store
    /// SHA-256 of the admin token given to `serve`, if any.
    let adminTokenHash: String?
    /// The origins this server's own pages are served from.
    let site: SiteOrigins

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.site = site
        if let authorization = request.headers[.authorization] {
            context.identity = try await identify(authorization: authorization)
            if context.identity == nil {
                context.credentialProblem = "The API token is not valid, or it was revoked. API 令牌无效或已被撤销。"
            }
        } else if let cookie = request.cookies[SessionSettings.cookieName]?.value, !cookie.isEmpty {
            context.identity = try await identify(sessionToken: cookie)
            if context.identity == nil {
                context.credentialProblem = "Your session has ended; sign in again. 登录已过期，请重新登录。"
            }
        }
        return try await next(request, context)
    }

    private func identify(authorization: String) async throws -> Identity? {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.utf8.count <= 256 else { return nil }
        let hash = Secrets.sha256(token)
        if let adminTokenHash, Secrets.constantTimeEqual(hash, adminTokenHash) {
            return Identity(userId: "admin-token", name: "admin-token", role: .admin, credential: .adminToken)
        }
        guard let (stored, account) = try await store.apiToken(tokenHash: hash) else { return nil }
        return Identity(
            userId: account.id, name: account.name, role: account.role, credential: .apiToken(id: stored.id),
            organizations: account.organizations)
    }

    private func identify(sessionToken: String) async throws -> Identity? {
        guard sessionToken.utf8.count <= 256 else { return nil }
        let hash = Secrets.sha256(sessionToken)
        guard let (session, account) = try await store.session(tokenHash: hash, at: Date()) else { return nil }
        return Identity(
            userId: account.id, name: account.name, role: account.role,
            credential: .session(id: session.tokenHash, csrfToken: session.csrfToken),
            organizations: account.organizations)
    }
}

/// Lets a request through only with credentials whose role has `permission` (nil: any signed-in
/// role): 401 without credentials, 403 with the wrong role. A state change made with the
/// session cookie must also pass the cross-site request forgery check.
struct RequirePermission: RouterMiddleware {
    typealias Context = AppRequestContext
    let permission: Permission?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let identity = context.identity else {
            throw DomainError.unauthorized(
                context.credentialProblem
                    ?? "Sign in, or send an API token (Authorization: Bearer …). 请先登录。")
        }
        if let permission, !identity.role.may(permission) {
            throw DomainError.forbidden(
                "The \(identity.role.rawValue) role may not do this. 您的角色无权执行此操作。", code: "forbidden")
        }
        if case .session(_, let csrfToken) = identity.credential, !request.method.isSafe {
            try CrossSiteCheck.verify(request, csrfToken: csrfToken, site: context.site)
        }
        return try await next(request, context)
    }
}

extension HTTPRequest.Method {
    /// GET, HEAD and OPTIONS change nothing.
    var isSafe: Bool { self == .get || self == .head || self == .options }
}

extension RouterGroup where Context == AppRequestContext {
    /// A group whose routes need `permission` (nil: any signed-in role).
    func requiring(_ permission: Permission?) -> RouterGroup<AppRequestContext> {
        group().add(middleware: RequirePermission(permission: permission))
    }
}
