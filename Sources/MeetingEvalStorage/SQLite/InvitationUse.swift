import GRDB
import MeetingEvalCore

/// Reads and spends invitation codes inside the response writer's transaction, so that one code
/// gives at most one response however many submissions race with it: the writer runs one
/// submission at a time, the check (`SubmissionRules.checkCode`, Core) comes before the response
/// is inserted and the mark right after, in the same transaction.
enum InvitationUse {
    /// The code's state in this transaction; nil when the evaluation has no code with this hash.
    static func state(_ code: PresentedCode, evaluationId: String, _ db: Database) throws -> InvitationState? {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT used, withdrawnAt FROM invitation WHERE codeHash = ? AND evaluationId = ?"),
            arguments: [code.codeHash, evaluationId])
        return row.map { InvitationState(used: $0["used"], withdrawn: ($0["withdrawnAt"] as String?) != nil) }
    }

    /// Marks the code used; false when no unused code changed. For an anonymous evaluation only
    /// the flag is written: no time and no response id, so nothing stored links the response to
    /// its code.
    static func markUsed(_ code: PresentedCode, response: ResponseRecord, anonymous: Bool, _ db: Database) throws
        -> Bool
    {
        if anonymous {
            try db.cachedStatement(sql: "UPDATE invitation SET used = 1 WHERE codeHash = ? AND used = 0")
                .execute(arguments: [code.codeHash])
        } else {
            try db.cachedStatement(
                sql: "UPDATE invitation SET used = 1, usedAt = ?, responseId = ? WHERE codeHash = ? AND used = 0"
            ).execute(arguments: [response.receivedAt, response.id, code.codeHash])
        }
        return db.changesCount == 1
    }
}
