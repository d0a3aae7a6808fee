import Foundation

/// Creating accounts and API tokens, with their rules, for the API and the command line alike.
public struct AccountService<Store: AccountPersistence & OrganizationPersistence>: Sendable {
    public let store: Store
    public let passwords: any PasswordHasher

    public init(store: Store, passwords: any PasswordHasher) {
        self.store = store
        self.passwords = passwords
    }

    public static var maxNameLength: Int { 64 }
    public static var maxLabelLength: Int { 100 }

    /// Why a name is not acceptable, or nil (`AccountNameRules`).
    public static func problem(withName name: String) -> String? {
        AccountNameRules.problem(with: name)
    }

    /// Creates an account in `organizations` (every id must exist). With no password, one is
    /// generated and returned (to be shown once).
    public func createAccount(
        name: String, role: Role, password: String?, organizations: [String] = [], actor: String
    ) async throws -> (account: Account, generatedPassword: String?) {
        let memberships = try await OrganizationService(store: store).checkedMemberships(organizations)
        let name = AccountNameRules.normalized(name)
        var issues: [ValidationIssue] = []
        if let problem = Self.problem(withName: name) { issues.append(ValidationIssue(path: "name", message: problem)) }
        let generated = password == nil ? PasswordRules.generate() : nil
        let chosen = password ?? generated!
        if let problem = PasswordRules.problem(with: chosen, name: name) {
            issues.append(ValidationIssue(path: "password", message: problem))
        }
        guard issues.isEmpty else { throw DomainError.invalid("The account has \(issues.count) problem(s).", issues) }
        let account = Account(
            id: UUID().uuidString.lowercased(), name: name, role: role, passwordHash: try await passwords.hash(chosen),
            createdAt: Date(), organizations: memberships)
        try await store.createAccount(account, actor: actor)
        return (account, generated)
    }

    /// Sets a new password (generated and returned when nil); the account's sessions end.
    public func setPassword(name: String, password: String?, actor: String, keepingSession: String? = nil)
        async throws -> (account: Account, generatedPassword: String?)
    {
        let name = AccountNameRules.normalized(name)
        let generated = password == nil ? PasswordRules.generate() : nil
        let chosen = password ?? generated!
        if let problem = PasswordRules.problem(with: chosen, name: name) {
            throw DomainError.invalid(
                "The password is not acceptable.", [ValidationIssue(path: "password", message: problem)])
        }
        guard try await store.account(name: name) != nil else {
            throw DomainError.notFound("No account named '\(name)'.")
        }
        let account = try await store.setPasswordHash(
            try await passwords.hash(chosen), accountName: name, keepingSession: keepingSession, actor: actor,
            at: Date())
        return (account, generated)
    }

    /// Makes an API token for an account; the token itself is returned once and stored hashed.
    public func createToken(for account: Account, label: String, actor: String) async throws
        -> (token: StoredAPIToken, secret: String)
    {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty, label.count <= Self.maxLabelLength, !label.contains(where: \.isNewline) else {
            throw DomainError.invalid(
                "The token needs a label.",
                [ValidationIssue(path: "label", message: "must be 1–\(Self.maxLabelLength) characters on one line")])
        }
        let secret = "me_" + Secrets.token()
        let token = StoredAPIToken(
            id: UUID().uuidString.lowercased(), accountId: account.id, label: label,
            tokenHash: Secrets.sha256(secret), createdAt: Date())
        try await store.createAPIToken(token, actor: actor)
        return (token, secret)
    }

    /// Disables an account (its sessions and tokens stop working); nobody disables their own.
    public func disable(name: String, by identity: Identity?) async throws -> Account {
        let name = AccountNameRules.normalized(name)
        if name.lowercased() == identity?.name.lowercased() {
            throw DomainError.conflict("You cannot disable your own account.", code: "wrong_state")
        }
        return try await store.setDisabled(true, accountName: name, actor: identity?.actor ?? "anonymous", at: Date())
    }

    public func enable(name: String, by identity: Identity?) async throws -> Account {
        try await store.setDisabled(false, accountName: AccountNameRules.normalized(name), actor: identity?.actor ?? "anonymous", at: Date())
    }

    /// The API tokens someone may see: an admin every account's, anyone else their own; with the
    /// name of each token's account.
    public func tokens(visibleTo identity: Identity) async throws -> [(token: StoredAPIToken, account: String)] {
        let tokens = try await store.apiTokens(accountId: identity.role == .admin ? nil : identity.userId)
        let names = Dictionary(try await store.accounts().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return tokens.map { ($0, names[$0.accountId] ?? $0.accountId) }
    }

    /// Makes a token for `accountName` (nil: the caller's own account). Only an admin makes
    /// tokens for other accounts; the admin token belongs to no account, so it must name one;
    /// a disabled account gets none.
    public func createToken(label: String, accountName: String?, by identity: Identity) async throws
        -> (token: StoredAPIToken, secret: String, owner: Account)
    {
        let owner: Account
        if let accountName, accountName.lowercased() != identity.name.lowercased() {
            guard identity.role == .admin else {
                throw DomainError.forbidden("Only an admin makes tokens for other accounts.", code: "forbidden")
            }
            guard let found = try await store.account(name: accountName) else {
                throw DomainError.invalid(
                    "Unknown account.", [ValidationIssue(path: "account", message: "no account '\(accountName)'")])
            }
            owner = found
        } else {
            guard identity.credential != .adminToken, let found = try await store.account(name: identity.name) else {
                throw DomainError.invalid(
                    "The admin token belongs to no account; name one.",
                    [ValidationIssue(path: "account", message: "is required with the admin token")])
            }
            owner = found
        }
        guard !owner.disabled else { throw DomainError.conflict("The account is disabled.", code: "wrong_state") }
        let (token, secret) = try await createToken(for: owner, label: label, actor: identity.actor)
        return (token, secret, owner)
    }

    /// Revokes a token: an admin any, anyone else only their own.
    public func revokeToken(id: String, by identity: Identity) async throws -> (token: StoredAPIToken, account: String)
    {
        let token = try await store.revokeAPIToken(
            id: id.lowercased(), accountId: identity.role == .admin ? nil : identity.userId, actor: identity.actor,
            at: Date())
        let owner = try await store.accounts().first { $0.id == token.accountId }?.name ?? token.accountId
        return (token, owner)
    }
}
