import Foundation

/// Signing in and out, and people changing their own password. Secrets never reach the
/// store: the session cookie is stored as its SHA-256.
public struct SessionService<Store: EvaluationStore>: Sendable {
    public let store: Store
    public let passwords: any PasswordHasher
    /// Seconds a session lasts from sign-in.
    public let lifetime: TimeInterval

    public init(store: Store, passwords: any PasswordHasher, lifetime: TimeInterval) {
        self.store = store
        self.passwords = passwords
        self.lifetime = lifetime
    }

    /// A session just started: the cookie's value is `secret`, shown to the browser once.
    public struct Started: Sendable {
        public var session: StoredSession
        public var secret: String
        public var account: Account
    }

    /// Checks the name and password and starts a session. A wrong name costs as much time as a
    /// wrong password (a decoy hash is checked), and both get the same answer; a refusal of a
    /// known account is audited.
    public func signIn(name: String, password: String, at now: Date = Date()) async throws -> Started {
        let account = name.count <= 64 ? try await store.account(name: name) : nil
        let hash: String
        if let account { hash = account.passwordHash } else { hash = try await passwords.decoyHash() }
        var matches = false
        if password.utf8.count <= PasswordRules.maximumBytes { matches = try await passwords.verify(password, hash: hash) }
        guard let account, matches, !account.disabled else {
            if let account {
                try await store.recordAudit(
                    AuditEvent(
                        at: now, actor: account.name, action: "session.refused", entityType: "account",
                        entityId: account.name,
                        detail: account.disabled ? #"{"reason":"disabled"}"# : #"{"reason":"password"}"#))
            }
            throw DomainError.unauthorized("Wrong name or password. 用户名或密码错误。")
        }
        let secret = Secrets.token()
        let session = StoredSession(
            tokenHash: Secrets.sha256(secret), accountId: account.id, csrfToken: Secrets.token(),
            createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
        try await store.createSession(session)
        try await store.recordAudit(
            AuditEvent(
                at: now, actor: account.name, action: "session.started", entityType: "account",
                entityId: account.name))
        return Started(session: session, secret: secret, account: account)
    }

    /// The signed-in person's account; the admin token has none.
    public func ownAccount(_ identity: Identity) async throws -> Account {
        guard identity.credential != .adminToken, let account = try await store.account(name: identity.name) else {
            throw DomainError.conflict("The admin token belongs to no account.", code: "wrong_state")
        }
        return account
    }

    /// Checks someone's current password (`invalid` when wrong).
    public func checkCurrentPassword(_ current: String, of account: Account) async throws {
        guard current.utf8.count <= PasswordRules.maximumBytes,
            try await passwords.verify(current, hash: account.passwordHash)
        else {
            throw DomainError.invalid(
                "The current password is wrong. 当前密码不正确。",
                [ValidationIssue(path: "currentPassword", message: "is not this account's password")])
        }
    }

    /// Sets a new password for someone who gave their current one; their other sessions end,
    /// `keepingSession` goes on.
    public func changePassword(of account: Account, to new: String, keepingSession: String?, actor: String)
        async throws -> Account
    {
        do {
            return try await AccountService(store: store, passwords: passwords).setPassword(
                name: account.name, password: new, actor: actor, keepingSession: keepingSession
            ).account
        } catch DomainError.invalid(let message, let problems) {
            throw DomainError.invalid(
                message, problems.map { ValidationIssue(path: "newPassword", message: $0.message) })
        }
    }

    /// Ends a browser session; API tokens are revoked instead.
    public func signOut(_ identity: Identity) async throws {
        guard case .session(let tokenHash, _) = identity.credential else {
            throw DomainError.conflict(
                "Only a browser session can be signed out; revoke an API token instead.", code: "wrong_state")
        }
        try await store.deleteSession(tokenHash: tokenHash)
        try await store.recordAudit(
            AuditEvent(
                at: Date(), actor: identity.name, action: "session.ended", entityType: "account",
                entityId: identity.name))
    }
}
