import Foundation
import Logging
import MeetingEvalCore
import PostgresNIO

/// Accounts, sessions, API tokens and invitation codes: rows in the database, so every server
/// on it knows every session and token at once.
extension PostgresEvaluationStore {
    static let accountColumns = "id, name, role, passwordHash, disabled, createdAt, disabledAt, \(memberships("account"))"

    /// The account's organizations as one column: ids joined by commas, in order (NULL: none).
    static func memberships(_ account: String) -> String {
        "(SELECT string_agg(m.organizationId, ',' ORDER BY m.organizationId COLLATE \"C\") FROM membership m WHERE m.accountId = \(account).id)"
    }

    public func createAccount(_ account: Account, actor: String) async throws {
        let logger = access.logger
        try await access.transaction { db in
            let taken = try await PostgresAccess.rows(
                "SELECT 1 FROM account WHERE lower(name) = lower(\(account.name))", on: db, logger: logger
            ) { _ in true }
            guard taken.isEmpty else {
                throw DomainError.conflict("An account named '\(account.name)' already exists.", code: "conflict")
            }
            try await db.query(
                """
                INSERT INTO account (id, name, role, passwordHash, disabled, createdAt)
                VALUES (\(account.id), \(account.name), \(account.role.rawValue), \(account.passwordHash), false,
                        \(Timestamp.format(account.createdAt)))
                """, logger: logger)
            for organization in account.organizations {
                try await db.query(
                    "INSERT INTO membership (accountId, organizationId) VALUES (\(account.id), \(organization))",
                    logger: logger)
            }
            try await Self.audit(
                db, logger: logger, actor: actor, action: "account.created", entityType: "account",
                entityId: account.name,
                detail: ["role": account.role.rawValue, "organizations": account.organizations.joined(separator: ",")],
                at: account.createdAt)
        }
    }

    public func accounts() async throws -> [Account] {
        try await access.rows(
            "SELECT \(unescaped: Self.accountColumns) FROM account ORDER BY lower(name) COLLATE \"C\", name",
            Self.account(row:))
    }

    public func account(name: String) async throws -> Account? {
        try await access.rows(
            "SELECT \(unescaped: Self.accountColumns) FROM account WHERE lower(name) = lower(\(name))",
            Self.account(row:)
        ).first
    }

    public func setDisabled(_ disabled: Bool, accountName: String, actor: String, at now: Date) async throws -> Account
    {
        let logger = access.logger
        return try await access.transaction { db in
            var account = try await Self.lockedAccount(db, logger: logger, name: accountName)
            guard account.disabled != disabled else { return account }
            account.disabled = disabled
            account.disabledAt = disabled ? now : nil
            try await db.query(
                """
                UPDATE account SET disabled = \(disabled), disabledAt = \(account.disabledAt.map(Timestamp.format))
                WHERE id = \(account.id)
                """, logger: logger)
            if disabled {
                try await db.query("DELETE FROM session WHERE accountId = \(account.id)", logger: logger)
            }
            try await Self.audit(
                db, logger: logger, actor: actor, action: disabled ? "account.disabled" : "account.enabled",
                entityType: "account", entityId: account.name, detail: [:], at: now)
            return account
        }
    }

