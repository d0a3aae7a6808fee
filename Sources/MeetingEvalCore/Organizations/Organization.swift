import Foundation

/// A client office whose questionnaires, evaluations and scorecards only its members see.
public struct Organization: Sendable, Equatable {
    /// The organization every evaluation and questionnaire goes to when nobody names one: an
    /// admin's, or a caller's who belongs to none. A database from before organizations moved
    /// into it whole.
    public static let defaultId = "default"

    public var id: String
    public var name: LocalizedText
    public var createdAt: Date

    public init(id: String, name: LocalizedText, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// What an organization still holds; it may be deleted only when all of it is zero.
public struct OrganizationUsage: Sendable, Equatable {
    public var members: Int
    public var evaluations: Int
    public var questionnaires: Int

    public init(members: Int, evaluations: Int, questionnaires: Int) {
        self.members = members
        self.evaluations = evaluations
        self.questionnaires = questionnaires
    }

    public var isEmpty: Bool { members == 0 && evaluations == 0 && questionnaires == 0 }
}

/// The one rule of who may see what: an admin sees every organization; anyone else sees the
/// evaluations and questionnaires of the organizations they belong to — an account in none
/// counts as a member of the default organization —, and the shared templates (questionnaires
/// of no organization). Whatever lies outside answers exactly as something missing does, so
/// that its existence does not leak.
public struct AccessScope: Sendable, Equatable {
    /// Nil: every organization (admins).
    public let organizations: Set<String>?

    public init(organizations: Set<String>?) {
        self.organizations = organizations
    }

    /// Everything: admins, the admin token, and the command line.
    public static let everything = AccessScope(organizations: nil)

    public init(_ identity: Identity) {
        if identity.role == .admin {
            organizations = nil
        } else {
            organizations = identity.organizations.isEmpty ? [Organization.defaultId] : Set(identity.organizations)
        }
    }

    /// Whether an evaluation (or a questionnaire) of `organization` is visible.
    public func includes(_ organization: String) -> Bool {
        organizations?.contains(organization) ?? true
    }

    /// Whether a questionnaire owned by `organization` (nil: a shared template) is visible.
    public func includesQuestionnaire(of organization: String?) -> Bool {
        guard let organization else { return true }
        return includes(organization)
    }

    /// The organization a new evaluation or questionnaire goes to when the request names
    /// `requested` (nil: none): the named one, which must be one of the caller's; left out, the
    /// caller's only organization, or the default one for an admin or a caller in none. A
    /// caller in several must name one. An organization outside the scope is reported as
    /// unknown, like one that does not exist.
    public func owner(requested: String?, field: String = "organization") throws -> String {
        if let requested {
            guard includes(requested) else {
                throw DomainError.invalid(
                    "Unknown organization.", [ValidationIssue(path: field, message: "no organization '\(requested)'")])
            }
            return requested
        }
        guard let organizations, !organizations.isEmpty else { return Organization.defaultId }
        guard organizations.count == 1, let only = organizations.first else {
            throw DomainError.invalid(
                "You belong to several organizations; name one.",
                [ValidationIssue(path: field, message: "is required: one of \(organizations.sorted().joined(separator: ", "))")])
        }
        return only
    }
}
