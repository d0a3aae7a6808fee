import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import PostgresNIO

extension PostgresEvaluationStore {
    public func createOrganization(_ organization: Organization, actor: String) async throws {
        let name = try CanonicalJSON.string(organization.name)
        let logger = access.logger
        try await access.transaction { db in
            let taken = try await PostgresAccess.rows(
                "SELECT 1 FROM organization WHERE id = \(organization.id)", on: db, logger: logger) { _ in true }
            guard taken.isEmpty else {
                throw DomainError.conflict("An organization '\(organization.id)' already exists.", code: "conflict")
            }
            try await db.query(
                """
                INSERT INTO organization (id, name, createdAt)
                VALUES (\(organization.id), \(name), \(Timestamp.format(organization.createdAt)))
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "organization.created", entityType: "organization",
                entityId: organization.id, detail: ["name": name], at: organization.createdAt)
        }
    }

    public func organizations() async throws -> [Organization] {
        try await access.rows("SELECT id, name, createdAt FROM organization ORDER BY id") { row in
            let (id, name, createdAt) = try row.decode((String, String, String).self)
            return try OrganizationRow.organization(id: id, name: name, createdAt: createdAt)
        }
    }

    public func renameOrganization(id: String, name: LocalizedText, actor: String, at now: Date) async throws
        -> Organization
    {
        let newName = try CanonicalJSON.string(name)
        let logger = access.logger
        return try await access.transaction { db in
            guard
                let (oldName, createdAt) = try await PostgresAccess.rows(
                    "SELECT name, createdAt FROM organization WHERE id = \(id) FOR UPDATE", on: db, logger: logger,
                    { try $0.decode((String, String).self) }
                ).first
            else { throw DomainError.notFound("No organization with this id.") }
            try await db.query("UPDATE organization SET name = \(newName) WHERE id = \(id)", logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "organization.renamed", entityType: "organization",
                entityId: id, detail: ["before": oldName, "after": newName], at: now)
            return try OrganizationRow.organization(id: id, name: newName, createdAt: createdAt)
        }
    }

    public func deleteOrganization(
        id: String, actor: String, at now: Date, _ decide: @escaping @Sendable (OrganizationUsage) throws -> Void
    ) async throws {
        let logger = access.logger
        try await access.transaction { db in
            guard
                let name = try await PostgresAccess.rows(
                    "SELECT name FROM organization WHERE id = \(id) FOR UPDATE", on: db, logger: logger,
                    { try $0.decode(String.self) }
                ).first
            else { throw DomainError.notFound("No organization with this id.") }
            let usage =
                try await PostgresAccess.rows(
                    """
                    SELECT (SELECT COUNT(*) FROM membership WHERE organizationId = \(id)),
                           (SELECT COUNT(*) FROM evaluation WHERE organization = \(id)),
                           (SELECT COUNT(*) FROM questionnaireOwner WHERE organization = \(id))
                    """, on: db, logger: logger, { try $0.decode((Int, Int, Int).self) }
                ).first ?? (0, 0, 0)
            try decide(OrganizationUsage(members: usage.0, evaluations: usage.1, questionnaires: usage.2))
            try await db.query("DELETE FROM organization WHERE id = \(id)", logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "organization.deleted", entityType: "organization",
                entityId: id, detail: ["before": name], at: now)
        }
    }

    public func setOrganizations(_ organizations: [String], accountName: String, actor: String, at now: Date)
        async throws -> Account
    {
        let logger = access.logger
        return try await access.transaction { db in
            let before = try await Self.lockedAccount(db, logger: logger, name: accountName)
            try await db.query("DELETE FROM membership WHERE accountId = \(before.id)", logger: logger)
            for organization in organizations {
                try await db.query(
                    "INSERT INTO membership (accountId, organizationId) VALUES (\(before.id), \(organization))",
                    logger: logger)
            }
            var after = before
            after.organizations = organizations.sorted()
            try await Self.audit(
                db, logger: logger, actor: actor, action: "account.organizations", entityType: "account",
                entityId: before.name,
                detail: [
                    "before": before.organizations.joined(separator: ","),
                    "after": after.organizations.joined(separator: ","),
                ], at: now)
            return after
        }
    }
}
