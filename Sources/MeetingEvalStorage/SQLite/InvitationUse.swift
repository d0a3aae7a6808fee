import GRDB
import MeetingEvalCore

/// Spends invitation codes inside the response writer's transaction, so that one code gives
/// at most one response however many submissions race with it: the writer runs one
/// submission at a time, the check comes before the response is inserted and the mark right
/// after, in the same transaction.
enum InvitationUse {
    static func check(_ code: PresentedCode?, evaluationId: String, _ db: Database) throws {
        guard let code else {
            throw DomainError.invalid(
                "This evaluation needs an invitation code. 本评估需要邀请码。",
                [ValidationIssue(path: "token", message: "an invitation code is required")])
        }
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT used, withdrawnAt FROM invitation WHERE codeHash = ? AND evaluationId = ?"),
            arguments: [code.codeHash, evaluationId])
        if let row, (row["withdrawnAt"] as String?) != nil {
            throw DomainError.conflict(
                "This invitation code was withdrawn by the organizer. 该邀请码已被组织方收回。", code: "code_withdrawn")
        }
        switch row.map({ $0["used"] as Bool }) {
        case nil:
            throw DomainError.invalid(
                "This invitation code is not valid. 邀请码无效。",
                [ValidationIssue(path: "token", message: "is not an invitation code of this evaluation")])
        case true?:
            throw DomainError.conflict(
                "This invitation code has already been used. 该邀请码已被使用。", code: "code_used")
        case false?:
            return
        }
    }

    /// Marks the code used. For an anonymous evaluation only the flag is written: no time and no
    /// response id, so nothing stored links the response to its code.
    static func markUsed(_ code: PresentedCode, response: ResponseRecord, anonymous: Bool, _ db: Database) throws {
        if anonymous {
            try db.cachedStatement(sql: "UPDATE invitation SET used = 1 WHERE codeHash = ? AND used = 0")
                .execute(arguments: [code.codeHash])
        } else {
            try db.cachedStatement(
                sql: "UPDATE invitation SET used = 1, usedAt = ?, responseId = ? WHERE codeHash = ? AND used = 0"
            ).execute(arguments: [response.receivedAt, response.id, code.codeHash])
        }
        guard db.changesCount == 1 else {
            throw DomainError.conflict(
                "This invitation code has already been used. 该邀请码已被使用。", code: "code_used")
        }
    }
}
