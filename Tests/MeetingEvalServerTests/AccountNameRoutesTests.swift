import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import Testing

/// Path parameters arrive percent-encoded from the console (`encodeURIComponent`), and account
/// names follow `AccountNameRules` from their creation on.
@Suite struct AccountNameRoutesTests {
    @Test(arguments: ["ops@example.org", "张伟", "José"])
    func accountsWithAnyAllowedNameCanBeManagedByTheirEncodedName(_ name: String) async throws {
        try await withServer { api, store in
            let created = try await api.send(
                .post, "/api/users", json: ["name": name, "role": "organizer", "password": "a-long-password-1"])
            #expect(created.status == .created, "\(created.text)")
            // As the console's encodeURIComponent writes it: `@` and every non-ASCII byte encoded.
            let encoded = name.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))!
            #expect(encoded.contains("%"))
            let disabled = try await api.send(.post, "/api/users/\(encoded)/disable")
            #expect(disabled.status == .ok, "\(encoded): \(disabled.text)")
            #expect(try await store.account(name: name)?.disabled == true)
            let enabled = try await api.send(.post, "/api/users/\(encoded)/enable")
            #expect(enabled.status == .ok)
            let password = try await api.send(.post, "/api/users/\(encoded)/password", json: [:] as [String: Any])
            #expect(password.status == .ok, "\(password.text)")
            #expect(try await store.account(name: name)?.disabled == false)
        }
    }

    @Test func confusableAndFullWidthNamesAreRefusedAtCreation() async throws {
        try await withServer { api, store in
            #expect(
                try await api.send(
                    .post, "/api/users", json: ["name": "ops", "role": "admin", "password": "a-long-password-1"]
                ).status == .created)
            let before = try await snapshot(store)
            let accounts = try await store.accounts().count
            for name in ["\u{43E}ps", "\u{FF4F}\u{FF50}\u{FF53}", "ops\u{FF20}example.org", "\u{430}\u{435}\u{440}"] {
                let refused = try await api.send(
                    .post, "/api/users", json: ["name": name, "role": "admin", "password": "a-long-password-1"])
                #expect(refused.status == .unprocessableContent, "\(name): \(refused.text)")
                #expect(refused.issuePaths == ["name"])
            }
            #expect(try await store.accounts().count == accounts)
            #expect(try await snapshot(store) == before)
            // A decomposed name is stored composed, once.
            let decomposed = try await api.send(
                .post, "/api/users", json: ["name": "Jose\u{301}", "role": "evaluator", "password": "a-long-password-1"])
            #expect(decomposed.status == .created)
            let stored = try await store.accounts().map(\.name).first { $0.hasPrefix("Jos") }
            #expect(stored.map { Array($0.unicodeScalars) } == Array("Jos\u{E9}".unicodeScalars))
        }
    }

    @Test func aBrokenEncodingOrAControlCharacterInAPathIs400() async throws {
        try await withServer { api, _ in
            for path in ["/api/users/%ZZ/disable", "/api/users/ops%00/disable", "/api/users/%C3%28/disable"] {
                let refused = try await api.send(.post, path)
                #expect(refused.status == .badRequest, "\(path): \(refused.status)")
            }
        }
    }
}
