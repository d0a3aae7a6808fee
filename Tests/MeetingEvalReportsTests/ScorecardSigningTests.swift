import Foundation
import MeetingEvalCore
import Testing

@testable import MeetingEvalReports

@Suite("Signed JSON scorecards")
struct ScorecardSigningTests {
    static let signedAt = Date(timeIntervalSince1970: 1_795_140_000)

    /// The fixture's sample scorecard as the API streams it, signed.
    static func signedText(
        signer: ScorecardSigner, comments: Int? = nil, spool: CommentSpool = CommentSpool()
    ) async throws -> String {
        let fixture = try ScorecardFixture()
        var scorecard = try fixture.scorecard(fixture.sampleResponses)
        scorecard.includedResponsesDigest = String(repeating: "ab", count: 32)
        scorecard.exclusionHistory = [
            ExclusionEvent(
                action: .excluded, responseId: "r5", reason: "同一人重复提交", actor: "evaluator",
                at: Date(timeIntervalSince1970: 1_795_133_000)),
            ExclusionEvent(
                action: .included, responseId: "r5", reason: "", actor: "evaluator",
                at: Date(timeIntervalSince1970: 1_795_134_000)),
        ]
        let kept = try comments.map { count in
            var comment = try #require(scorecard.comments.first)
            return (0..<count).map {
                comment.text = "意见 \($0) \"quoted\"\n"
                return comment
            }
        }
        for comment in kept ?? scorecard.comments { try spool.append(comment) }
        let document = ScorecardDocument(scorecard: scorecard, questionnaire: fixture.questionnaire, spool: spool)
        return try await document.jsonText(signedBy: signer, signedAt: signedAt)
    }

    static func verify(_ text: String, trusting key: SigningPublicKey? = nil) -> ScorecardVerification {
        ScorecardVerifier(trustedKey: key).verify(Data(text.utf8))
    }

    /// `text` with the first occurrence of `marker` followed by a number changed in its first digit.
    static func changingDigit(after marker: String, in text: String) throws -> String {
        let start = try #require(text.range(of: marker)).upperBound
        let digit = try #require(text[start...].firstIndex { $0.isNumber })
        let replacement: Character = text[digit] == "1" ? "2" : "1"
        return text.replacingCharacters(in: digit...digit, with: String(replacement))
    }

    @Test("a signed scorecard verifies, with the signer's key and fingerprint")
    func signedScorecardVerifies() async throws {
        let signer = ScorecardSigner.ephemeral()
        let text = try await Self.signedText(signer: signer)
        let result = Self.verify(text)
        #expect(result.isValid, "\(result.summary)")
        #expect(result.keyFingerprint == signer.publicKey.fingerprint)
        #expect(result.signedAt == Timestamp.format(Self.signedAt))
        #expect(Self.verify(text, trusting: signer.publicKey).isValid)
        #expect(ScorecardVerifier(trustedFingerprint: signer.publicKey.fingerprint).verify(Data(text.utf8)).isValid)
        // The document is the unsigned one with the signature member added last.
        let card = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let signature = try #require(card["signature"] as? [String: Any])
        #expect(signature["algorithm"] as? String == "Ed25519")
        #expect(signature["publicKey"] as? String == signer.publicKey.base64)
        let parts = try #require(signature["parts"] as? [String: String])
        #expect(parts["venues[hefei]"] != nil && parts["overall"] != nil && parts["comments[0]"] != nil)
        #expect(text.hasSuffix("\n  }\n}\n"))
        #expect(text.range(of: "\"signature\"")!.lowerBound > text.range(of: "\"comments\"")!.lowerBound)
    }

    @Test("the same document reformatted, members reordered and escaped differently, still verifies")
    func canonicalFormIgnoresFormatting() async throws {
        let text = try await Self.signedText(signer: .ephemeral())
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let compact = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
        let result = ScorecardVerifier().verify(compact)
        #expect(result.isValid, "\(result.summary)")
    }

