import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage

/// The repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs `body` against the real router over a real (in-memory) SQLite store with the shipped
/// questionnaires loaded.
func withServer(
    maxBodySize: Int = AppConfiguration.defaultMaxBodySize,
    abuseLimits: AbuseLimits.Configuration = AbuseLimits.Configuration(),
    configure: (inout AppConfiguration) -> Void = { _ in },
    _ body: @Sendable (APIClient, SQLiteEvaluationStore) async throws -> Void
) async throws {
    let metrics = ServerMetrics()
    let store = try SQLiteEvaluationStore.inMemory(metrics: metrics.factory)
    let logger = Logger(label: "test")
    let surveys = repositoryRoot.appendingPathComponent("Surveys").path
    try await SurveyCatalogLoader(store: store, logger: logger).load(directory: surveys)
    var configuration = AppConfiguration(
        surveysDirectory: surveys, webDirectory: repositoryRoot.appendingPathComponent("Web").path,
        maxBodySize: maxBodySize, abuseLimits: abuseLimits)
    configuration.adminToken = testAdminToken
    configuration.standards = try StandardCatalogLoader.load(
        directory: repositoryRoot.appendingPathComponent("Surveys/standards").path)
    // The lowest bcrypt cost: the tests check the rules, not the hash's slowness.
    configuration.passwordCost = 4
    configure(&configuration)
    let app = buildApplication(configuration: configuration, store: store, metrics: metrics, logger: logger)
    try await app.test(.router) { client in
        try await body(APIClient(client: client), store)
    }
}

/// The admin token the test server accepts; `APIClient` sends it unless told otherwise.
let testAdminToken = "test-admin-token-0123456789"

/// A parsed response.
struct APIResponse: @unchecked Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }

    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    /// Paths of the issues in an error body.
    var issuePaths: [String] {
        ((json["error"] as? [String: Any])?["issues"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
    }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol
    /// Headers that carry this client's credentials (the admin token by default).
    var credentials: HTTPFields = [.authorization: "Bearer \(testAdminToken)"]

    /// The same client without credentials, like an attendee's browser.
    var anonymous: APIClient { with([:]) }

    /// The same client sending `Authorization: Bearer token`.
    func bearer(_ token: String) -> APIClient { with([.authorization: "Bearer \(token)"]) }

    /// The same client with other credential headers (a session cookie, a CSRF token, an origin).
    func with(_ headers: HTTPFields) -> APIClient {
        var copy = self
        copy.credentials = headers
        return copy
    }

    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, contentType: String? = "application/json"
    ) async throws -> APIResponse {
        var headers = credentials
        if let contentType, body != nil { headers[.contentType] = contentType }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return APIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, json: Any) async throws -> APIResponse {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await send(method, uri, body: String(decoding: data, as: UTF8.self))
    }

    /// Creates an evaluation of the shipped teleconference questionnaire with two venues and
    /// two rater groups, optionally opened.
    func createEvaluation(open: Bool = true, extra: [String: Any] = [:]) async throws -> (id: String, slug: String) {
        var body: [String: Any] = [
            "questionnaire": ["id": "teleconference"],
            "title": "全省政务服务工作电视电话会议",
            "meetingDate": "2026-11-20",
            "venues": [["id": "hefei", "name": "合肥分会场"], ["id": "wuhu", "name": ["zh": "芜湖分会场", "en": "Wuhu"]]],
            "raterGroups": [
                ["id": "leaders", "name": "领导", "weight": 1], ["id": "attendees", "name": "参会人员", "weight": 2],
            ],
            "expectedRespondents": 50,
        ]
        body.merge(extra) { $1 }
        let created = try await send(.post, "/api/evaluations", json: body)
        precondition(created.status == .created, "create failed: \(created.text)")
        let id = created.json["id"] as! String
        if open {
            let opened = try await send(.post, "/api/evaluations/\(id)/open")
            precondition(opened.status == .ok, "open failed: \(opened.text)")
        }
        return (id, created.json["slug"] as! String)
    }
}

/// A complete valid submission for the shipped teleconference questionnaire: every question
/// without `showIf` answered (ratings 4, first option of each choice).
func fullSubmission(id: String = UUID().uuidString, venue: String = "hefei", group: String = "attendees")
    -> [String: Any]
{
    [
        "id": id, "venue": venue, "raterGroup": group, "locale": "zh",
        "startedAt": Timestamp.format(Date().addingTimeInterval(-90)),
        "answers": [
            "necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4, "audio": 5,
            "video": 4, "signal": "stable", "venue-attendance": "all", "venue-discipline": 4,
            "speech-brevity": 3, "relevance": 4, "task-clarity": 5, "follow-up": "na", "worth": "well-worth",
            "problems": ["overtime"], "suggestion": "建议压缩会议时间 <script>alert(1)</script>",
        ] as [String: Any],
    ]
}

/// Everything stored, as text: to prove that rejected requests change nothing.
func snapshot(_ store: SQLiteEvaluationStore) async throws -> String {
    var lines: [String] = []
    for summary in try await store.questionnaireSummaries() {
        lines.append("q \(summary.id) \(summary.versions)")
    }
    for evaluation in try await store.evaluations() {
        lines.append("e \(evaluation.id) \(evaluation.status) \(evaluation.slug)")
        for response in try await store.responses(evaluationId: evaluation.id) {
            lines.append("r \(response.id) \(response.venue ?? "-") \(response.answersJSON)")
        }
        for exclusion in try await store.manualExclusions(evaluationId: evaluation.id) {
            lines.append("x \(exclusion.responseId) \(exclusion.reason)")
        }
    }
    for event in try await store.auditEvents(entityId: nil) {
        lines.append("a \(event.id ?? 0) \(event.action) \(event.entityId)")
    }
    return lines.joined(separator: "\n")
}
