import Foundation

/// Who sent a request, and with which credential.
public struct Identity: Sendable, Equatable {
    public enum Credential: Sendable, Equatable {
        /// A browser session cookie; state changes must carry the session's CSRF token.
        case session(id: String, csrfToken: String)
        /// A stored API token (`Authorization: Bearer …`).
        case apiToken(id: String)
        /// The process-wide admin token from `--admin-token` / `MEETING_EVAL_ADMIN_TOKEN`.
        case adminToken
    }

    public var userId: String
    public var name: String
    public var role: Role
    public var credential: Credential
    /// The organizations the account belongs to (none for an admin, who sees all).
    public var organizations: [String]

    public init(userId: String, name: String, role: Role, credential: Credential, organizations: [String] = []) {
        self.userId = userId
        self.name = name
        self.role = role
        self.credential = credential
        self.organizations = organizations
    }

    /// What this caller may see (`AccessScope`).
    public var scope: AccessScope { AccessScope(self) }

    /// The name recorded in the audit log.
    public var actor: String {
        switch credential {
        case .adminToken: return "admin-token"
        case .session, .apiToken: return name
        }
    }
}