    @Test(
        "changing one digit of one score fails and names that part",
        arguments: [
            ("\"overall\": {\n    \"score\": ", "overall"),
            ("\"id\": \"hefei\"", "venues[hefei]"),
            ("\"id\": \"notice\"", "questions[notice]"),
            ("\"received\": ", "responses"),
        ])
    func changedDigitIsNamed(marker: String, part: String) async throws {
        let text = try await Self.signedText(signer: .ephemeral())
        let changed = try Self.changingDigit(after: marker, in: text)
        #expect(changed != text)
        let result = Self.verify(changed)
        #expect(!result.isValid)
        #expect(result.problem == .contentChanged(PartChanges(changed: [part])), "\(result.summary)")
        #expect(result.summary.contains("changed: \(part)"))
    }

    @Test("an added or removed element is named")
    func addedAndRemovedElements() async throws {
        let text = try await Self.signedText(signer: .ephemeral())
        var card = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var venues = try #require(card["venues"] as? [[String: Any]])
        venues.removeAll { $0["id"] as? String == "wuhu" }
        card["venues"] = venues
        var comments = try #require(card["comments"] as? [[String: Any]])
        comments.append(["question": "suggestion", "venue": NSNull(), "raterGroup": NSNull(), "text": "added"])
        card["comments"] = comments
        let result = ScorecardVerifier().verify(try JSONSerialization.data(withJSONObject: card))
        guard case .contentChanged(let changes)? = result.problem else {
            Issue.record("expected a content change, got \(result.summary)")
            return
        }
        #expect(changes.removed == ["venues[wuhu]"])
        #expect(changes.added == ["comments[\(comments.count - 1)]"])
        #expect(changes.changed.isEmpty)
    }

    @Test("a scorecard without its signature, or with an edited signature member, fails")
    func missingOrEditedSignature() async throws {
        let text = try await Self.signedText(signer: .ephemeral())
        var card = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var signature = try #require(card["signature"] as? [String: Any])
        card["signature"] = nil
        #expect(ScorecardVerifier().verify(try JSONSerialization.data(withJSONObject: card)).problem == .unsigned)

        signature["signedAt"] = "2020-01-01T00:00:00.000Z"
        card["signature"] = signature
        #expect(
            ScorecardVerifier().verify(try JSONSerialization.data(withJSONObject: card)).problem == .signatureMismatch)

        signature["value"] = "not base64!"
        card["signature"] = signature
        let garbled = ScorecardVerifier().verify(try JSONSerialization.data(withJSONObject: card))
        guard case .malformedSignature? = garbled.problem else {
            Issue.record("expected a malformed signature, got \(garbled.summary)")
            return
        }
    }

    @Test("a scorecard signed with another key fails on the fingerprint")
    func anotherKeyFails() async throws {
        let signer = ScorecardSigner.ephemeral()
        let other = ScorecardSigner.ephemeral()
        let text = try await Self.signedText(signer: signer)
        let result = Self.verify(text, trusting: other.publicKey)
        #expect(
            result.problem
                == .otherKey(signedWith: signer.publicKey.fingerprint, expected: other.publicKey.fingerprint))
        #expect(
            ScorecardVerifier(trustedFingerprint: other.publicKey.fingerprint).verify(Data(text.utf8)).isValid == false)

        // A forger who re-signs a changed copy with their own key is caught by the fingerprint.
        let forged = try other.sign(json: Data(try Self.changingDigit(after: "\"received\": ", in: text).utf8))
        #expect(ScorecardVerifier().verify(forged).isValid)
        #expect(ScorecardVerifier(trustedKey: signer.publicKey).verify(forged).problem != nil)
    }

    @Test(
        "text that is not a signed JSON scorecard is a clear problem, not a crash",
        arguments: ["", "[1, 2", "[]", "\"text\"", "{\"a\": 1}", "{\"signature\": 5}", "{\"signature\": {}}"])
    func notAScorecard(text: String) {
        let result = ScorecardVerifier().verify(Data(text.utf8))
        #expect(!result.isValid)
        #expect(!result.summary.isEmpty)
    }

    @Test("many comments stream through a spool file and the list is one part")
    func manyCommentsAreOnePart() async throws {
        let signer = ScorecardSigner.ephemeral()
        let count = ScorecardDigester.maxElementParts + 1
        let text = try await Self.signedText(signer: signer, comments: count, spool: CommentSpool(memoryLimit: 512))
        #expect(Self.verify(text).isValid, "\(Self.verify(text).summary)")
        let card = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((card["comments"] as? [Any])?.count == count)
        let parts = try #require((card["signature"] as? [String: Any])?["parts"] as? [String: String])
        #expect(parts["comments"] != nil && parts["comments[0]"] == nil)
        let changed = text.replacingOccurrences(of: "意见 700 ", with: "意见 701 ")
        #expect(Self.verify(changed).problem == .contentChanged(PartChanges(changed: ["comments"])))
    }

    @Test("signing JSON text in memory gives the same verdicts")
    func signInMemory() throws {
        let signer = ScorecardSigner.ephemeral()
        let signed = try signer.sign(
            json: Data(#"{"b": [{"id": "x", "v": 1.5}, {"id": "y", "v": 2}], "a": "€", "signature": 1}"#.utf8))
        #expect(ScorecardVerifier(trustedKey: signer.publicKey).verify(signed).isValid)
        let text = String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "1.5", with: "1.25")
        #expect(ScorecardVerifier().verify(Data(text.utf8)).problem == .contentChanged(PartChanges(changed: ["b[x]"])))
    }
}

