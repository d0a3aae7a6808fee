import GRDB
import MeetingEvalCore

/// Reads and records a venue's observation inside the response writer's transaction, so that a
/// venue is observed once however many observations race for it: the check
/// (`ObservationRules.checkOnce`, Core) comes before the response is inserted and the record
/// right after, in the same transaction.
enum ObservationUse {
    /// The response already recorded as the venue's observation, if any.
    static func recorded(_ response: ResponseRecord, _ db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT responseId FROM observation WHERE evaluationId = ? AND venue = ?"),
            arguments: [response.evaluationId, response.venue])
    }

    static func record(_ response: ResponseRecord, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO observation (evaluationId, venue, responseId) VALUES (?, ?, ?)")
            .execute(arguments: [response.evaluationId, response.venue, response.id])
    }
}
