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
    let accounts: AccountService<Store>

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("session", use: signIn)
        group.requiring(nil).get("session", use: current)
        group.requiring(nil).delete("session", use: signOut)
        group.requiring(nil).post("session/password", use: changePassword)
    }

    /// Signed-in people change their own password with the current one; their other browser
    /// sessions end, this one goes on. Wrong current passwords count like failed sign-ins.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard identity.credential != .adminToken, let account = try await store.account(name: identity.name) else {
            throw DomainError.conflict("The admin token belongs to no account.", code: "wrong_state")
        }
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"currentPassword\", \"newPassword\"}.")
        root.warnAboutUnknownKeys(["currentPassword", "newPassword"])
        let current = root.string("currentPassword", required: true)
        let new = root.string("newPassword", required: true)
        guard let current, let new, !issues.hasErrors else {
            throw DomainError.invalid("Send {\"currentPassword\", \"newPassword\"}.", issues.errors)
        }
        let client = limits.clientKey(request, context: context)
        try limits.admit(.logins, key: client)
        guard current.utf8.count <= PasswordRules.maximumBytes,
            try await passwords.verify(current, hash: account.passwordHash)
        else {
            throw DomainError.invalid(
                "The current password is wrong. 当前密码不正确。",
                [ValidationIssue(path: "currentPassword", message: "is not this account's password")])
        }
        limits.refund(.logins, key: client)
        var keep: String?
        if case .session(let tokenHash, _) = identity.credential { keep = tokenHash }
        do {
            let (changed, _) = try await accounts.setPassword(
                name: account.name, password: new, actor: context.actor, keepingSession: keep)
            return try JSONResponse.make(.ok, UserBody(changed))
        } catch DomainError.invalid(let message, let problems) {
            throw DomainError.invalid(
                message, problems.map { ValidationIssue(path: "newPassword", message: $0.message) })
        }
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        // No session yet, so no CSRF token: a sign-in from another site's page is refused by
        // its Origin (login CSRF).
        try CrossSiteCheck.verify(request, csrfToken: nil, publicAuthority: context.publicAuthority)
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
        let account = name.count <= 64 ? try await store.account(name: name) : nil
        // A wrong name costs as much time as a wrong password.
        let hash: String
        if let account { hash = account.passwordHash } else { hash = try await passwords.decoyHash() }
        var matches = false
        if password.utf8.count <= PasswordRules.maximumBytes { matches = try await passwords.verify(password, hash: hash) }
        guard let account, matches, !account.disabled else {
            if let account {
                try await store.recordAudit(
                    AuditEvent(
                        at: Date(), actor: account.name, action: "session.refused", entityType: "account",
                        entityId: account.name,
                        detail: account.disabled ? #"{"reason":"disabled"}"# : #"{"reason":"password"}"#))
            }
            throw DomainError.unauthorized("Wrong name or password. 用户名或密码错误。")
        }
        limits.refund(.logins, key: client)
        let secret = Secrets.token()
        let now = Date()
        let session = StoredSession(
            tokenHash: Secrets.sha256(secret), accountId: account.id, csrfToken: Secrets.token(),
            createdAt: now, expiresAt: now.addingTimeInterval(settings.lifetime))
        try await store.createSession(session)
        try await store.recordAudit(
            AuditEvent(
                at: now, actor: account.name, action: "session.started", entityType: "account",
                entityId: account.name))
        var response = try JSONResponse.make(
            .ok,
            SessionBody(
                name: account.name, role: account.role, credential: "session", csrfToken: session.csrfToken,
                expiresAt: Timestamp.format(session.expiresAt)))
        response.headers[.setCookie] = settings.cookie(value: secret, maxAge: Int(settings.lifetime))
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
                name: identity.name, role: identity.role, credential: credential, csrfToken: csrfToken, expiresAt: nil))
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity else { throw DomainError.unauthorized("Sign in first.") }
        guard case .session(let tokenHash, _) = identity.credential else {
            throw DomainError.conflict(
                "Only a browser session can be signed out; revoke an API token instead.", code: "wrong_state")
        }
        try await store.deleteSession(tokenHash: tokenHash)
        try await store.recordAudit(
            AuditEvent(
                at: Date(), actor: identity.name, action: "session.ended", entityType: "account",
                entityId: identity.name))
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
}
