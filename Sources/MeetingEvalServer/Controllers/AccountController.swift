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
        admins.put("users/{name}/organizations", use: setOrganizations)
        let holders = group.requiring(.manageOwnTokens)
        holders.get("tokens", use: listTokens)
        holders.post("tokens", use: createToken)
        holders.delete("tokens/{tokenId}", use: revokeToken)
    }

    @Sendable func listUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(.ok, UserListBody(users: try await store.accounts().map(UserBody.init)))
    }

    @Sendable func createUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (root, issues) = try await bodies.object(
            request, expecting: "Send {\"name\", \"role\", \"password\"?, \"organizations\"?}.")
        root.warnAboutUnknownKeys(["name", "role", "password", "organizations"])
        let organizations = OrganizationService<Store>.readIds(root, required: false) ?? []
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
            name: name, role: role, password: password, organizations: organizations, actor: context.actor)
        return try JSONResponse.make(.created, CreatedUserBody(user: UserBody(account), password: generated))
    }

    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try await accounts.disable(name: try context.parameters.decoded("name"), by: context.identity)
        return try JSONResponse.make(.ok, UserBody(account))
    }

    @Sendable func enable(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try await accounts.enable(name: try context.parameters.decoded("name"), by: context.identity)
        return try JSONResponse.make(.ok, UserBody(account))
    }

    @Sendable func setPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.decoded("name")
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"password\"?}.")
        root.warnAboutUnknownKeys(["password"])
        let password = root.string("password")
        guard !issues.hasErrors else { throw DomainError.invalid("Send {\"password\"?}.", issues.errors) }
        let (account, generated) = try await accounts.setPassword(
            name: name, password: password, actor: context.actor)
        return try JSONResponse.make(.ok, CreatedUserBody(user: UserBody(account), password: generated))
    }

    @Sendable func setOrganizations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.decoded("name")
        let (root, issues) = try await bodies.object(request, expecting: "Send {\"organizations\": [ids]}.")
        root.warnAboutUnknownKeys(["organizations"])
        let organizations = OrganizationService<Store>.readIds(root, required: true)
        guard let organizations, !issues.hasErrors else {
            throw DomainError.invalid("Send {\"organizations\": [ids]}.", issues.errors)
        }
        let account = try await OrganizationService(store: store).setMemberships(
            accountName: name, organizations: organizations, actor: context.actor)
        return try JSONResponse.make(.ok, UserBody(account))
    }

    @Sendable func listTokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tokens = try await accounts.tokens(visibleTo: identity)
        return try JSONResponse.make(.ok, TokenListBody(tokens: tokens.map { TokenBody($0.token, account: $0.account) }))
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
        let (token, secret, owner) = try await accounts.createToken(
            label: label, accountName: accountName, by: identity)
        return try JSONResponse.make(
            .created, CreatedTokenBody(token: TokenBody(token, account: owner.name), secret: secret))
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (token, owner) = try await accounts.revokeToken(
            id: try context.parameters.decoded("tokenId"), by: identity)
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
    var organizations: [String]

    init(_ account: Account) {
        organizations = account.organizations
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
