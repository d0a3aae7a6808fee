import Foundation

/// Accounts, their browser sessions and API tokens. Secrets are never stored: sessions and
/// tokens by SHA-256, passwords as bcrypt hashes made by the caller.
public protocol AccountPersistence: Sendable {
    /// Throws `conflict` when the name is taken (names compare without case). Stores the
    /// account's memberships (`account.organizations`) with it.
    func createAccount(_ account: Account, actor: String) async throws
    func accounts() async throws -> [Account]
    func account(name: String) async throws -> Account?
    /// Disables or enables an account; a disabled account's sessions and tokens stop working.
    func setDisabled(_ disabled: Bool, accountName: String, actor: String, at: Date) async throws -> Account
    /// Replaces an account's password hash and ends its sessions but `keepingSession` (the one
    /// that asked, when people change their own password); `notFound` for an unknown name.
    func setPasswordHash(
        _ hash: String, accountName: String, keepingSession: String?, actor: String, at: Date
    ) async throws -> Account

    func createSession(_ session: StoredSession) async throws
    /// The session and its account, when the session has not expired and the account is enabled.
    func session(tokenHash: String, at: Date) async throws -> (StoredSession, Account)?
    func deleteSession(tokenHash: String) async throws

    func createAPIToken(_ token: StoredAPIToken, actor: String) async throws
    /// The token and its account, when the token is not revoked and the account is enabled.
    func apiToken(tokenHash: String) async throws -> (StoredAPIToken, Account)?
    func apiTokens(accountId: String?) async throws -> [StoredAPIToken]
    /// Revokes a token; `accountId` limits it to that account's tokens (nil: any). Throws
    /// `notFound` for an unknown (or someone else's) token.
    func revokeAPIToken(id: String, accountId: String?, actor: String, at: Date) async throws -> StoredAPIToken

}

public struct Account: Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: Role
    /// bcrypt hash.
    public var passwordHash: String
    public var disabled: Bool
    public var createdAt: Date
    public var disabledAt: Date?
    /// The ids of the organizations the account belongs to, sorted.
    public var organizations: [String]

    public init(
        id: String, name: String, role: Role, passwordHash: String, disabled: Bool = false, createdAt: Date,
        disabledAt: Date? = nil, organizations: [String] = []
    ) {
        self.organizations = organizations.sorted()
        self.id = id
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }
}

public struct StoredSession: Sendable, Equatable {
    /// SHA-256 (hex) of the cookie value.
    public var tokenHash: String
    public var accountId: String
    /// Sent back by the pages with every state change (the `X-CSRF-Token` header).
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, accountId: String, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.accountId = accountId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

public struct StoredAPIToken: Sendable, Equatable {
    public var id: String
    public var accountId: String
    public var label: String
    /// SHA-256 (hex) of the token.
    public var tokenHash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: String, accountId: String, label: String, tokenHash: String, createdAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.accountId = accountId
        self.label = label
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