    public func setPasswordHash(
        _ hash: String, accountName: String, keepingSession: String?, actor: String, at now: Date
    ) async throws -> Account {
        let logger = access.logger
        return try await access.transaction { db in
            var account = try await Self.lockedAccount(db, logger: logger, name: accountName)
            account.passwordHash = hash
            try await db.query("UPDATE account SET passwordHash = \(hash) WHERE id = \(account.id)", logger: logger)
            try await db.query(
                """
                DELETE FROM session WHERE accountId = \(account.id) AND tokenHash IS DISTINCT FROM \(keepingSession)
                """, logger: logger)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "account.passwordSet", entityType: "account",
                entityId: account.name, detail: [:], at: now)
            return account
        }
    }

    // MARK: Sessions

    public func createSession(_ session: StoredSession) async throws {
        let logger = access.logger
        try await access.transaction { db in
            // Expired sessions go when new ones come.
            try await db.query(
                "DELETE FROM session WHERE expiresAt < \(Timestamp.format(session.createdAt))", logger: logger)
            try await db.query(
                """
                INSERT INTO session (tokenHash, accountId, csrfToken, createdAt, expiresAt)
                VALUES (\(session.tokenHash), \(session.accountId), \(session.csrfToken),
                        \(Timestamp.format(session.createdAt)), \(Timestamp.format(session.expiresAt)))
                """, logger: logger)
        }
    }

    public func session(tokenHash: String, at now: Date) async throws -> (StoredSession, Account)? {
        let rows = try await access.rows(
            """
            SELECT s.tokenHash, s.csrfToken, s.createdAt, s.expiresAt,
                   a.id, a.name, a.role, a.passwordHash, a.disabled, a.createdAt, a.disabledAt,
                   \(unescaped: Self.memberships("a"))
            FROM session s JOIN account a ON a.id = s.accountId
            WHERE s.tokenHash = \(tokenHash) AND NOT a.disabled
            """
        ) { row -> (StoredSession, Account) in
            var c = ColumnReader(row)
            let hash: String = try c.next()
            let csrf: String = try c.next()
            let created: String = try c.next()
            let expires: String = try c.next()
            let account = try Self.account(columns: &c)
            return (
                StoredSession(
                    tokenHash: hash, accountId: account.id, csrfToken: csrf,
                    createdAt: Timestamp.parse(created) ?? .distantPast,
                    expiresAt: Timestamp.parse(expires) ?? .distantPast), account
            )
        }
        guard let found = rows.first, found.0.expiresAt > now else { return nil }
        return found
    }

    public func deleteSession(tokenHash: String) async throws {
        try await access.execute("DELETE FROM session WHERE tokenHash = \(tokenHash)")
    }

    // MARK: API tokens

    public func createAPIToken(_ token: StoredAPIToken, actor: String) async throws {
        let logger = access.logger
        try await access.transaction { db in
            try await db.query(
                """
                INSERT INTO apiToken (id, accountId, label, tokenHash, createdAt)
                VALUES (\(token.id), \(token.accountId), \(token.label), \(token.tokenHash),
                        \(Timestamp.format(token.createdAt)))
                """, logger: logger)
            let name = try await Self.accountName(db, logger: logger, id: token.accountId)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "token.created", entityType: "token", entityId: token.id,
                detail: ["label": token.label, "account": name], at: token.createdAt)
        }
    }

    public func apiToken(tokenHash: String) async throws -> (StoredAPIToken, Account)? {
        try await access.rows(
            """
            SELECT t.id, t.label, t.tokenHash, t.createdAt,
                   a.id, a.name, a.role, a.passwordHash, a.disabled, a.createdAt, a.disabledAt,
                   \(unescaped: Self.memberships("a"))
            FROM apiToken t JOIN account a ON a.id = t.accountId
            WHERE t.tokenHash = \(tokenHash) AND t.revokedAt IS NULL AND NOT a.disabled
            """
        ) { row -> (StoredAPIToken, Account) in
            var c = ColumnReader(row)
            let id: String = try c.next()
            let label: String = try c.next()
            let hash: String = try c.next()
            let created: String = try c.next()
            let account = try Self.account(columns: &c)
            return (
                StoredAPIToken(
                    id: id, accountId: account.id, label: label, tokenHash: hash,
                    createdAt: Timestamp.parse(created) ?? .distantPast), account
            )
        }.first
    }

    static let tokenColumns = "id, accountId, label, tokenHash, createdAt, revokedAt"

    public func apiTokens(accountId: String?) async throws -> [StoredAPIToken] {
        try await access.rows(
            """
            SELECT \(unescaped: Self.tokenColumns) FROM apiToken
            WHERE \(accountId)::text IS NULL OR accountId = \(accountId) ORDER BY createdAt, id
            """, Self.token(row:))
    }

    public func revokeAPIToken(id: String, accountId: String?, actor: String, at now: Date) async throws
        -> StoredAPIToken
    {
        let logger = access.logger
        return try await access.transaction { db in
            guard
                var token = try await PostgresAccess.rows(
                    "SELECT \(unescaped: Self.tokenColumns) FROM apiToken WHERE id = \(id) FOR UPDATE", on: db,
                    logger: logger, Self.token(row:)
                ).first, accountId == nil || token.accountId == accountId
            else { throw DomainError.notFound("No such API token.") }
            guard token.revokedAt == nil else { return token }
            token.revokedAt = now
            try await db.query(
                "UPDATE apiToken SET revokedAt = \(Timestamp.format(now)) WHERE id = \(id)", logger: logger)
            let name = try await Self.accountName(db, logger: logger, id: token.accountId)
            try await Self.audit(
                db, logger: logger, actor: actor, action: "token.revoked", entityType: "token", entityId: id,
                detail: ["label": token.label, "account": name], at: now)
            return token
        }
    }

    // MARK: Invitations

    public func createInvitations(_ batch: InvitationBatch, actor: String) async throws {
        let logger = access.logger
        try await access.transaction { db in
            let taken = try await PostgresAccess.rows(
                "SELECT 1 FROM invitation WHERE codeHash = ANY(\(batch.codeHashes)) LIMIT 1", on: db, logger: logger
            ) { _ in true }
            guard taken.isEmpty, Set(batch.codeHashes).count == batch.codeHashes.count else {
                throw DomainError.conflict("An invitation code was made twice; try again.", code: "conflict")
            }
            try await db.query(
                """
                INSERT INTO invitation (codeHash, evaluationId, batch, venue, raterGroup, createdAt)
                SELECT code, \(batch.evaluationId), \(batch.id), \(batch.venue), \(batch.raterGroup),
                       \(Timestamp.format(batch.createdAt))
                FROM unnest(\(batch.codeHashes)::text[]) AS code
                """, logger: logger)
            var detail = ["batch": batch.id, "count": String(batch.codeHashes.count)]
            detail["venue"] = batch.venue
            detail["raterGroup"] = batch.raterGroup
            try await Self.audit(
                db, logger: logger, actor: actor, action: "invitations.created", entityType: "evaluation",
                entityId: batch.evaluationId, detail: detail, at: batch.createdAt)
        }
    }

    public func invitationCounts(evaluationId: String) async throws -> [InvitationCount] {
        try await access.rows(
            """
            SELECT batch, venue, raterGroup, MIN(createdAt), COUNT(*),
                   COUNT(*) FILTER (WHERE used AND withdrawnAt IS NULL), COUNT(withdrawnAt)
            FROM invitation WHERE evaluationId = \(evaluationId)
            GROUP BY batch, venue, raterGroup ORDER BY MIN(createdAt), batch
            """
        ) { row in
            let (batch, venue, group, createdAt, codes, used, withdrawn) = try row.decode(
                (String, String?, String?, String, Int, Int, Int).self)
            return InvitationCount(
                batch: batch, venue: venue, raterGroup: group, createdAt: createdAt, codes: codes, used: used,
                withdrawn: withdrawn)
        }
    }

    public func invitation(codeHash: String, evaluationId: String) async throws -> Invitation? {
        try await access.rows(
            """
            SELECT venue, raterGroup, used, withdrawnAt IS NOT NULL FROM invitation
            WHERE codeHash = \(codeHash) AND evaluationId = \(evaluationId)
            """
        ) { row in
            let (venue, group, used, withdrawn) = try row.decode((String?, String?, Bool, Bool).self)
            return Invitation(venue: venue, raterGroup: group, used: used, withdrawn: withdrawn)
        }.first
    }

    public func withdrawInvitations(evaluationId: String, batch: String, actor: String, at now: Date) async throws
        -> Int
    {
        let logger = access.logger
        return try await access.transaction { db in
            let known = try await PostgresAccess.rows(
                "SELECT 1 FROM invitation WHERE evaluationId = \(evaluationId) AND batch = \(batch) LIMIT 1", on: db,
                logger: logger
            ) { _ in true }
            guard !known.isEmpty else { throw DomainError.notFound("No such batch of invitation codes.") }
            let withdrawn = try await PostgresAccess.rows(
                """
                UPDATE invitation SET used = true, withdrawnAt = \(Timestamp.format(now))
                WHERE evaluationId = \(evaluationId) AND batch = \(batch) AND NOT used RETURNING 1
                """, on: db, logger: logger
            ) { _ in 1 }.count
            try await Self.audit(
                db, logger: logger, actor: actor, action: "invitations.withdrawn", entityType: "evaluation",
                entityId: evaluationId, detail: ["batch": batch, "count": String(withdrawn)], at: now)
            return withdrawn
        }
    }

    // MARK: Rows

    static func account(row: PostgresRow) throws -> Account {
        var c = ColumnReader(row)
        return try account(columns: &c)
    }

    static func account(columns c: inout ColumnReader) throws -> Account {
        let id: String = try c.next()
        let name: String = try c.next()
        let role: String = try c.next()
        let hash: String = try c.next()
        let disabled: Bool = try c.next()
        let created: String = try c.next()
        let disabledAt: String? = try c.next()
        let organizations: String? = try c.next()
        return Account(
            id: id, name: name, role: Role(rawValue: role) ?? .evaluator, passwordHash: hash, disabled: disabled,
            createdAt: Timestamp.parse(created) ?? .distantPast, disabledAt: disabledAt.flatMap(Timestamp.parse),
            organizations: organizations.map { $0.split(separator: ",").map(String.init) } ?? [])
    }

    static func token(row: PostgresRow) throws -> StoredAPIToken {
        let (id, accountId, label, hash, created, revoked) = try row.decode(
            (String, String, String, String, String, String?).self)
        return StoredAPIToken(
            id: id, accountId: accountId, label: label, tokenHash: hash,
            createdAt: Timestamp.parse(created) ?? .distantPast, revokedAt: revoked.flatMap(Timestamp.parse))
    }

    static func lockedAccount(_ db: PostgresConnection, logger: Logger, name: String) async throws -> Account {
        guard
            let account = try await PostgresAccess.rows(
                "SELECT \(unescaped: accountColumns) FROM account WHERE lower(name) = lower(\(name)) FOR UPDATE",
                on: db, logger: logger, Self.account(row:)
            ).first
        else { throw DomainError.notFound("No account named '\(name)'.") }
        return account
    }

    static func accountName(_ db: PostgresConnection, logger: Logger, id: String) async throws -> String {
        try await PostgresAccess.rows("SELECT name FROM account WHERE id = \(id)", on: db, logger: logger) {
            try $0.decode(String.self)
        }.first ?? id
    }
}
