import Foundation

/// Which version number a questionnaire definition gets when it is stored. Versions are
/// immutable: identical content is recognised and keeps its version; changed content becomes
/// the version it asks for when that is free, else the next free one.
public enum QuestionnaireVersioning {
    public static func numbering(requested: Int, identical: Int?, latest: Int) -> QuestionnaireNumbering {
        if let identical { return .existing(identical) }
        return .new(max(requested, latest + 1))
    }
}

extension QuestionnairePersistence {
    /// Stores a questionnaire version by the rules of `QuestionnaireVersioning`.
    public func save(_ questionnaire: Questionnaire, source: String, actor: String) async throws -> SavedQuestionnaire {
        let requested = questionnaire.version
        return try await storeQuestionnaireVersion(questionnaire, source: source, actor: actor) { identical, latest in
            QuestionnaireVersioning.numbering(requested: requested, identical: identical, latest: latest)
        }
    }
}
