import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import Testing

@Suite("Sign-in, sessions and cross-site request forgery")
struct SessionRoutesTests {
    /// Adds an account through the API and signs it in; returns the cookie header and CSRF token.
    static func signIn(_ api: APIClient, name: String = "wang", role: String = "organizer") async throws
        -> (cookie: String, csrf: String, setCookie: String)
    {
        let password = "\(name)-secret-pass"
        let created = try await api.send(.post, "/api/users", json: ["name": name, "role": role, "password": password])
        #expect(created.status == .created, "\(created.text)")
        let signedIn = try await api.anonymous.send(.post, "/api/session", json: ["name": name, "password": password])
        #expect(signedIn.status == .ok, "\(signedIn.text)")
        let setCookie = signedIn.headers[.setCookie] ?? ""
        let cookie = String(setCookie.split(separator: ";")[0])
        return (cookie, signedIn.json["csrfToken"] as? String ?? "", setCookie)
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndNotSecureWithoutTLS() async throws {
        try await withServer { api, _ in
            let session = try await Self.signIn(api)
            let attributes = session.setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(attributes[0].hasPrefix("meeting_eval_session="))
            #expect(attributes[0].count > "meeting_eval_session=".count + 40)
            #expect(attributes.contains("HttpOnly"))
            #expect(attributes.contains("SameSite=Strict"))
            #expect(attributes.contains("Path=/"))
            #expect(!attributes.contains("Secure"))
            let me = try await api.with([.cookie: session.cookie]).send(.get, "/api/session")
            #expect(me.status == .ok)
            #expect(me.json["name"] as? String == "wang")
            #expect(me.json["role"] as? String == "organizer")
            #expect(me.json["csrfToken"] as? String == session.csrf)
        }
    }

    @Test func behindTLSTheCookieIsSecure() async throws {
        try await withServer(configure: { $0.secureCookies = true }) { api, _ in
            let session = try await Self.signIn(api)
            #expect(session.setCookie.contains("; Secure"))
        }
    }

    @Test func aWrongPasswordAndAnUnknownNameGetTheSameAnswer() async throws {
        try await withServer { api, store in
            _ = try await Self.signIn(api)
            let wrongPassword = try await api.anonymous.send(
                .post, "/api/session", json: ["name": "wang", "password": "not-the-password"])
            let unknownName = try await api.anonymous.send(
                .post, "/api/session", json: ["name": "nobody", "password": "not-the-password"])
            #expect(wrongPassword.status == .unauthorized)
            #expect(unknownName.status == .unauthorized)
            #expect(wrongPassword.text == unknownName.text)
            #expect(wrongPassword.headers[.setCookie] == nil)
            // The refused sign-in of an existing account is in the audit log, without the password.
            let refused = try await store.auditEvents(entityId: "wang").filter { $0.action == "session.refused" }
            #expect(refused.count == 1)
            #expect(refused.first?.detail?.contains("not-the-password") == false)
        }
    }

    @Test func forgedStateChangesAreRefusedAndChangeNothing() async throws {
        try await withServer { api, store in
            let session = try await Self.signIn(api)
            let body: [String: Any] = [
                "questionnaire": ["id": "teleconference"], "title": "伪造的评估", "meetingDate": "2026-11-20",
            ]
            let before = try await snapshot(store)
            let forgeries: [(String, HTTPFields)] = [
                ("no CSRF token", [.cookie: session.cookie]),
                ("a wrong CSRF token", [.cookie: session.cookie, .csrf: "guessed"]),
                (
                    "another site's origin",
                    [.cookie: session.cookie, .csrf: session.csrf, .origin: "https://evil.example"]
                ),
                ("a cross-site fetch", [.cookie: session.cookie, .csrf: session.csrf, .secFetchSite: "cross-site"]),
            ]
            for (what, headers) in forgeries {
                let forged = try await api.with(headers).send(.post, "/api/evaluations", json: body)
                #expect(forged.status == .forbidden, "\(what): \(forged.status)")
                #expect(forged.errorCode == "csrf", "\(what)")
                let signOut = try await api.with(headers).send(.delete, "/api/session")
                #expect(signOut.status == .forbidden, "sign-out with \(what)")
            }
            #expect(try await snapshot(store) == before)
            // The same request from the page itself goes through.
            let genuine = try await api.with([
                .cookie: session.cookie, .csrf: session.csrf, .origin: "http://localhost",
            ])
            .send(.post, "/api/evaluations", json: body)
            #expect(genuine.status == .created, "\(genuine.text)")
            #expect(try await store.auditEvents(entityId: genuine.json["id"] as? String).first?.actor == "wang")
        }
    }

    @Test func behindAProxyThePublicAddressIsTheSite() async throws {
        try await withServer(configure: { $0.publicURL = "https://eval.example.gov.cn" }) { api, _ in
            let session = try await Self.signIn(api)
            let body: [String: Any] = [
                "questionnaire": ["id": "teleconference"], "title": "代理后的评估", "meetingDate": "2026-11-20",
            ]
            // The proxy passes Host: localhost; the browser names the public address.
            let fromThePage = try await api.with([
                .cookie: session.cookie, .csrf: session.csrf, .origin: "https://eval.example.gov.cn",
            ]).send(.post, "/api/evaluations", json: body)
            #expect(fromThePage.status == .created, "\(fromThePage.text)")
            let fromElsewhere = try await api.with([
                .cookie: session.cookie, .csrf: session.csrf, .origin: "https://eval.example.gov.cn.evil.example",
            ]).send(.post, "/api/evaluations", json: body)
            #expect(fromElsewhere.errorCode == "csrf")
        }
    }

    @Test func aSignInFromAnotherSiteIsRefused() async throws {
        try await withServer { api, _ in
            _ = try await Self.signIn(api)
            let forged = try await api.with([.origin: "https://evil.example"]).send(
                .post, "/api/session", json: ["name": "wang", "password": "wang-secret-pass"])
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.setCookie] == nil)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await withServer { api, _ in
            let session = try await Self.signIn(api)
            let client = api.with([.cookie: session.cookie, .csrf: session.csrf])
            let out = try await client.send(.delete, "/api/session")
            #expect(out.status == .noContent)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.send(.get, "/api/evaluations")
            #expect(after.status == .unauthorized)
            #expect(after.headers[.wwwAuthenticate] != nil)
        }
    }

