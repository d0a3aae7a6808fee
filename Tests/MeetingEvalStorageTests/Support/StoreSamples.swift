import Foundation
import GRDB
import Logging
import MeetingEvalCore
import MeetingEvalStorage
import Testing

/// Sample definitions, evaluations and submissions for the store tests.
enum StoreSamples {
    /// Whole seconds, so that values read back from SQLite (millisecond precision) compare equal.
    static let t0 = Date(timeIntervalSince1970: 1_795_160_000)

    static func questionnaire(id: String = "sample", version: Int = 1, title: String = "样例评估") -> Questionnaire {
        Questionnaire(
            id: id, version: version, meetingType: .teleconference, locales: ["zh", "en"],
            title: .localized(["zh": title, "en": "Sample evaluation"]),
            dimensions: [
                Dimension(
                    id: "quality", title: .localized(["zh": "本会场效果", "en": "Quality"]), weight: 1,
                    questions: [
                        Question(
                            id: "sound", text: .plain("声音"),
                            kind: .rating(
                                RatingScale(min: 1, max: 5, labels: [1: .plain("很差"), 5: .plain("很好")]),
                                allowNotApplicable: false)),
                        Question(
                            id: "signal", text: .plain("信号"),
                            kind: .single([
                                Option(id: "stable", text: .plain("稳定"), score: 100),
                                Option(id: "unstable", text: .plain("不稳定"), score: 20),
                                Option(id: "unsure", text: .plain("不清楚"), notApplicable: true),
                            ])),
                    ]),
                Dimension(
                    id: "remarks", title: .plain("意见建议"),
                    questions: [Question(id: "suggestion", text: .plain("建议"), kind: .text(maxLength: 500))]),
            ])
    }

    static func evaluation(
        id: String = UUID().uuidString.lowercased(), questionnaire: Questionnaire = questionnaire(),
        status: EvaluationStatus = .draft, withVenues: Bool = true, opensAt: Date? = nil, closesAt: Date? = nil,
        createdAt: Date = t0
    ) -> Evaluation {
        Evaluation(
            id: id, slug: EvaluationCode.randomSlug(), questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: "全省安全生产电视电话会议", meetingType: .teleconference,
            meetingDate: "2026-11-20",
            venues: withVenues
                ? [
                    Venue(id: "main", name: .localized(["zh": "主会场", "en": "Main venue"])),
                    Venue(id: "hefei", name: .plain("合肥分会场")), Venue(id: "wuhu", name: .plain("芜湖分会场")),
                ] : [],
            raterGroups: withVenues
                ? [
                    RaterGroup(id: "leaders", name: .plain("领导"), weight: 0.4),
                    RaterGroup(id: "attendees", name: .plain("参会人员"), weight: 0.6),
                ] : [],
            expectedRespondents: 450, opensAt: opensAt, closesAt: closesAt, anonymous: true,
            screening: ScreeningSettings(minSeconds: 20, excludeFlagged: true), status: status, createdAt: createdAt)
    }

    static func submission(
        id: String = UUID().uuidString.lowercased(), venue: String? = "hefei", raterGroup: String? = "attendees",
        sound: Int = 4, suggestion: String? = nil, startedAt: Date? = t0, locale: String? = "zh"
    ) -> ResponseSubmission {
        var answers: [String: AnswerValue] = ["sound": .rating(sound), "signal": .option("stable")]
        if let suggestion { answers["suggestion"] = .text(suggestion) }
        return ResponseSubmission(
            id: id, venue: venue, raterGroup: raterGroup, answers: answers, startedAt: startedAt, locale: locale)
    }

    /// A store holding the sample questionnaire and an evaluation in `status`.
    static func storeWithEvaluation(
        status: EvaluationStatus = .open, withVenues: Bool = true, opensAt: Date? = nil, closesAt: Date? = nil
    ) async throws -> (SQLiteEvaluationStore, Evaluation) {
        let store = try SQLiteEvaluationStore.inMemory()
        let evaluation = try await populate(
            store, status: status, withVenues: withVenues, opensAt: opensAt, closesAt: closesAt)
        return (store, evaluation)
    }

    /// Saves the sample questionnaire and creates an evaluation in `status`.
    static func populate(
        _ store: some EvaluationStore, status: EvaluationStatus = .open, withVenues: Bool = true, opensAt: Date? = nil,
        closesAt: Date? = nil
    ) async throws -> Evaluation {
        _ = try await store.save(questionnaire(), source: "test", actor: "test")
        var evaluation = evaluation(withVenues: withVenues, opensAt: opensAt, closesAt: closesAt)
        try await store.createEvaluation(evaluation, actor: "organizer")
        if status != .draft {
            evaluation = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "organizer", at: t0)
        }
        if status == .closed {
            evaluation = try await store.setStatus(.closed, evaluationId: evaluation.id, actor: "organizer", at: t0)
        }
        return evaluation
    }
}

/// A directory under the system's temporary directory, removed when the body returns.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "meeting-eval-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// Opens a store on a database file, as the server does.
func openFileStore(at url: URL) throws -> SQLiteEvaluationStore {
    try SQLiteEvaluationStore(path: url.path, logger: Logger(label: "meeting-eval.tests"))
}

/// A plain GRDB connection to the same file, to look at and tamper with the raw tables.
func openRawDatabase(at url: URL) throws -> DatabaseQueue {
    try DatabaseQueue(path: url.path)
}

/// The `DomainError.conflict` code thrown by `body`, or nil (with a recorded failure) otherwise.
func conflictCode(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> String? {
    do {
        try await body()
        Issue.record("expected a conflict, nothing was thrown", sourceLocation: sourceLocation)
    } catch DomainError.conflict(_, let code) {
        return code
    } catch {
        Issue.record("expected a conflict, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The fields of a `SavedQuestionnaire`, which has no public initializer.
struct SavedFields: Equatable {
    var id: String
    var version: Int
    var created: Bool
    var requestedVersion: Int
}

extension SavedQuestionnaire {
    var fields: SavedFields {
        SavedFields(id: id, version: version, created: created, requestedVersion: requestedVersion)
    }
}
