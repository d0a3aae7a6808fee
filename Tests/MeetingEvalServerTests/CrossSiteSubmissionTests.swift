import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import Testing

/// Another site's page must not be able to make its visitors' browsers submit answers or try
/// invitation codes; scripts without browser headers still may.
@Suite struct CrossSiteSubmissionTests {
    static func body() throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fullSubmission()), as: UTF8.self)
    }

    @Test func aSubmissionThatIsNotDeclaredJSONIs415AndStoresNothing() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation()
            let uri = "/api/public/evaluations/\(evaluation.slug)/responses"
            let before = try await snapshot(store)
            for contentType in [
                "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "application/jsonx",
                "application/json-seq", "application/ json", ";application/json", "", nil,
            ] {
                let sent = try await api.anonymous.send(.post, uri, body: try Self.body(), contentType: contentType)
                #expect(sent.status == .unsupportedMediaType, "\(contentType ?? "none"): \(sent.status)")
                #expect(sent.errorCode == "unsupported_media_type")
            }
            #expect(try await snapshot(store) == before)
            // The media type is compared without case, parameters, or the spaces and tabs around it.
            for contentType in [
                "Application/JSON; charset=utf-8", "application/json\t;charset=utf-8", "APPLICATION/JSON",
            ] {
                let json = try await api.anonymous.send(.post, uri, body: try Self.body(), contentType: contentType)
                #expect(json.status == .created, "\(contentType): \(json.text)")
            }
        }
    }

    @Test func anotherSitesOriginOrACrossSiteFetchIs403() async throws {
        try await withServer(configure: { $0.publicURL = "https://eval.example.gov.cn" }) { api, store in
            let evaluation = try await api.createEvaluation()
            let uri = "/api/public/evaluations/\(evaluation.slug)/responses"
            let before = try await snapshot(store)
            let forgeries: [HTTPFields] = [
                [.origin: "https://evil.example"],
                [.origin: "null"],
                [.origin: "https://eval.example.gov.cn.evil.example"],
                // The right host over the wrong scheme is another origin.
                [.origin: "http://eval.example.gov.cn"],
                [.secFetchSite: "cross-site"],
                [.secFetchSite: "cross-site", .origin: "http://localhost"],
            ]
            for headers in forgeries {
                let sent = try await api.with(headers).send(.post, uri, body: try Self.body())
                #expect(sent.status == .forbidden, "\(headers): \(sent.status)")
                #expect(sent.errorCode == "cross_site")
                let code = try await api.with(headers).send(
                    .post, "/api/public/evaluations/\(evaluation.slug)/invitation", json: ["token": "K7M2P-Q9RTX"])
                #expect(code.status == .forbidden, "code check \(headers): \(code.status)")
            }
            #expect(try await snapshot(store) == before)
            // The page itself (the request's host, or the public address), and scripts without
            // browser headers, still submit.
            let allowed: [HTTPFields] = [
                [.origin: "http://localhost", .secFetchSite: "same-origin"],
                [.origin: "https://eval.example.gov.cn"],
                [.origin: "https://EVAL.example.gov.cn:443"],
                [.secFetchSite: "none"],
                [:],
            ]
            for headers in allowed {
                let sent = try await api.with(headers).send(.post, uri, body: try Self.body())
                #expect(sent.status == .created, "\(headers): \(sent.text)")
            }
        }
    }

    @Test func theCSRFOriginCheckComparesTheScheme() async throws {
        try await withServer { api, store in
            let session = try await SessionRoutesTests.signIn(api)
            let body: [String: Any] = [
                "questionnaire": ["id": "teleconference"], "title": "伪造的评估", "meetingDate": "2026-11-20",
            ]
            let before = try await snapshot(store)
            // Served over plain HTTP: a page at https://localhost is another origin.
            let forged = try await api.with([
                .cookie: session.cookie, .csrf: session.csrf, .origin: "https://localhost",
            ])
            .send(.post, "/api/evaluations", json: body)
            #expect(forged.status == .forbidden)
            #expect(forged.errorCode == "csrf")
            #expect(try await snapshot(store) == before)
        }
        try await withServer(configure: { $0.secureCookies = true }) { api, _ in
            let session = try await SessionRoutesTests.signIn(api)
            let body: [String: Any] = [
                "questionnaire": ["id": "teleconference"], "title": "TLS 后的评估", "meetingDate": "2026-11-20",
            ]
            let plain = try await api.with([.cookie: session.cookie, .csrf: session.csrf, .origin: "http://localhost"])
                .send(.post, "/api/evaluations", json: body)
            #expect(plain.errorCode == "csrf")
            let tls = try await api.with([.cookie: session.cookie, .csrf: session.csrf, .origin: "https://localhost"])
                .send(.post, "/api/evaluations", json: body)
            #expect(tls.status == .created, "\(tls.text)")
        }
    }
}
