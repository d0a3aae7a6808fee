import Foundation
import Hummingbird
import Testing

/// `GET /metrics` after a known mix of submissions.
@Suite("Prometheus metrics")
struct MetricsRouteTests {
    /// `name{labels} value` lines of the exposition, keyed by everything before the value.
    private func samples(_ text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            values[String(line[..<space])] = value
        }
        return values
    }

    @Test func submissionsRejectionsLatencyAndBatchesAreCounted() async throws {
        try await withServer { api, _ in
            let (id, slug) = try await api.createEvaluation()
            let path = "/api/public/evaluations/\(slug)/responses"
            let body = fullSubmission()
            #expect(try await api.send(.post, path, json: body).status == .created)
            #expect(try await api.send(.post, path, json: body).status == .ok)
            #expect(
                try await api.send(.post, path, json: fullSubmission(id: "not-a-uuid")).status == .unprocessableContent)
            #expect(try await api.send(.post, path, body: "{\"id\":").status == .badRequest)
            #expect(
                try await api.send(.post, "/api/public/evaluations/nosuchslug1/responses", json: body).status
                    == .notFound)
            #expect(try await api.send(.post, "/api/evaluations/\(id)/close").status == .ok)
            #expect(try await api.send(.post, path, json: fullSubmission()).status == .conflict)

            let response = try await api.send(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let values = samples(response.text)
            #expect(values["meeting_eval_submissions_total{outcome=\"created\"}"] == 1)
            #expect(values["meeting_eval_submissions_total{outcome=\"replayed\"}"] == 1)
            #expect(values["meeting_eval_submission_rejections_total{reason=\"invalid\"}"] == 1)
            #expect(values["meeting_eval_submission_rejections_total{reason=\"malformed\"}"] == 1)
            #expect(values["meeting_eval_submission_rejections_total{reason=\"not_found\"}"] == 1)
            #expect(values["meeting_eval_submission_rejections_total{reason=\"closed\"}"] == 1)
            #expect(values["meeting_eval_submission_duration_seconds_count"] == 6)
            #expect(values["meeting_eval_submission_duration_seconds_bucket{le=\"+Inf\"}"] == 6)
            #expect((values["meeting_eval_submission_duration_seconds_sum"] ?? 0) > 0)
            // The created, the replayed and the closed one reached the writer, one batch each.
            #expect(values["meeting_eval_commit_batch_size_count"] == 3)
            #expect(values["meeting_eval_commit_batch_size_sum"] == 3)
            #expect(values["meeting_eval_commit_batch_size_bucket{le=\"1.0\"}"] == 3)
            #expect(values["meeting_eval_commit_duration_seconds_count"] == 3)
        }
    }
}
