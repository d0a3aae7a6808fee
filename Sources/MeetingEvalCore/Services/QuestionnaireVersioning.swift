import Foundation

/// Which version number a questionnaire definition gets when it is stored. Versions are
/// immutable: identical content is recognised and keeps its version; changed content becomes
/// the version it asks for when that is free, else the next free one.
public enum QuestionnaireVersioning {
    public static func numbering(requested: Int, identical: Int?, latest: Int) -> QuestionnaireNumbering {
        if let identical { return .existing(identical) }
        return .new(max(requested, latest + 1))
    }

    /// A questionnaire id belongs to one organization (or is a shared template) from its first
    /// version on: a new version offered for another owner than the stored one is refused
    /// (`conflict` `id_taken`); save it under a new id instead.
    public static func checkOwner(id: String, requested: String?, stored: String?, latest: Int) throws {
        guard latest > 0, requested != stored else { return }
        throw DomainError.conflict(
            stored == nil
                ? "'\(id)' is a shared template; save your changes as a copy under a new id."
                : "The questionnaire id '\(id)' is in use; choose another id.",
            code: "id_taken")
    }
}

extension QuestionnairePersistence {
    /// Stores a questionnaire version by the rules of `QuestionnaireVersioning`, in
    /// `organization` (nil: a shared template).
    public func save(_ questionnaire: Questionnaire, organization: String? = nil, source: String, actor: String)
        async throws -> SavedQuestionnaire
    {
        let requested = questionnaire.version
        let id = questionnaire.id
        return try await storeQuestionnaireVersion(
            questionnaire, organization: organization, source: source, actor: actor
        ) { identical, latest, owner in
            try QuestionnaireVersioning.checkOwner(id: id, requested: organization, stored: owner, latest: latest)
            return QuestionnaireVersioning.numbering(requested: requested, identical: identical, latest: latest)
        }
    }
}
