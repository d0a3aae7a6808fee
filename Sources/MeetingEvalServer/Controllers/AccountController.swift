import Foundation
import Hummingbird
import MeetingEvalCore

/// Accounts (admins) and API tokens (each user their own; admins any account's).
struct AccountController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    let accounts: AccountService<Store>

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let admins = group.requiring(.manageUsers)
        admins.get("users", use: listUsers)
        admins.post("users", use: createUser)
        admins.post("users/{name}/disable", use: disable)
        admins.post("users/{name}/enable", use: enable)
        admins.post("users/{name}/password", use: setPassword)
        let holders = group.requiring(.manageOwnTokens)
        holders.get("tokens", use: listTokens)
        holders.post("tokens", use: createToken)
        holders.delete("tokens/{tokenId}", use: revokeToken)
    }

    @Sendable func listUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(.ok, UserListBody(users: try await store.accounts().map(UserBody.init)))
    }

    @Sendable func createUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"name\", \"role\", \"password\"?}.")
        root.warnAboutUnknownKeys(["name", "role", "password"])
        let name = root.string("name", required: true)
        let roleText = root.string("role", required: true)
        let password = root.string("password")
        let role = roleText.flatMap(Role.init(rawValue:))
        if roleText != nil, role == nil {
            issues.error(.root.appending("role"), "must be admin, organizer or evaluator")
        }
        guard let name, let role, !issues.hasErrors else {
            throw DomainError.invalid("The account has \(issues.errors.count) problem(s).", issues.errors)
        }
        let (account, generated) = try await accounts.createAccount(
            name: name, role: role, password: password, actor: context.actor)
        return try JSONResponse.make(.created, CreatedUserBody(user: UserBody(account), password: generated))
    }

    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        if name.lowercased() == context.identity?.name.lowercased() {
            throw DomainError.conflict("You cannot disable your own account.", code: "wrong_state")
        }
        let account = try await store.setDisabled(true, accountName: name, actor: context.actor, at: Date())
        return try JSONResponse.make(.ok, UserBody(account))
    }

    @Sendable func enable(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let account = try await store.setDisabled(false, accountName: name, actor: context.actor, at: Date())
        return try JSONResponse.make(.ok, UserBody(account))
    }

    @Sendable func setPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"password\"?}.")
        root.warnAboutUnknownKeys(["password"])
        let password = root.string("password")
        guard !issues.hasErrors else { throw DomainError.invalid("Send {\"password\"?}.", issues.errors) }
        let (account, generated) = try await accounts.setPassword(
            name: name, password: password, actor: context.actor)
        return try JSONResponse.make(.ok, CreatedUserBody(user: UserBody(account), password: generated))
    }

    @Sendable func listTokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        // Admins see every account's tokens; others their own.
        let tokens = try await store.apiTokens(accountId: identity.role == .admin ? nil : identity.userId)
        let names = Dictionary(try await store.accounts().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try JSONResponse.make(
            .ok, TokenListBody(tokens: tokens.map { TokenBody($0, account: names[$0.accountId] ?? $0.accountId) }))
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"label\", \"account\"?}.")
        root.warnAboutUnknownKeys(["label", "account"])
        let label = root.string("label", required: true)
        let accountName = root.string("account")
        guard let label, !issues.hasErrors else {
            throw DomainError.invalid("The token has \(issues.errors.count) problem(s).", issues.errors)
        }
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
        let (token, secret) = try await accounts.createToken(for: owner, label: label, actor: context.actor)
        return try JSONResponse.make(
            .created, CreatedTokenBody(token: TokenBody(token, account: owner.name), secret: secret))
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("tokenId")
        let token = try await store.revokeAPIToken(
            id: id.lowercased(), accountId: identity.role == .admin ? nil : identity.userId, actor: context.actor,
            at: Date())
        let owner = try await store.accounts().first { $0.id == token.accountId }?.name ?? token.accountId
        return try JSONResponse.make(.ok, TokenBody(token, account: owner))
    }
}

extension AppRequestContext {
    func requireIdentity() throws -> Identity {
        guard let identity else { throw DomainError.unauthorized("Sign in first.") }
        return identity
    }
}

struct UserBody: Encodable {
    var name: String
    var role: Role
    var disabled: Bool
    var createdAt: String
    var disabledAt: String?

    init(_ account: Account) {
        name = account.name
        role = account.role
        disabled = account.disabled
        createdAt = Timestamp.format(account.createdAt)
        disabledAt = account.disabledAt.map(Timestamp.format)
    }
}

struct UserListBody: Encodable {
    var users: [UserBody]
}

struct CreatedUserBody: Encodable {
    var user: UserBody
    /// The generated password, shown this once; absent when the caller chose one.
    var password: String?
}

struct TokenBody: Encodable {
    var id: String
    var account: String
    var label: String
    var createdAt: String
    var revokedAt: String?

    init(_ token: StoredAPIToken, account: String) {
        id = token.id
        self.account = account
        label = token.label
        createdAt = Timestamp.format(token.createdAt)
        revokedAt = token.revokedAt.map(Timestamp.format)
    }
}

struct TokenListBody: Encodable {
    var tokens: [TokenBody]
}

struct CreatedTokenBody: Encodable {
    var token: TokenBody
    /// The token for `Authorization: Bearer …`, shown this once; only its digest is stored.
    var secret: String
}
