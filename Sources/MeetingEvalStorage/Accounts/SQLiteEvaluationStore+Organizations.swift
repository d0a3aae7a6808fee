import Foundation
import GRDB
import MeetingEvalCore

extension SQLiteEvaluationStore {
    public func createOrganization(_ organization: Organization, actor: String) async throws {
        let name = try CanonicalJSON.string(organization.name)
        try await writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM organization WHERE id = ?", arguments: [organization.id])
                != nil
            {
                throw DomainError.conflict("An organization '\(organization.id)' already exists.", code: "conflict")
            }
            try db.execute(
                sql: "INSERT INTO organization (id, name, createdAt) VALUES (?, ?, ?)",
                arguments: [organization.id, name, Timestamp.format(organization.createdAt)])
            try Self.audit(
                db, actor: actor, action: "organization.created", entityType: "organization",
                entityId: organization.id, detail: ["name": name], at: organization.createdAt)
        }
    }

    public func organizations() async throws -> [Organization] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, createdAt FROM organization ORDER BY id").map {
                try OrganizationRow.organization(id: $0["id"], name: $0["name"], createdAt: $0["createdAt"])
            }
        }
    }

    public func renameOrganization(id: String, name: LocalizedText, actor: String, at now: Date) async throws
        -> Organization
    {
        let newName = try CanonicalJSON.string(name)
        return try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, name, createdAt FROM organization WHERE id = ?", arguments: [id])
            else { throw DomainError.notFound("No organization with this id.") }
            let oldName: String = row["name"]
            try db.execute(sql: "UPDATE organization SET name = ? WHERE id = ?", arguments: [newName, id])
            try Self.audit(
                db, actor: actor, action: "organization.renamed", entityType: "organization", entityId: id,
                detail: ["before": oldName, "after": newName], at: now)
            return try OrganizationRow.organization(id: id, name: newName, createdAt: row["createdAt"])
        }
    }

    public func deleteOrganization(
        id: String, actor: String, at now: Date, _ decide: @escaping @Sendable (OrganizationUsage) throws -> Void
    ) async throws {
        try await writer.write { db in
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM organization WHERE id = ?", arguments: [id])
            else { throw DomainError.notFound("No organization with this id.") }
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [id]) ?? 0 }
            try decide(
                OrganizationUsage(
                    members: try count("SELECT COUNT(*) FROM membership WHERE organizationId = ?"),
                    evaluations: try count("SELECT COUNT(*) FROM evaluation WHERE organization = ?"),
                    questionnaires: try count("SELECT COUNT(*) FROM questionnaireOwner WHERE organization = ?")))
            try db.execute(sql: "DELETE FROM organization WHERE id = ?", arguments: [id])
            try Self.audit(
                db, actor: actor, action: "organization.deleted", entityType: "organization", entityId: id,
                detail: ["before": name], at: now)
        }
    }

    public func setOrganizations(_ organizations: [String], accountName: String, actor: String, at now: Date)
        async throws -> Account
    {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [accountName])
            else { throw DomainError.notFound("No account named '\(accountName)'.") }
            let before = try Self.account(db, row: row)
            try db.execute(sql: "DELETE FROM membership WHERE accountId = ?", arguments: [before.id])
            for organization in organizations {
                try db.execute(
                    sql: "INSERT INTO membership (accountId, organizationId) VALUES (?, ?)",
                    arguments: [before.id, organization])
            }
            let after = try Self.account(db, row: row)
            try Self.audit(
                db, actor: actor, action: "account.organizations", entityType: "account", entityId: before.name,
                detail: [
                    "before": before.organizations.joined(separator: ","),
                    "after": after.organizations.joined(separator: ","),
                ], at: now)
            return after
        }
    }
}

/// An organization read back from its columns (both stores): the name is JSON text, a string
/// or a locale → text map, as `LocalizedText` encodes it.
public enum OrganizationRow {
    public static func organization(id: String, name: String, createdAt: String) throws -> Organization {
        let text: LocalizedText
        if let plain = try? JSONDecoder().decode(String.self, from: Data(name.utf8)) {
            text = .plain(plain)
        } else {
            text = .localized(try JSONDecoder().decode([String: String].self, from: Data(name.utf8)))
        }
        return Organization(id: id, name: text, createdAt: Timestamp.parse(createdAt) ?? .distantPast)
    }
}
