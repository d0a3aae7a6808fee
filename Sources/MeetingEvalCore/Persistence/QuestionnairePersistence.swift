import Foundation

/// Questionnaire versions, immutable once stored. Which version number a definition gets is
/// decided in `QuestionnaireVersioning` (Core); the store only recognises identical content
/// (by a digest of the definition without its version number) and writes the row with its
/// audit event in one transaction.
public protocol QuestionnairePersistence: Sendable {
    /// Inside one write transaction: finds the version already holding the same content (nil
    /// when none), the latest stored version (0 when none) and the organization the id belongs
    /// to (nil: a shared template, or no version yet), asks `numbering` what to do (it may
    /// throw), and stores the definition under the version it names (with a
    /// `questionnaire.created` audit event by `actor`), or stores nothing when it names an
    /// existing one. The first version of an id records `organization` as its owner.
    func storeQuestionnaireVersion(
        _ questionnaire: Questionnaire, organization: String?, source: String, actor: String,
        numbering:
            @escaping @Sendable (_ identical: Int?, _ latest: Int, _ owner: String?) throws
            -> QuestionnaireNumbering
    ) async throws -> SavedQuestionnaire
    func questionnaireSummaries() async throws -> [QuestionnaireSummary]
    func latestQuestionnaire(id: String) async throws -> StoredQuestionnaire?
    func questionnaire(id: String, version: Int) async throws -> StoredQuestionnaire?
}

/// What to do with a definition offered for storage.
public enum QuestionnaireNumbering: Sendable, Equatable {
    /// The same content is stored as this version already: store nothing.
    case existing(Int)
    /// Store it as this version.
    case new(Int)
}

public struct SavedQuestionnaire: Sendable, Equatable {
    public var id: String
    public var version: Int
    /// False when an identical version was already stored.
    public var created: Bool
    /// The version number the definition asked for, when another was assigned.
    public var requestedVersion: Int

    public init(id: String, version: Int, created: Bool, requestedVersion: Int) {
        self.id = id
        self.version = version
        self.created = created
        self.requestedVersion = requestedVersion
    }
}

public struct StoredQuestionnaire: Sendable {
    public var questionnaire: Questionnaire
    /// SHA-256 (hex) of the canonical JSON definition.
    public var digest: String
    public var source: String?
    public var createdAt: Date
    /// The organization the questionnaire belongs to; nil: a shared template everyone reads.
    public var organization: String?

    public init(
        questionnaire: Questionnaire, digest: String, source: String?, createdAt: Date, organization: String? = nil
    ) {
        self.organization = organization
        self.questionnaire = questionnaire
        self.digest = digest
        self.source = source
        self.createdAt = createdAt
    }
}

public struct QuestionnaireSummary: Sendable, Equatable {
    public var id: String
    public var latestVersion: Int
    public var versions: [Int]
    public var title: LocalizedText
    public var meetingType: MeetingType
    public var locales: [String]
    /// Nil: a shared template.
    public var organization: String?

    public init(
        id: String, latestVersion: Int, versions: [Int], title: LocalizedText, meetingType: MeetingType,
        locales: [String], organization: String? = nil
    ) {
        self.organization = organization
        self.id = id
        self.latestVersion = latestVersion
        self.versions = versions
        self.title = title
        self.meetingType = meetingType
        self.locales = locales
    }
}
