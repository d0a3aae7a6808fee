import Foundation

/// Questionnaire definitions: read and validate a parsed definition, store it as a new
/// immutable version (`QuestionnaireVersioning`), read stored versions.
public struct QuestionnaireService<Store: EvaluationStore>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// The definition read and validated: `invalid` with every problem when it breaks the rules.
    public func read(_ definition: DocumentNode) throws -> QuestionnaireReader.Result {
        let result = QuestionnaireReader.read(definition)
        guard result.questionnaire != nil else {
            throw DomainError.invalid(
                "The questionnaire definition has \(result.errors.count) problem(s).", result.errors)
        }
        return result
    }

    /// Validates and stores a definition; `saved.created` is false when the same content was
    /// stored before. A new id goes to the organization named (`organization`) or the default
    /// rule gives (`AccessScope.owner`); a new version of a stored id stays with its
    /// organization, which the caller must see (only an admin adds versions to a shared
    /// template).
    public func save(
        _ definition: DocumentNode, organization requested: String? = nil, scope: AccessScope = .everything,
        source: String, actor: String
    ) async throws -> (saved: SavedQuestionnaire, warnings: [ValidationIssue]) {
        let result = try read(definition)
        let questionnaire = result.questionnaire!
        let organization: String?
        if let existing = try await store.latestQuestionnaire(id: questionnaire.id),
            scope.includesQuestionnaire(of: existing.organization),
            requested == nil || requested == existing.organization,
            existing.organization != nil || scope.organizations == nil
        {
            organization = existing.organization
        } else {
            organization = try await OrganizationService(store: store).owner(requested: requested, scope: scope)
        }
        let saved = try await store.save(questionnaire, organization: organization, source: source, actor: actor)
        return (saved, result.warnings)
    }

    /// The questionnaires `scope` sees: its organizations' and the shared templates.
    public func summaries(scope: AccessScope = .everything) async throws -> [QuestionnaireSummary] {
        try await store.questionnaireSummaries().filter { scope.includesQuestionnaire(of: $0.organization) }
    }

    /// The latest version; `notFound` when there is none or `scope` does not see it.
    public func latest(id: String, scope: AccessScope = .everything) async throws -> StoredQuestionnaire {
        guard QuestionnaireValidator.isIdentifier(id), let stored = try await store.latestQuestionnaire(id: id),
            scope.includesQuestionnaire(of: stored.organization)
        else {
            throw DomainError.notFound("No questionnaire with this id.")
        }
        return stored
    }

    /// One version; `notFound` when there is none or `scope` does not see it.
    public func version(id: String, number: Int?, scope: AccessScope = .everything) async throws -> StoredQuestionnaire
    {
        guard QuestionnaireValidator.isIdentifier(id), let number,
            let stored = try await store.questionnaire(id: id, version: number),
            scope.includesQuestionnaire(of: stored.organization)
        else {
            throw DomainError.notFound("No such questionnaire version.")
        }
        return stored
    }
}
