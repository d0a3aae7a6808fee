import Foundation
import GRDB
import MeetingEvalCore

extension SQLiteEvaluationStore {
    public func createAccount(_ account: Account, actor: String) async throws {
        try await writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [account.name]) != nil {
                throw DomainError.conflict("An account named '\(account.name)' already exists.", code: "conflict")
            }
            try db.execute(
                sql: """
                    INSERT INTO account (id, name, role, passwordHash, disabled, createdAt)
                    VALUES (?, ?, ?, ?, 0, ?)
                    """,
                arguments: [
                    account.id, account.name, account.role.rawValue, account.passwordHash,
                    Timestamp.format(account.createdAt),
                ])
            for organization in account.organizations {
                try db.execute(
                    sql: "INSERT INTO membership (accountId, organizationId) VALUES (?, ?)",
                    arguments: [account.id, organization])
            }
            try Self.audit(
                db, actor: actor, action: "account.created", entityType: "account", entityId: account.name,
                detail: ["role": account.role.rawValue, "organizations": account.organizations.joined(separator: ",")],
                at: account.createdAt)
        }
    }

    public func accounts() async throws -> [Account] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map { try Self.account(db, row: $0) }
        }
    }

    public func account(name: String) async throws -> Account? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).map { try Self.account(db, row: $0) }
        }
    }

    public func setDisabled(_ disabled: Bool, accountName: String, actor: String, at now: Date) async throws -> Account
    {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [accountName])
            else { throw DomainError.notFound("No account named '\(accountName)'.") }
            var account = try Self.account(db, row: row)
            guard account.disabled != disabled else { return account }
            account.disabled = disabled
            account.disabledAt = disabled ? now : nil
            try db.execute(
                sql: "UPDATE account SET disabled = ?, disabledAt = ? WHERE id = ?",
                arguments: [disabled, account.disabledAt.map(Timestamp.format), account.id])
            if disabled {
                try db.execute(sql: "DELETE FROM session WHERE accountId = ?", arguments: [account.id])
            }
            try Self.audit(
                db, actor: actor, action: disabled ? "account.disabled" : "account.enabled", entityType: "account",
                entityId: account.name, detail: [:], at: now)
            return account
        }
    }

    public func setPasswordHash(
        _ hash: String, accountName: String, keepingSession: String?, actor: String, at now: Date
    ) async throws -> Account {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [accountName])
            else { throw DomainError.notFound("No account named '\(accountName)'.") }
            var account = try Self.account(db, row: row)
            account.passwordHash = hash
            try db.execute(sql: "UPDATE account SET passwordHash = ? WHERE id = ?", arguments: [hash, account.id])
            try db.execute(
                sql: "DELETE FROM session WHERE accountId = ? AND tokenHash IS NOT ?",
                arguments: [account.id, keepingSession])
            try Self.audit(
                db, actor: actor, action: "account.passwordSet", entityType: "account", entityId: account.name,
                detail: [:], at: now)
            return account
        }
    }

    // MARK: Sessions

    public func createSession(_ session: StoredSession) async throws {
        try await writer.write { db in
            // Expired sessions go when new ones come.
            try db.execute(
                sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [Timestamp.format(session.createdAt)])
            try db.execute(
                sql: """
                    INSERT INTO session (tokenHash, accountId, csrfToken, createdAt, expiresAt)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.tokenHash, session.accountId, session.csrfToken, Timestamp.format(session.createdAt),
                    Timestamp.format(session.expiresAt),
                ])
        }
    }

    public func session(tokenHash: String, at now: Date) async throws -> (StoredSession, Account)? {
        try await writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT session.tokenHash, session.csrfToken, session.createdAt AS sessionCreatedAt,
                               session.expiresAt, account.*
                        FROM session JOIN account ON account.id = session.accountId
                        WHERE session.tokenHash = ? AND account.disabled = 0
                        """, arguments: [tokenHash])
            else { return nil }
            let account = try Self.account(db, row: row)
            let session = StoredSession(
                tokenHash: row["tokenHash"], accountId: account.id, csrfToken: row["csrfToken"],
                createdAt: Timestamp.parse(row["sessionCreatedAt"]) ?? .distantPast,
                expiresAt: Timestamp.parse(row["expiresAt"]) ?? .distantPast)
            guard session.expiresAt > now else { return nil }
            return (session, account)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [tokenHash])
        }
    }

    // MARK: API tokens

    public func createAPIToken(_ token: StoredAPIToken, actor: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO apiToken (id, accountId, label, tokenHash, createdAt) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [token.id, token.accountId, token.label, token.tokenHash, Timestamp.format(token.createdAt)])
            try Self.audit(
                db, actor: actor, action: "token.created", entityType: "token", entityId: token.id,
                detail: ["label": token.label, "account": try Self.accountName(db, id: token.accountId)],
                at: token.createdAt)
        }
    }

    public func apiToken(tokenHash: String) async throws -> (StoredAPIToken, Account)? {
        try await writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT apiToken.id AS tokenId, apiToken.label, apiToken.tokenHash,
                               apiToken.createdAt AS tokenCreatedAt, account.*
                        FROM apiToken JOIN account ON account.id = apiToken.accountId
                        WHERE apiToken.tokenHash = ? AND apiToken.revokedAt IS NULL AND account.disabled = 0
                        """, arguments: [tokenHash])
            else { return nil }
            let account = try Self.account(db, row: row)
            let token = StoredAPIToken(
                id: row["tokenId"], accountId: account.id, label: row["label"], tokenHash: row["tokenHash"],
                createdAt: Timestamp.parse(row["tokenCreatedAt"]) ?? .distantPast)
            return (token, account)
        }
    }

    public func apiTokens(accountId: String?) async throws -> [StoredAPIToken] {
        try await writer.read { db in
            let rows: [Row]
            if let accountId {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM apiToken WHERE accountId = ? ORDER BY createdAt, id", arguments: [accountId]
                )
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM apiToken ORDER BY createdAt, id")
            }
            return rows.map(Self.token(row:))
        }
    }

    public func revokeAPIToken(id: String, accountId: String?, actor: String, at now: Date) async throws
        -> StoredAPIToken
    {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM apiToken WHERE id = ?", arguments: [id]),
                accountId == nil || row["accountId"] == accountId
            else { throw DomainError.notFound("No such API token.") }
            var token = Self.token(row: row)
            guard token.revokedAt == nil else { return token }
            token.revokedAt = now
            try db.execute(
                sql: "UPDATE apiToken SET revokedAt = ? WHERE id = ?", arguments: [Timestamp.format(now), id])
            try Self.audit(
                db, actor: actor, action: "token.revoked", entityType: "token", entityId: id,
                detail: ["label": token.label, "account": try Self.accountName(db, id: token.accountId)], at: now)
            return token
        }
    }

    // MARK: Audit

    public func recordAudit(_ event: AuditEvent) async throws {
        var event = event
        event.id = nil
        try await writer.write { [event] db in
            var copy = event
            try copy.insert(db)
        }
    }

    public func auditLog(entityId: String?, before: Int64?, limit: Int) async throws -> [AuditEvent] {
        try await writer.read { db in
            var request = AuditEvent.order(Column("id").desc).limit(max(1, limit))
            if let entityId { request = request.filter(Column("entityId") == entityId) }
            if let before { request = request.filter(Column("id") < before) }
            return try request.fetchAll(db)
        }
    }

    // MARK: Rows

    /// An account row with the organizations the account belongs to.
    static func account(_ db: Database, row: Row) throws -> Account {
        let id: String = row["id"]
        return Account(
            id: id, name: row["name"], role: Role(rawValue: row["role"]) ?? .evaluator,
            passwordHash: row["passwordHash"], disabled: row["disabled"],
            createdAt: Timestamp.parse(row["createdAt"]) ?? .distantPast,
            disabledAt: (row["disabledAt"] as String?).flatMap(Timestamp.parse),
            organizations: try String.fetchAll(
                db, sql: "SELECT organizationId FROM membership WHERE accountId = ? ORDER BY organizationId",
                arguments: [id]))
    }

    static func token(row: Row) -> StoredAPIToken {
        StoredAPIToken(
            id: row["id"], accountId: row["accountId"], label: row["label"], tokenHash: row["tokenHash"],
            createdAt: Timestamp.parse(row["createdAt"]) ?? .distantPast,
            revokedAt: (row["revokedAt"] as String?).flatMap(Timestamp.parse))
    }

    static func accountName(_ db: Database, id: String) throws -> String {
        try String.fetchOne(db, sql: "SELECT name FROM account WHERE id = ?", arguments: [id]) ?? id
    }
}

extension SQLiteEvaluationStore {
    public func createInvitations(_ batch: InvitationBatch, actor: String) async throws {
        try await writer.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO invitation (codeHash, evaluationId, batch, venue, raterGroup, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            let createdAt = Timestamp.format(batch.createdAt)
            for hash in batch.codeHashes {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM invitation WHERE codeHash = ?", arguments: [hash]) != nil {
                    throw DomainError.conflict("An invitation code was made twice; try again.", code: "conflict")
                }
                try statement.execute(arguments: [
                    hash, batch.evaluationId, batch.id, batch.venue, batch.raterGroup, createdAt,
                ])
            }
            var detail = ["batch": batch.id, "count": String(batch.codeHashes.count)]
            detail["venue"] = batch.venue
            detail["raterGroup"] = batch.raterGroup
            try Self.audit(
                db, actor: actor, action: "invitations.created", entityType: "evaluation",
                entityId: batch.evaluationId, detail: detail, at: batch.createdAt)
        }
    }

    public func invitationCounts(evaluationId: String) async throws -> [InvitationCount] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT batch, venue, raterGroup, MIN(createdAt) AS createdAt, COUNT(*) AS codes,
                           SUM(used AND withdrawnAt IS NULL) AS used, COUNT(withdrawnAt) AS withdrawn
                    FROM invitation WHERE evaluationId = ?
                    GROUP BY batch, venue, raterGroup ORDER BY MIN(createdAt), batch
                    """, arguments: [evaluationId]
            ).map { row in
                InvitationCount(
                    batch: row["batch"], venue: row["venue"], raterGroup: row["raterGroup"],
                    createdAt: row["createdAt"], codes: row["codes"], used: row["used"], withdrawn: row["withdrawn"])
            }
        }
    }

    public func invitation(codeHash: String, evaluationId: String) async throws -> Invitation? {
        try await writer.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT venue, raterGroup, used, withdrawnAt FROM invitation WHERE codeHash = ? AND evaluationId = ?",
                arguments: [codeHash, evaluationId]
            ).map { row in
                Invitation(
                    venue: row["venue"], raterGroup: row["raterGroup"], used: row["used"],
                    withdrawn: (row["withdrawnAt"] as String?) != nil)
            }
        }
    }

    public func withdrawInvitations(evaluationId: String, batch: String, actor: String, at now: Date) async throws
        -> Int
    {
        try await writer.write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM invitation WHERE evaluationId = ? AND batch = ? LIMIT 1",
                    arguments: [evaluationId, batch]) != nil
            else { throw DomainError.notFound("No such batch of invitation codes.") }
            try db.execute(
                sql:
                    "UPDATE invitation SET used = 1, withdrawnAt = ? WHERE evaluationId = ? AND batch = ? AND used = 0",
                arguments: [Timestamp.format(now), evaluationId, batch])
            let withdrawn = db.changesCount
            try Self.audit(
                db, actor: actor, action: "invitations.withdrawn", entityType: "evaluation", entityId: evaluationId,
                detail: ["batch": batch, "count": String(withdrawn)], at: now)
            return withdrawn
        }
    }
}
