import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalPasswords

/// Signing in and out of the pages: `POST /api/session` checks name and password and sets the
/// session cookie; `GET /api/session` tells a page who is signed in and gives it the CSRF token
/// for state changes; `DELETE /api/session` signs out.
struct SessionController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    let passwords: Passwords
    let settings: SessionSettings
    let limits: AbuseLimits

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("session", use: signIn)
        group.requiring(nil).get("session", use: current)
        group.requiring(nil).delete("session", use: signOut)
        group.requiring(nil).post("session/password", use: changePassword)
    }

    var service: SessionService<Store> {
        SessionService(store: store, passwords: passwords, lifetime: settings.lifetime)
    }

    /// Signed-in people change their own password with the current one; their other browser
    /// sessions end, this one goes on. Wrong current passwords count like failed sign-ins.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let account = try await service.ownAccount(identity)
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"currentPassword\", \"newPassword\"}.")
        root.warnAboutUnknownKeys(["currentPassword", "newPassword"])
        let current = root.string("currentPassword", required: true)
        let new = root.string("newPassword", required: true)
        guard let current, let new, !issues.hasErrors else {
            throw DomainError.invalid("Send {\"currentPassword\", \"newPassword\"}.", issues.errors)
        }
        let client = limits.clientKey(request, context: context)
        try limits.admit(.logins, key: client)
        try await service.checkCurrentPassword(current, of: account)
        limits.refund(.logins, key: client)
        var keep: String?
        if case .session(let tokenHash, _) = identity.credential { keep = tokenHash }
        let changed = try await service.changePassword(
            of: account, to: new, keepingSession: keep, actor: context.actor)
        return try JSONResponse.make(.ok, UserBody(changed))
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        // No session yet, so no CSRF token: a sign-in from another site's page is refused by
        // its Origin (login CSRF).
        try CrossSiteCheck.verify(request, csrfToken: nil, site: context.site)
        let client = limits.clientKey(request, context: context)
        // Every attempt takes a unit before the slow password check, so that simultaneous
        // guesses cannot all pass; a successful sign-in gives it back.
        try limits.admit(.logins, key: client)
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"name\", \"password\"}.")
        let name = root.string("name", required: true)
        let password = root.string("password", required: true)
        guard let name, let password, !issues.hasErrors else {
            throw DomainError.invalid("Send {\"name\", \"password\"}.", issues.errors)
        }
        let started = try await service.signIn(name: name, password: password)
        limits.refund(.logins, key: client)
        let session = started.session
        var response = try JSONResponse.make(
            .ok,
            SessionBody(
                name: started.account.name, role: started.account.role, credential: "session",
                csrfToken: session.csrfToken, expiresAt: Timestamp.format(session.expiresAt),
                organizations: started.account.organizations))
        response.headers[.setCookie] = settings.cookie(value: started.secret, maxAge: Int(settings.lifetime))
        return response
    }

    @Sendable func current(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity else { throw DomainError.unauthorized("Sign in first.") }
        let csrfToken: String?
        let credential: String
        switch identity.credential {
        case .session(_, let token):
            csrfToken = token
            credential = "session"
        case .apiToken:
            csrfToken = nil
            credential = "token"
        case .adminToken:
            csrfToken = nil
            credential = "admin-token"
        }
        return try JSONResponse.make(
            .ok,
            SessionBody(
                name: identity.name, role: identity.role, credential: credential, csrfToken: csrfToken, expiresAt: nil,
                organizations: identity.organizations))
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity else { throw DomainError.unauthorized("Sign in first.") }
        try await service.signOut(identity)
        var response = Response(status: .noContent)
        response.headers[.setCookie] = settings.cookie(value: "", maxAge: 0)
        return response
    }
}

/// How session cookies are made.
struct SessionSettings: Sendable {
    static var cookieName: String { "meeting_eval_session" }

    /// Seconds a session lasts from sign-in.
    var lifetime: TimeInterval
    /// Adds `Secure` (the cookie goes only over HTTPS); for a server behind TLS.
    var secure: Bool

    func cookie(value: String, maxAge: Int) -> String {
        var cookie =
            "\(Self.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
        if secure { cookie += "; Secure" }
        return cookie
    }
}

struct SessionBody: Encodable {
    var name: String
    var role: Role
    /// `session`, `token` or `admin-token`.
    var credential: String
    /// For the `X-CSRF-Token` header of state changes; only for a browser session.
    var csrfToken: String?
    var expiresAt: String?
    /// The organizations the account belongs to (none for an admin, who sees all).
    var organizations: [String]
}
