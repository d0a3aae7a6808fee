import Foundation

/// The audit log: who did what, when, to which entity. Append-only.
public protocol AuditPersistence: Sendable {
    /// Records an action that changes no other table (a sign-in, a download of raw answers).
    func recordAudit(_ event: AuditEvent) async throws
    /// The newest audit events first, optionally of one entity, before an event id (paging).
    func auditLog(entityId: String?, before: Int64?, limit: Int) async throws -> [AuditEvent]
    /// Audit trail, oldest first, optionally of one entity.
    func auditEvents(entityId: String?) async throws -> [AuditEvent]
}

/// One recorded action: who did what to which entity, when. Stored append-only.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var id: Int64?
    public var at: Date
    public var actor: String
    public var action: String
    public var entityType: String
    public var entityId: String
    /// JSON object with details of the action.
    public var detail: String?

    private enum CodingKeys: String, CodingKey {
        case id, at, actor, action, entityType, entityId, detail
    }

    public init(
        id: Int64? = nil, at: Date, actor: String, action: String, entityType: String, entityId: String,
        detail: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.detail = detail
    }

    /// Times are ISO 8601 text, in the database as in JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        let text = try container.decode(String.self, forKey: .at)
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .at, in: container, debugDescription: "not an ISO 8601 time")
        }
        at = date
        actor = try container.decode(String.self, forKey: .actor)
        action = try container.decode(String.self, forKey: .action)
        entityType = try container.decode(String.self, forKey: .entityType)
        entityId = try container.decode(String.self, forKey: .entityId)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(Timestamp.format(at), forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(entityType, forKey: .entityType)
        try container.encode(entityId, forKey: .entityId)
        try container.encodeIfPresent(detail, forKey: .detail)
    }
}
