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

/// Row of `evaluation`, in both stores. Venues, rater groups and screening settings are JSON
/// columns: they are read and written with the evaluation as a whole.
public struct EvaluationRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    public static let databaseTableName = "evaluation"
    public var id: String
    public var slug: String
    public var questionnaireId: String
    public var questionnaireVersion: Int
    public var title: String
    public var meetingType: String
    public var meetingDate: String
    public var venues: String
    public var raterGroups: String
    public var expectedRespondents: Int?
    public var opensAt: String?
    public var closesAt: String?
    public var anonymous: Bool
    public var access: String
    public var screening: String
    public var sharedDevices: Bool
    public var status: String
    public var createdAt: String
    public var openedAt: String?
    public var closedAt: String?
    public var organization: String
    public var archivedAt: String?
    /// `ReportSettings` as JSON (client, assessor, report number).
    public var report: String
    /// `EvaluationOpinion` as JSON; nil until the evaluator writes one.
    public var opinion: String?
    /// The pinned `MeetingStandard`'s definition (canonical JSON); nil: none named.
    public var standard: String?
    /// `ScoreIndex` as JSON; nil: no combined index.
    public var scoreIndex: String?
    /// `MeetingFacts` as JSON; nil until recorded.
    public var facts: String?

    public init(
        id: String, slug: String, questionnaireId: String, questionnaireVersion: Int, title: String, meetingType: String,
        meetingDate: String, venues: String, raterGroups: String, expectedRespondents: Int?, opensAt: String?, closesAt: String?,
        anonymous: Bool, access: String, screening: String, sharedDevices: Bool, status: String, createdAt: String,
        openedAt: String?, closedAt: String?, organization: String, archivedAt: String?, report: String,
        opinion: String?, standard: String?, scoreIndex: String?, facts: String?
    ) {
        self.standard = standard
        self.scoreIndex = scoreIndex
        self.facts = facts
        self.organization = organization
        self.archivedAt = archivedAt
        self.id = id
        self.slug = slug
        self.questionnaireId = questionnaireId
        self.questionnaireVersion = questionnaireVersion
        self.title = title
        self.meetingType = meetingType
        self.meetingDate = meetingDate
        self.venues = venues
        self.raterGroups = raterGroups
        self.expectedRespondents = expectedRespondents
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.anonymous = anonymous
        self.access = access
        self.screening = screening
        self.sharedDevices = sharedDevices
        self.status = status
        self.createdAt = createdAt
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.report = report
        self.opinion = opinion
    }

    /// The columns in table order, as the stores name them in SQL.
    public static let columnList =
        "id, slug, questionnaireId, questionnaireVersion, title, meetingType, meetingDate, venues, raterGroups, expectedRespondents, opensAt, closesAt, anonymous, access, screening, sharedDevices, status, createdAt, openedAt, closedAt, organization, archivedAt, report, opinion, standard, scoreIndex, facts"

    public enum Columns {
        public static let slug = Column(CodingKeys.slug)
        public static let createdAt = Column(CodingKeys.createdAt)
    }
}