@Suite("JSON canonicalization (RFC 8785)")
struct JSONCanonicalizationTests {
    @Test("the RFC's example")
    func rfcExample() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let canonical = JSONCanonicalization.bytes(of: try DocumentNode.parseJSON(Data(input.utf8)))
        let expected =
            #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"#
            + #""string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(String(decoding: canonical, as: UTF8.self) == expected)
    }

    @Test(
        "numbers as ECMAScript writes them",
        arguments: [
            (0.0, "0"), (-0.0, "0"), (100, "100"), (-7, "-7"), (75.57, "75.57"), (0.0167, "0.0167"),
            (0.00001, "0.00001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (1e16, "10000000000000000"),
            (1e21, "1e+21"), (1.2345e22, "1.2345e+22"), (123456789.125, "123456789.125"),
            (9007199254740993, "9007199254740992"), (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
        ])
    func numbers(value: Double, text: String) {
        #expect(JSONCanonicalization.number(value) == text)
    }

    @Test("keys sort by UTF-16 code units")
    func keyOrder() throws {
        let node = try DocumentNode.parseJSON(Data(#"{"\ud83d\ude00": 1, "\ufb33": 2, "b": 3, "a": 4, "aa": 5}"#.utf8))
        let text = String(decoding: JSONCanonicalization.bytes(of: node), as: UTF8.self)
        #expect(text == #"{"a":4,"aa":5,"b":3,"😀":1,"דּ":2}"#)
    }
}

@Suite("The signing key file")
struct SigningKeyFileTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("made once with mode 0600 in the database's folder, then reused")
    func madeOnceThenReused() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = SigningKeyFile(databasePath: folder.appendingPathComponent("meeting-eval.sqlite").path)
        #expect(file.path == folder.appendingPathComponent("signing-key.pem").path)
        #expect(throws: SigningKeyError.missingKeyFile(path: file.path)) { try file.load() }
        let made = try file.loadOrCreate()
        #expect(made.created && made.isPrivate)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(text.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let again = try file.loadOrCreate()
        #expect(!again.created)
        #expect(again.signer.publicKey == made.signer.publicKey)
        // The PEM forms read back.
        #expect(try SigningPublicKey.parse(made.signer.publicKey.pem) == made.signer.publicKey)
        #expect(try SigningPublicKey.parse(text) == made.signer.publicKey)
        #expect(try SigningPublicKey.parse(made.signer.publicKey.base64) == made.signer.publicKey)
    }

    @Test(
        "a corrupt key file is an error and is left as it is",
        arguments: ["", "garbage", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"])
    func corruptFileIsAnError(content: String) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = SigningKeyFile(path: folder.appendingPathComponent("signing-key.pem").path)
        try Data(content.utf8).write(to: URL(fileURLWithPath: file.path))
        let error = #expect(throws: SigningKeyError.self) { try file.loadOrCreate() }
        guard case .unusableKeyFile(let path, _)? = error else {
            Issue.record("expected an unusable key file, got \(String(describing: error))")
            return
        }
        #expect(path == file.path)
        #expect("\(error!)".contains("cannot be used"))
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == content)
    }
}
