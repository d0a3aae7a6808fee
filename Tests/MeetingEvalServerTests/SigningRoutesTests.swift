import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalReports
import MeetingEvalServer
import MeetingEvalStorage
import Testing

/// `GET /api/signing-key` and the signature of `scorecard.json`.
@Suite struct SigningRoutesTests {
    /// `GET /api/signing-key` without any credentials, parsed.
    private func publishedKey(_ client: any TestClientProtocol) async throws -> (SigningPublicKey, [String: Any]) {
        let response = try await client.execute(uri: "/api/signing-key", method: .get, headers: [:], body: nil)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        let body = try #require(
            try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
        let key = try SigningPublicKey.parse(try #require(body["publicKey"] as? String))
        return (key, body)
    }

    @Test func signingKeyIsPublicAndComplete() async throws {
        try await withServer { api, _ in
            let (key, body) = try await publishedKey(api.client)
            #expect(body["algorithm"] as? String == "Ed25519")
            #expect(body["keyFingerprint"] as? String == key.fingerprint)
            #expect(key.fingerprint.hasPrefix("SHA256:") && key.fingerprint.count == 7 + 64)
            let pem = try #require(body["publicKeyPEM"] as? String)
            #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
            #expect(try SigningPublicKey.parse(pem) == key)
            #expect(!String(describing: body).contains("PRIVATE"))
        }
    }

    @Test func theRouterPublishesTheKeyItSignsWith() async throws {
        let signer = ScorecardSigner.ephemeral()
        let router = buildRouter(
            configuration: AppConfiguration(), store: try SQLiteEvaluationStore.inMemory(), signer: signer)
        try await Application(router: router).test(.router) { client in
            let (key, _) = try await publishedKey(client)
            #expect(key == signer.publicKey)
        }
    }

    @Test func scorecardSignatureVerifiesWithThePublishedKey() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            for venue in ["hefei", "wuhu"] {
                let sent = try await api.send(
                    .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: fullSubmission(venue: venue))
                #expect(sent.status == .created)
            }
            let (key, _) = try await publishedKey(api.client)
            let scorecard = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.json")
            #expect(scorecard.status == .ok)
            let signature = try #require(scorecard.json["signature"] as? [String: Any])
            #expect(signature["keyFingerprint"] as? String == key.fingerprint)

            let result = ScorecardVerifier(trustedKey: key).verify(Data(scorecard.text.utf8))
            #expect(result.isValid, "\(result.summary)")

            // One digit of the Wuhu venue's score changed: the check names that venue.
            let text = scorecard.text
            let venue = try #require(text.range(of: "\"id\": \"wuhu\""))
            let score = try #require(text.range(of: "\"score\": ", range: venue.upperBound..<text.endIndex))
            let digit = score.upperBound
            let changed = text.replacingCharacters(in: digit...digit, with: text[digit] == "1" ? "2" : "1")
            let tampered = ScorecardVerifier(trustedKey: key).verify(Data(changed.utf8))
            #expect(tampered.problem == .contentChanged(PartChanges(changed: ["venues[wuhu]"])), "\(tampered.summary)")
        }
    }

    @Test func exclusionHistoryIsInTheScorecard() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation()
            let submission = fullSubmission()
            let sent = try await api.send(
                .post, "/api/public/evaluations/\(evaluation.slug)/responses", json: submission)
            #expect(sent.status == .created)
            let responseId = (submission["id"] as! String).lowercased()
            let path = "/api/evaluations/\(evaluation.id)/responses/\(responseId)/exclusion"
            #expect(try await api.send(.post, path, json: ["reason": "同一人重复提交"]).status == .created)
            #expect(try await api.send(.delete, path, json: ["reason": "误操作"]).status == .ok)

            let scorecard = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.json")
            let screening = try #require(scorecard.json["screening"] as? [String: Any])
            #expect((screening["exclusions"] as? [Any])?.isEmpty == true)
            let history = try #require(screening["exclusionHistory"] as? [[String: String]])
            #expect(history.map { $0["action"] } == ["excluded", "included"])
            #expect(history.map { $0["reason"] } == ["同一人重复提交", "误操作"])
            #expect(history.allSatisfy { $0["response"] == responseId && !($0["by"] ?? "").isEmpty })
            #expect(history.allSatisfy { Timestamp.parse($0["at"] ?? "") != nil })

            let html = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.html")
            #expect(html.text.contains("剔除与恢复记录"))
            #expect(html.text.contains("误操作"))
        }
    }
}
