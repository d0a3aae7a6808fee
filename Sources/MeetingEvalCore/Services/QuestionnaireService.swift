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
    /// stored before.
    public func save(_ definition: DocumentNode, source: String, actor: String) async throws
        -> (saved: SavedQuestionnaire, warnings: [ValidationIssue])
    {
        let result = try read(definition)
        let saved = try await store.save(result.questionnaire!, source: source, actor: actor)
        return (saved, result.warnings)
    }

    public func summaries() async throws -> [QuestionnaireSummary] {
        try await store.questionnaireSummaries()
    }

    /// The latest version; `notFound` when there is none.
    public func latest(id: String) async throws -> StoredQuestionnaire {
        guard QuestionnaireValidator.isIdentifier(id), let stored = try await store.latestQuestionnaire(id: id) else {
            throw DomainError.notFound("No questionnaire with this id.")
        }
        return stored
    }

    /// One version; `notFound` when there is none.
    public func version(id: String, number: Int?) async throws -> StoredQuestionnaire {
        guard QuestionnaireValidator.isIdentifier(id), let number,
            let stored = try await store.questionnaire(id: id, version: number)
        else {
            throw DomainError.notFound("No such questionnaire version.")
        }
        return stored
    }
}
