import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MeetingEvalServer

extension APIClient {
    /// A JSON request from the client at `forwardedFor` (router tests have no socket; the
    /// server trusts `X-Forwarded-For` when configured to).
    func send(_ method: HTTPRequest.Method, _ uri: String, json: Any, forwardedFor: String?) async throws -> APIResponse
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let forwardedFor { headers[AbuseLimits.forwardedFor] = forwardedFor }
        let data = try JSONSerialization.data(withJSONObject: json)
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: data))
        return APIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }
}

@Suite("Abuse limits on the routes")
struct AbuseLimitRouteTests {
    @Test func aFloodFromOneClientGets429WithRetryAfterAndOthersStillSubmit() async throws {
        let limits = AbuseLimits.Configuration(submissionsPerMinute: 5, trustForwardedFor: true)
        try await withServer(abuseLimits: limits) { api, store in
            let evaluation = try await api.createEvaluation()
            let path = "/api/public/evaluations/\(evaluation.slug)/responses"
            for _ in 0..<5 {
                let accepted = try await api.send(.post, path, json: fullSubmission(), forwardedFor: "203.0.113.7")
                #expect(accepted.status == .created)
            }
            let flood = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await api.send(.post, path, json: fullSubmission(), forwardedFor: "10.0.0.1, 203.0.113.7")
                    }
                }
                return try await group.reduce(into: [APIResponse]()) { $0.append($1) }
            }
            for refused in flood {
                #expect(refused.status == .tooManyRequests)
                #expect(refused.errorCode == "rate_limited")
                #expect(refused.errorMessage?.contains("请") == true)
                let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...12).contains(retryAfter))  // one submission every 12 s
            }
            // Every attempt counts, also one to a link that does not exist.
            let unknown = try await api.send(
                .post, "/api/public/evaluations/nosuchslugnosuchslug/responses", json: fullSubmission(),
                forwardedFor: "203.0.113.7")
            #expect(unknown.status == .tooManyRequests)

            // Another venue's address, and a request without one ("unknown"), are not held up.
            let other = try await api.send(.post, path, json: fullSubmission(), forwardedFor: "198.51.100.9")
            #expect(other.status == .created)
            #expect(try await api.send(.post, path, json: fullSubmission()).status == .created)
            #expect(try await store.responses(evaluationId: evaluation.id).count == 7)

            let metrics = try await api.send(.get, "/metrics").text.split(separator: "\n")
            let rateLimited = metrics.first {
                $0.hasPrefix("meeting_eval_submission_rejections_total{reason=\"rate_limited\"} ")
            }
            #expect(rateLimited.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } == 21)
        }
    }

    /// The NAT case with the defaults: a venue of 300 attendees behind one address, each
    /// sending twice (a retry of the same response), all within seconds.
    @Test func theDefaultsLetAWholeVenueBehindOneAddressSubmit() async throws {
        try await withServer(abuseLimits: AbuseLimits.Configuration(trustForwardedFor: true)) { api, store in
            let evaluation = try await api.createEvaluation()
            let path = "/api/public/evaluations/\(evaluation.slug)/responses"
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<300 {
                    group.addTask {
                        let body = fullSubmission()
                        let first = try await api.send(.post, path, json: body, forwardedFor: "203.0.113.50")
                        let retry = try await api.send(.post, path, json: body, forwardedFor: "203.0.113.50")
                        return [first.status.code, retry.status.code]
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(statuses.filter { $0 == 201 }.count == 300)
            #expect(statuses.filter { $0 == 200 }.count == 300)
            #expect(try await store.responses(evaluationId: evaluation.id).count == 300)
        }
    }

    @Test func zeroTurnsTheSubmissionLimitOff() async throws {
        let one = AbuseLimits.Configuration(submissionsPerMinute: 1)
        let off = AbuseLimits.Configuration(submissionsPerMinute: 0)
        for (configuration, limited) in [(one, true), (off, false), (.off, false)] {
            try await withServer(abuseLimits: configuration) { api, _ in
                let evaluation = try await api.createEvaluation()
                let path = "/api/public/evaluations/\(evaluation.slug)/responses"
                #expect(try await api.send(.post, path, json: ["answers": [:]]).status == .unprocessableContent)
                for _ in 0..<30 {
                    let status = try await api.send(.post, path, json: ["answers": [:]]).status
                    #expect(status == (limited ? .tooManyRequests : .unprocessableContent))
                }
            }
        }
    }

    /// A hostile body cannot earn an answer many times its size: a 422 lists 100 issues at
    /// most, and says how many there were.
    @Test func aRejectionListsAtMostOneHundredIssues() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            var body = fullSubmission()
            var answers = body["answers"] as! [String: Any]
            answers["problems"] = Array(repeating: 1, count: 5_000)
            body["answers"] = answers
            let refused = try await api.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: body)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.issuePaths.count == 100)
            #expect(refused.issuePaths.first == "answers.problems[0]")
            #expect(refused.errorMessage?.contains("(5000)") == true)
            #expect(refused.text.utf8.count < 20_000)
            #expect(try await store.responses(evaluationId: evaluation.id).isEmpty)
        }
    }
}
