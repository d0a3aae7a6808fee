import Foundation
import GRDB
import MeetingEvalCore

/// Row of `questionnaireVersion`.
struct QuestionnaireVersionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "questionnaireVersion"
    var questionnaireId: String
    var version: Int
    var definition: String
    var digest: String
    var contentDigest: String
    var source: String?
    /// ISO 8601 text (`Timestamp`), like every time column: exact and readable by any tool.
    var createdAt: String

    enum Columns {
        static let questionnaireId = Column(CodingKeys.questionnaireId)
        static let version = Column(CodingKeys.version)
        static let contentDigest = Column(CodingKeys.contentDigest)
    }
}

/// Row of `evaluation`. Venues, rater groups and screening settings are JSON columns: they are
/// read and written with the evaluation as a whole.
struct EvaluationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "evaluation"
    var id: String
    var slug: String
    var questionnaireId: String
    var questionnaireVersion: Int
    var title: String
    var meetingType: String
    var meetingDate: String
    var venues: String
    var raterGroups: String
    var expectedRespondents: Int?
    var opensAt: String?
    var closesAt: String?
    var anonymous: Bool
    var access: String
    var screening: String
    var sharedDevices: Bool
    var status: String
    var createdAt: String
    var openedAt: String?
    var closedAt: String?

    enum Columns {
        static let slug = Column(CodingKeys.slug)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}

/// Row of `response`.
struct ResponseRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "response"
    var id: String
    var evaluationId: String
    var venue: String?
    var raterGroup: String?
    var answers: String
    var startedAt: String?
    var receivedAt: String
    var locale: String?
    var contentDigest: String

    enum Columns {
        static let evaluationId = Column(CodingKeys.evaluationId)
        static let receivedAt = Column(CodingKeys.receivedAt)
    }

    var stored: StoredResponse {
        StoredResponse(
            id: id, evaluationId: evaluationId, venue: venue, raterGroup: raterGroup, answersJSON: answers,
            startedAt: startedAt.flatMap(Timestamp.parse), receivedAt: Timestamp.parse(receivedAt) ?? Date(),
            locale: locale
        )
    }
}

extension AuditEvent: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "auditEvent"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension EvaluationRecord {
    init(_ evaluation: Evaluation) throws {
        self.init(
            id: evaluation.id, slug: evaluation.slug, questionnaireId: evaluation.questionnaireId,
            questionnaireVersion: evaluation.questionnaireVersion, title: evaluation.title,
            meetingType: evaluation.meetingType.rawValue, meetingDate: evaluation.meetingDate,
            venues: try CanonicalJSON.string(evaluation.venues),
            raterGroups: try CanonicalJSON.string(evaluation.raterGroups),
            expectedRespondents: evaluation.expectedRespondents, opensAt: evaluation.opensAt.map(Timestamp.format),
            closesAt: evaluation.closesAt.map(Timestamp.format), anonymous: evaluation.anonymous,
            access: evaluation.access.rawValue, screening: try CanonicalJSON.string(evaluation.screening),
            sharedDevices: evaluation.sharedDevices, status: evaluation.status.rawValue,
            createdAt: Timestamp.format(evaluation.createdAt), openedAt: evaluation.openedAt.map(Timestamp.format),
            closedAt: evaluation.closedAt.map(Timestamp.format)
        )
    }

    func evaluation() throws -> Evaluation {
        let decoder = JSONDecoder()
        return Evaluation(
            id: id, slug: slug, questionnaireId: questionnaireId, questionnaireVersion: questionnaireVersion,
            title: title, meetingType: MeetingType(rawValue: meetingType) ?? .other, meetingDate: meetingDate,
            venues: try decoder.decode([Venue].self, from: Data(venues.utf8)),
            raterGroups: try decoder.decode([RaterGroup].self, from: Data(raterGroups.utf8)),
            expectedRespondents: expectedRespondents, opensAt: opensAt.flatMap(Timestamp.parse),
            closesAt: closesAt.flatMap(Timestamp.parse), anonymous: anonymous,
            access: Evaluation.Access(rawValue: access) ?? .invitation,
            screening: try decoder.decode(ScreeningSettings.self, from: Data(screening.utf8)),
            sharedDevices: sharedDevices, status: EvaluationStatus(rawValue: status) ?? .closed, createdAt: Timestamp.parse(createdAt) ?? Date(),
            openedAt: openedAt.flatMap(Timestamp.parse), closedAt: closedAt.flatMap(Timestamp.parse)
        )
    }
}
