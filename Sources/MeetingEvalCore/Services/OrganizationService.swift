import Foundation

/// Organizations and memberships: create, list, rename, delete an empty one, and set which
/// organizations an account belongs to. Who sees what inside them is `AccessScope`.
public struct OrganizationService<Store: AccountPersistence & OrganizationPersistence>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    public static var maxNameLength: Int { 100 }

    /// The organizations `scope` sees, by id: all for an admin, else the caller's own.
    public func list(scope: AccessScope) async throws -> [Organization] {
        try await store.organizations().filter { scope.includes($0.id) }
    }

    /// Creates an organization from `{id, name}` (`name` a string or `{zh, en}`), every problem
    /// listed at once.
    public func create(_ body: DocumentNode, actor: String, at now: Date = Timestamp.now()) async throws
        -> Organization
    {
        let issues = IssueCollector()
        guard let root = ObjectReader(body, at: .root, issues: issues) else {
            throw DomainError.invalid("Send an object {id, name}.", issues.errors)
        }
        root.warnAboutUnknownKeys(["id", "name"])
        let id = root.string("id", required: true)
        if let id { QuestionnaireValidator.checkId(id, at: .root.appending("id"), issues: issues) }
        let name = Self.readName(root, issues: issues)
        guard !issues.hasErrors, let id, let name else {
            throw DomainError.invalid("The organization has \(issues.errors.count) problem(s).", issues.errors)
        }
        let organization = Organization(id: id, name: name, createdAt: now)
        try await store.createOrganization(organization, actor: actor)
        return organization
    }

    /// Renames an organization from `{name}`.
    public func rename(id: String, _ body: DocumentNode, actor: String, at now: Date = Timestamp.now()) async throws
        -> Organization
    {
        let issues = IssueCollector()
        guard let root = ObjectReader(body, at: .root, issues: issues) else {
            throw DomainError.invalid("Send an object {name}.", issues.errors)
        }
        root.warnAboutUnknownKeys(["name"])
        guard let name = Self.readName(root, issues: issues), !issues.hasErrors else {
            throw DomainError.invalid("The name has \(issues.errors.count) problem(s).", issues.errors)
        }
        guard QuestionnaireValidator.isIdentifier(id) else { throw DomainError.notFound("No organization with this id.") }
        return try await store.renameOrganization(id: id, name: name, actor: actor, at: now)
    }

    /// Deletes an organization that holds nothing: no member, evaluation or questionnaire
    /// (`conflict` `not_empty` otherwise). The default organization stays.
    public func delete(id: String, actor: String, at now: Date = Timestamp.now()) async throws {
        guard QuestionnaireValidator.isIdentifier(id) else { throw DomainError.notFound("No organization with this id.") }
        try await store.deleteOrganization(id: id, actor: actor, at: now) { usage in
            try Self.checkDeletion(id: id, usage: usage)
        }
    }

    /// The rule of deletion, from what the organization holds.
    public static func checkDeletion(id: String, usage: OrganizationUsage) throws {
        if id == Organization.defaultId {
            throw DomainError.conflict("The default organization cannot be deleted.", code: "wrong_state")
        }
        guard usage.isEmpty else {
            throw DomainError.conflict(
                "The organization still has \(usage.members) member(s), \(usage.evaluations) evaluation(s) and "
                    + "\(usage.questionnaires) questionnaire(s); only an empty organization can be deleted.",
                code: "not_empty")
        }
    }

    /// The organization a new evaluation or questionnaire goes to (`AccessScope.owner`), which
    /// must exist (`invalid` naming it otherwise, as for one outside the scope).
    public func owner(requested: String?, scope: AccessScope) async throws -> String {
        let owner = try scope.owner(requested: requested)
        guard try await store.organizations().contains(where: { $0.id == owner }) else {
            throw DomainError.invalid(
                "Unknown organization.", [ValidationIssue(path: "organization", message: "no organization '\(owner)'")])
        }
        return owner
    }

    /// Replaces an account's organizations; every id must exist.
    public func setMemberships(accountName: String, organizations: [String], actor: String) async throws -> Account {
        let checked = try await checkedMemberships(organizations)
        guard try await store.account(name: accountName) != nil else {
            throw DomainError.notFound("No account named '\(accountName)'.")
        }
        return try await store.setOrganizations(checked, accountName: accountName, actor: actor, at: Date())
    }

    /// The ids, without repeats, once every one is known (`invalid` naming each unknown one).
    public func checkedMemberships(_ organizations: [String], field: String = "organizations") async throws
        -> [String]
    {
        let known = Set(try await store.organizations().map(\.id))
        var issues: [ValidationIssue] = []
        for (index, id) in organizations.enumerated() where !known.contains(id) {
            issues.append(ValidationIssue(path: "\(field)[\(index)]", message: "no organization '\(id)'"))
        }
        guard issues.isEmpty else { throw DomainError.invalid("Unknown organization.", issues) }
        return Array(Set(organizations)).sorted()
    }

    /// Reads `{organizations: [ids]}` (or the `organizations` member of a larger body).
    public static func readIds(_ root: ObjectReader, required: Bool) -> [String]? {
        guard let items = root.array("organizations", required: required) else { return nil }
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            if let id = ObjectReader.string(item, at: root.path.appending("organizations").appending(index), issues: root.issues) {
                ids.append(id)
            }
        }
        return ids
    }

    private static func readName(_ root: ObjectReader, issues: IssueCollector) -> LocalizedText? {
        guard let name = root.localizedText("name", required: true) else { return nil }
        let path = DocumentPath.root.appending("name")
        switch name {
        case .plain(let text): EvaluationRequest.checkName(text, at: path, limit: maxNameLength, issues: issues)
        case .localized(let texts):
            if texts.isEmpty { issues.error(path, "must not be empty") }
            for (locale, text) in texts.sorted(by: { $0.key < $1.key }) {
                EvaluationRequest.checkName(text, at: path.appending(locale), limit: maxNameLength, issues: issues)
            }
        }
        return name
    }
}