    @Test func anAdminSetsANewPasswordAndTheOldSessionEnds() async throws {
        try await withServer { api, store in
            let session = try await Self.signIn(api, name: "qian", role: "evaluator")
            let tooShort = try await api.send(.post, "/api/users/qian/password", json: ["password": "short"])
            #expect(tooShort.issuePaths == ["password"])
            let unknown = try await api.send(.post, "/api/users/nobody/password", json: [:])
            #expect(unknown.status == .notFound)
            let reset = try await api.send(.post, "/api/users/qian/password", json: [:])
            #expect(reset.status == .ok, "\(reset.text)")
            let password = try #require(reset.json["password"] as? String)
            #expect(try await api.with([.cookie: session.cookie]).send(.get, "/api/session").status == .unauthorized)
            let old = try await api.anonymous.send(
                .post, "/api/session", json: ["name": "qian", "password": "qian-secret-pass"])
            #expect(old.status == .unauthorized)
            let new = try await api.anonymous.send(.post, "/api/session", json: ["name": "qian", "password": password])
            #expect(new.status == .ok)
            #expect(try await store.auditEvents(entityId: "qian").map(\.action).contains("account.passwordSet"))
        }
    }

    @Test func peopleChangeTheirOwnPasswordAndTheirOtherSessionsEnd() async throws {
        try await withServer { api, _ in
            let first = try await Self.signIn(api, name: "sun", role: "organizer")
            let second = try await api.anonymous.send(
                .post, "/api/session", json: ["name": "sun", "password": "sun-secret-pass"])
            let otherCookie = String((second.headers[.setCookie] ?? "").split(separator: ";")[0])
            let client = api.with([.cookie: first.cookie, .csrf: first.csrf])
            let wrong = try await client.send(
                .post, "/api/session/password", json: ["currentPassword": "nope", "newPassword": "a-new-password-1"])
            #expect(wrong.issuePaths == ["currentPassword"])
            let weak = try await client.send(
                .post, "/api/session/password", json: ["currentPassword": "sun-secret-pass", "newPassword": "short"])
            #expect(weak.issuePaths == ["newPassword"])
            let forged = try await api.with([.cookie: first.cookie]).send(
                .post, "/api/session/password",
                json: ["currentPassword": "sun-secret-pass", "newPassword": "a-new-password-1"])
            #expect(forged.errorCode == "csrf")
            let changed = try await client.send(
                .post, "/api/session/password",
                json: ["currentPassword": "sun-secret-pass", "newPassword": "a-new-password-1"])
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try await client.send(.get, "/api/session").status == .ok)
            #expect(try await api.with([.cookie: otherCookie]).send(.get, "/api/session").status == .unauthorized)
            let signIn = try await api.anonymous.send(
                .post, "/api/session", json: ["name": "sun", "password": "a-new-password-1"])
            #expect(signIn.status == .ok)
            // The admin token has no account and no password.
            let admin = try await api.send(
                .post, "/api/session/password", json: ["currentPassword": "x", "newPassword": "a-new-password-2"])
            #expect(admin.status == .conflict)
        }
    }

    @Test func apiTokensNeedNoCSRFTokenAndStopWhenRevoked() async throws {
        try await withServer { api, store in
            _ = try await Self.signIn(api, name: "li", role: "evaluator")
            let made = try await api.send(.post, "/api/tokens", json: ["label": "export", "account": "li"])
            #expect(made.status == .created)
            let secret = try #require(made.json["secret"] as? String)
            let tokenId = try #require((made.json["token"] as? [String: Any])?["id"] as? String)
            let evaluator = api.bearer(secret)
            #expect(try await evaluator.send(.get, "/api/evaluations").status == .ok)
            // An evaluator's token has the evaluator's rights.
            #expect(try await evaluator.send(.post, "/api/evaluations", json: [:]).status == .forbidden)
            let listed = try await evaluator.send(.get, "/api/tokens")
            #expect(!listed.text.contains(secret))
            #expect(try await evaluator.send(.delete, "/api/tokens/\(tokenId)").status == .ok)
            let revoked = try await evaluator.send(.get, "/api/evaluations")
            #expect(revoked.status == .unauthorized)
            #expect(revoked.errorMessage?.contains("revoked") == true)
            // Only digests are stored.
            #expect(try await store.apiTokens(accountId: nil).allSatisfy { $0.tokenHash != secret })
        }
    }

    @Test func accountRulesAreChecked() async throws {
        try await withServer { api, _ in
            let cases: [([String: Any], String)] = [
                (["name": "zhang", "role": "organizer", "password": "short"], "password"),
                (["name": "zhang", "role": "boss", "password": "long-enough-pass"], "role"),
                (["name": "zh ang", "role": "organizer", "password": "long-enough-pass"], "name"),
                (["name": "zhang", "role": "organizer", "password": String(repeating: "密", count: 30)], "password"),
            ]
            for (body, path) in cases {
                let refused = try await api.send(.post, "/api/users", json: body)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.issuePaths.contains(path), "\(body)")
            }
            let generated = try await api.send(.post, "/api/users", json: ["name": "zhang", "role": "evaluator"])
            #expect(generated.status == .created)
            let password = try #require(generated.json["password"] as? String)
            let signedIn = try await api.anonymous.send(
                .post, "/api/session", json: ["name": "ZHANG", "password": password])
            #expect(signedIn.status == .ok)
            #expect(
                try await api.send(.post, "/api/users", json: ["name": "Zhang", "role": "admin"]).status == .conflict)
        }
    }
}

extension HTTPFields.Element.Name {
    static var csrf: Self { Self("X-CSRF-Token")! }
    static var secFetchSite: Self { Self("Sec-Fetch-Site")! }
}
