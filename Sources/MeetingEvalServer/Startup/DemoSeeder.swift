import Foundation
import Logging
import MeetingEvalCore

/// Creates a clearly marked demo evaluation of the teleconference questionnaire, opens it and
/// fills it with simulated responses across venues and rater groups, so that a newcomer sees a
/// full scorecard at once.
public struct DemoSeeder<Store: EvaluationStore> {
    public let store: Store
    public let logger: Logger

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public static var questionnaireId: String { "teleconference" }

    public enum DemoError: Error, CustomStringConvertible {
        case missingQuestionnaire(String)

        public var description: String {
            switch self {
            case .missingQuestionnaire(let id):
                return "the demo needs the '\(id)' questionnaire; start with the Surveys folder loaded"
            }
        }
    }

    /// Returns the new evaluation. `responses` simulated attendees submit through the same store
    /// path as real ones.
    public func seed(responses count: Int, seed: UInt64 = 20_261_120) async throws -> Evaluation {
        guard let stored = try await store.latestQuestionnaire(id: Self.questionnaireId) else {
            throw DemoError.missingQuestionnaire(Self.questionnaireId)
        }
        let questionnaire = stored.questionnaire
        let now = Timestamp.now()
        var random = SeededRandom(seed: seed ^ UInt64(now.timeIntervalSince1970))
        let evaluation = Evaluation(
            id: random.nextUUID(), slug: EvaluationCode.randomSlug(), questionnaireId: questionnaire.id,
            questionnaireVersion: questionnaire.version, title: "【演示 DEMO】全省经济运行调度电视电话会议",
            meetingType: .teleconference, meetingDate: String(Timestamp.format(now).prefix(10)),
            venues: DemoMeeting.venues(expecting: count), raterGroups: DemoMeeting.raterGroups,
            expectedRespondents: Int(Double(count) * 1.15), anonymous: true,
            screening: ScreeningSettings(minSeconds: 30, excludeFlagged: true),
            report: ReportSettings(
                client: "【演示】省人民政府办公厅", assessor: "【演示】会议质量第三方评估中心",
                reportNumber: "DEMO-\(String(Timestamp.format(now).prefix(4)))-001"),
            createdAt: now)
        try await store.createEvaluation(evaluation, actor: "demo")
        _ = try await store.setStatus(.open, evaluationId: evaluation.id, actor: "demo", at: now)
        var simulator = ResponseSimulator(questionnaire: questionnaire, evaluation: evaluation, seed: seed)
        simulator.differences = DemoMeeting.differences
        var firstId: String?
        for _ in 0..<count {
            let sentAt = Date()
            let simulated = simulator.next(sentAt: sentAt)
            _ = try await store.submit(simulated.submission, evaluationId: evaluation.id, receivedAt: sentAt)
            if firstId == nil { firstId = simulated.submission.id }
        }
        if let firstId {
            _ = try await store.exclude(
                responseId: firstId, evaluationId: evaluation.id, reason: "演示：同一人重复提交 (demo: a duplicate submission)",
                actor: "demo", at: Timestamp.now())
        }
        logger.info("demo evaluation ready", metadata: ["id": "\(evaluation.id)", "responses": "\(count)"])
        return try await store.evaluation(id: evaluation.id) ?? evaluation
    }

}

/// The demo meeting's venues and rater groups, and the links printed for it.
public enum DemoMeeting {
    /// What the demo report should reveal: the audio and video were weak everywhere, Huainan's
    /// line was poor and few answered there, and the invited public were sceptical; the other
    /// venues are alike.
    static let differences = ResponseSimulator.Differences(
        dimensionShift: ["av-quality": -0.22], venueShift: ["huainan": -0.25], groupShift: ["public": -0.18],
        venueTurnout: ["huainan": 0.35], venueSpread: 0.06)

    /// The venues, each expecting its share of `count` responses (Huainan: as many as the others,
    /// though fewer answer there).
    static func venues(expecting count: Int) -> [Venue] {
        let share = Double(count) * 1.1 / Double(venueNames.count)
        return venueNames.map { Venue(id: $0.0, name: .localized(["zh": $0.1, "en": $0.2]), expected: Int(share.rounded())) }
    }

    static let venueNames: [(String, String, String)] = [
        ("main", "省政府主会场", "Main venue (provincial government)"),
        ("hefei", "合肥分会场", "Hefei branch venue"),
        ("wuhu", "芜湖分会场", "Wuhu branch venue"),
        ("bengbu", "蚌埠分会场", "Bengbu branch venue"),
        ("huainan", "淮南分会场", "Huainan branch venue"),
        ("maanshan", "马鞍山分会场", "Ma'anshan branch venue"),
        ("anqing", "安庆分会场", "Anqing branch venue"),
        ("huangshan", "黄山分会场", "Huangshan branch venue"),
        ("fuyang", "阜阳分会场", "Fuyang branch venue"),
        ("liuan", "六安分会场", "Lu'an branch venue"),
    ]

    static let raterGroups: [RaterGroup] = [
        RaterGroup(id: "attendees", name: .localized(["zh": "参会人员", "en": "Attendees"]), weight: 50),
        RaterGroup(id: "leaders", name: .localized(["zh": "参会领导", "en": "Leaders"]), weight: 30),
        RaterGroup(id: "public", name: .localized(["zh": "特邀公众代表", "en": "Invited public representatives"]), weight: 20),
    ]

    /// The links a newcomer needs, one per line.
    public static func links(for evaluation: Evaluation, baseURL: String) -> String {
        let api = "\(baseURL)/api/evaluations/\(evaluation.id)"
        return """
            Demo evaluation \(evaluation.id): \(evaluation.title)
              printable scorecard  \(api)/scorecard.html
              scorecard JSON       \(api)/scorecard.json
              scorecard CSV        \(api)/scorecard.csv
              raw responses CSV    \(api)/responses.csv
              attendee link        \(baseURL)/e/\(evaluation.slug)?venue=\(evaluation.venues.first?.id ?? "")
            """
    }
}