/// Row of `response`, in both stores.
public struct ResponseRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    public static let databaseTableName = "response"
    public var id: String
    public var evaluationId: String
    public var venue: String?
    public var raterGroup: String?
    public var answers: String
    public var startedAt: String?
    public var receivedAt: String
    public var locale: String?
    public var contentDigest: String

    public init(
        id: String, evaluationId: String, venue: String?, raterGroup: String?, answers: String, startedAt: String?,
        receivedAt: String, locale: String?, contentDigest: String
    ) {
        self.id = id
        self.evaluationId = evaluationId
        self.venue = venue
        self.raterGroup = raterGroup
        self.answers = answers
        self.startedAt = startedAt
        self.receivedAt = receivedAt
        self.locale = locale
        self.contentDigest = contentDigest
    }

    /// A submission as it is stored: canonical answers, ISO 8601 times and the content digest
    /// that tells a replay from a conflict.
    public init(_ submission: ResponseSubmission, evaluationId: String, receivedAt: Date) {
        let answers = CanonicalJSON.answers(submission.answers)
        let startedAt = submission.startedAt.map(Timestamp.format)
        self.init(
            id: submission.id, evaluationId: evaluationId, venue: submission.venue,
            raterGroup: submission.raterGroup, answers: answers, startedAt: startedAt,
            receivedAt: Timestamp.format(receivedAt), locale: submission.locale,
            contentDigest: SubmissionRules.contentDigest(of: submission, answersJSON: answers, startedAt: startedAt))
    }

    public enum Columns {
        public static let evaluationId = Column(CodingKeys.evaluationId)
        public static let receivedAt = Column(CodingKeys.receivedAt)
    }

    public var stored: StoredResponse {
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
    public init(_ evaluation: Evaluation) throws {
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
            closedAt: evaluation.closedAt.map(Timestamp.format), organization: evaluation.organization,
            archivedAt: evaluation.archivedAt.map(Timestamp.format), report: try CanonicalJSON.string(evaluation.report),
            opinion: try evaluation.opinion.map { try CanonicalJSON.string($0) },
            standard: evaluation.standard?.definition,
            scoreIndex: try evaluation.scoreIndex.map { try CanonicalJSON.string($0) },
            facts: try evaluation.facts.map { try CanonicalJSON.string($0) }
        )
    }

    public func evaluation() throws -> Evaluation {
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
            sharedDevices: sharedDevices, report: try decoder.decode(ReportSettings.self, from: Data(report.utf8)),
            opinion: try opinion.map { try decoder.decode(EvaluationOpinion.self, from: Data($0.utf8)) },
            status: EvaluationStatus(rawValue: status) ?? .closed, createdAt: Timestamp.parse(createdAt) ?? Date(),
            openedAt: openedAt.flatMap(Timestamp.parse), closedAt: closedAt.flatMap(Timestamp.parse),
            organization: organization, archivedAt: archivedAt.flatMap(Timestamp.parse),
            standard: try standard.map(MeetingStandard.stored),
            scoreIndex: try scoreIndex.map { try decoder.decode(ScoreIndex.self, from: Data($0.utf8)) },
            facts: try facts.map { try decoder.decode(MeetingFacts.self, from: Data($0.utf8)) }
        )
    }
}

extension StoredQuestionnaire {
    /// A stored version read back from its row (both stores keep the same columns).
    public init(
        definition: String, digest: String, source: String?, createdAt: String, id: String, version: Int,
        organization: String?
    ) throws {
        let result = QuestionnaireReader.read(try DocumentNode.parseJSON(Data(definition.utf8)))
        guard let questionnaire = result.questionnaire else {
            throw StorageError.corrupt("stored questionnaire \(id)@\(version) no longer validates")
        }
        self.init(
            questionnaire: questionnaire, digest: digest, source: source,
            createdAt: Timestamp.parse(createdAt) ?? Date(), organization: organization)
    }
}

/// Parsed questionnaire versions. Versions are immutable, so entries never go stale, in this
/// process or any other.
public final class StoredQuestionnaireCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: StoredQuestionnaire] = [:]

    public init() {}

    public subscript(id: String, version: Int) -> StoredQuestionnaire? {
        get { lock.withLock { entries["\(id)@\(version)"] } }
        set { lock.withLock { entries["\(id)@\(version)"] = newValue } }
    }
}

/// What a store does with a definition offered for storage, once `numbering` has decided:
/// answer with the version that already holds it, or store it under the new number.
public enum QuestionnaireVersionPlan: Sendable {
    case existing(SavedQuestionnaire)
    /// The definition with its version number, and its canonical JSON.
    case store(Questionnaire, definition: Data)

    /// The digest that recognises identical content: the definition without its version number.
    public static func contentDigest(of questionnaire: Questionnaire) -> String {
        var unnumbered = questionnaire
        unnumbered.version = 0
        return CanonicalJSON.sha256(unnumbered.canonicalJSON())
    }

    public init(_ questionnaire: Questionnaire, numbering: QuestionnaireNumbering) {
        switch numbering {
        case .existing(let existing):
            self = .existing(
                SavedQuestionnaire(
                    id: questionnaire.id, version: existing, created: false, requestedVersion: questionnaire.version))
        case .new(let version):
            var stored = questionnaire
            stored.version = version
            self = .store(stored, definition: stored.canonicalJSON())
        }
    }
}
