import Foundation
import MeetingEvalCore

/// Checks a signed JSON scorecard offline, from its bytes alone: the steps of
/// `ScorecardSigner` repeated on the parsed file (see docs/security.md).
public struct ScorecardVerifier: Sendable {
    /// The key the scorecard must be signed with; nil trusts the key embedded in the file,
    /// which proves only that the file is unchanged since someone holding that key signed it.
    public var trustedKey: SigningPublicKey?
    /// Or only the fingerprint of that key (`SHA256:…`), as read from `GET /api/signing-key`.
    public var trustedFingerprint: String?

    public init(trustedKey: SigningPublicKey? = nil, trustedFingerprint: String? = nil) {
        self.trustedKey = trustedKey
        self.trustedFingerprint = trustedFingerprint
    }

    public func verify(_ data: Data) -> ScorecardVerification {
        var result = ScorecardVerification()
        let document: DocumentNode
        do {
            document = try DocumentNode.parseJSON(data)
        } catch {
            // The parser speaks of request bodies; here it reads a file.
            let prefix = "The body is not valid JSON: "
            result.problem = .notJSON(
                error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message)
            return result
        }
        guard case .object(let members) = document.value else {
            result.problem = .notAScorecard("the file holds \(document.kindName), not an object")
            return result
        }
        guard let signatureNode = document["signature"] else {
            result.problem = .unsigned
            return result
        }
        let signature: SignatureMember
        switch SignatureMember.read(signatureNode) {
        case .success(let read): signature = read
        case .failure(let problem):
            result.problem = problem
            return result
        }
        result.keyFingerprint = signature.publicKey.fingerprint
        result.signedAt = signature.signedAt
        if case .object(let evaluation)? = document["evaluation"]?.value {
            if case .string(let id)? = evaluation.first(where: { $0.key == "id" })?.value.value {
                result.evaluationId = id
            }
            if case .string(let title)? = evaluation.first(where: { $0.key == "title" })?.value.value {
                result.evaluationTitle = title
            }
        }

        if let trustedKey, trustedKey != signature.publicKey {
            result.problem = .otherKey(signedWith: signature.publicKey.fingerprint, expected: trustedKey.fingerprint)
            return result
        }
        if let trustedFingerprint, trustedFingerprint.lowercased() != signature.publicKey.fingerprint.lowercased() {
            result.problem = .otherKey(signedWith: signature.publicKey.fingerprint, expected: trustedFingerprint)
            return result
        }
        guard signature.publicKey.isValidSignature(signature.value, for: signature.message) else {
            result.problem = .signatureMismatch
            return result
        }

        // The signed statement is authentic: now the document must match its digests.
        let manifest = signature.parts
        var digester = ScorecardDigester()
        for member in JSONCanonicalization.sortedMembers(members.filter { $0.key != "signature" }) {
            // Lists are compared the way they were signed: whole when the manifest names the
            // list itself, element by element otherwise.
            digester.member(member.key, member.value) { key, _ in manifest[key] == nil }
        }
        let digest = digester.finish()
        guard digest != signature.documentDigest else { return result }
        var changes = PartChanges()
        var seen: Set<String> = []
        for part in digester.parts where seen.insert(part.name).inserted {
            switch manifest[part.name] {
            case nil: changes.added.append(part.name)
            case part.digest?: break
            default: changes.changed.append(part.name)
            }
        }
        changes.removed = signature.partOrder.filter { !seen.contains($0) }
        result.problem = .contentChanged(changes)
        return result
    }
}

/// What `ScorecardVerifier` found.
public struct ScorecardVerification: Sendable, Equatable {
    public enum Problem: Error, Sendable, Equatable {
        /// The file is not JSON (the parser's message, with line and column).
        case notJSON(String)
        case notAScorecard(String)
        /// There is no `signature` member.
        case unsigned
        /// The `signature` member lacks a field or holds something unusable.
        case malformedSignature(String)
        /// Signed with another key than the one the verifier was told to trust.
        case otherKey(signedWith: String, expected: String)
        /// The signature does not match the signed statement: the `signature` member was edited.
        case signatureMismatch
        /// The document differs from what was signed; the parts that differ.
        case contentChanged(PartChanges)
    }

    public var problem: Problem?
    /// Fingerprint of the key named in the file (set once the signature member could be read).
    public var keyFingerprint: String?
    public var signedAt: String?
    public var evaluationId: String?
    public var evaluationTitle: String?

    public var isValid: Bool { problem == nil }

    /// One sentence for people.
    public var summary: String {
        switch problem {
        case nil: return "signature valid"
        case .notJSON(let message): return "the file is not a JSON scorecard: \(message)"
        case .notAScorecard(let reason): return "the file is not a JSON scorecard: \(reason)"
        case .unsigned: return "the scorecard has no signature (no \"signature\" member)"
        case .malformedSignature(let reason): return "the signature is unreadable: \(reason)"
        case .otherKey(let signedWith, let expected):
            return "signed with another key: the file names \(signedWith), expected \(expected)"
        case .signatureMismatch:
            return "the signature does not match: the \"signature\" member was altered or forged"
        case .contentChanged(let changes): return "the scorecard was changed after it was signed; \(changes)"
        }
    }
}

/// The parts of a scorecard that differ from the signed manifest.
public struct PartChanges: Sendable, Equatable, CustomStringConvertible {
    public var changed: [String] = []
    /// In the manifest, not in the document.
    public var removed: [String] = []
    /// In the document, not in the manifest.
    public var added: [String] = []

    public init(changed: [String] = [], removed: [String] = [], added: [String] = []) {
        self.changed = changed
        self.removed = removed
        self.added = added
    }

    public var isEmpty: Bool { changed.isEmpty && removed.isEmpty && added.isEmpty }

    public var description: String {
        guard !isEmpty else {
            return "every part matches its digest, so elements of a list were reordered or duplicated"
        }
        return [("changed", changed), ("removed", removed), ("added", added)]
            .filter { !$0.1.isEmpty }
            .map { "\($0.0): \(Self.list($0.1))" }
            .joined(separator: "; ")
    }

    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(20).joined(separator: ", ")
        return names.count > 20 ? "\(shown) and \(names.count - 20) more" : shown
    }
}

/// The `signature` member as read from a file.
private struct SignatureMember {
    var publicKey: SigningPublicKey
    var signedAt: String
    var documentDigest: String
    var parts: [String: String]
    var partOrder: [String]
    var value: Data
    /// The canonical bytes that were signed: the member without `value`.
    var message: [UInt8]

    static func read(_ node: DocumentNode) -> Result<SignatureMember, ScorecardVerification.Problem> {
        func fail(_ reason: String) -> Result<SignatureMember, ScorecardVerification.Problem> {
            .failure(.malformedSignature(reason))
        }
        guard case .object(let pairs) = node.value else { return fail("\"signature\" is not an object") }
        func string(_ key: String) -> String? {
            if case .string(let text)? = node[key]?.value { return text }
            return nil
        }
        for key in [
            "algorithm", "canonicalization", "keyFingerprint", "publicKey", "signedAt", "documentDigest", "value",
        ]
        where string(key) == nil {
            return fail("\"signature.\(key)\" is missing or not a string")
        }
        guard string("algorithm") == SigningPublicKey.algorithm else {
            return fail("the algorithm \"\(string("algorithm")!)\" is not \(SigningPublicKey.algorithm)")
        }
        guard string("canonicalization") == ScorecardSigner.canonicalization else {
            return fail(
                "the canonicalization \"\(string("canonicalization")!)\" is not \(ScorecardSigner.canonicalization)")
        }
        guard let raw = Data(base64Encoded: string("publicKey")!), raw.count == 32,
            let publicKey = try? SigningPublicKey(rawRepresentation: raw)
        else {
            return fail("\"signature.publicKey\" is not 32 bytes in base64")
        }
        guard publicKey.fingerprint == string("keyFingerprint") else {
            return fail("\"signature.keyFingerprint\" is not the fingerprint of \"signature.publicKey\"")
        }
        guard let value = Data(base64Encoded: string("value")!), value.count == 64 else {
            return fail("\"signature.value\" is not 64 bytes in base64")
        }
        guard case .object(let partPairs)? = node["parts"]?.value else {
            return fail("\"signature.parts\" is missing or not an object")
        }
        var parts: [String: String] = [:]
        for pair in partPairs {
            guard case .string(let digest) = pair.value.value else {
                return fail("\"signature.parts\" holds a value that is not a digest")
            }
            parts[pair.key] = digest
        }
        let statement = DocumentNode(.object(pairs.filter { $0.key != "value" }))
        return .success(
            SignatureMember(
                publicKey: publicKey, signedAt: string("signedAt")!, documentDigest: string("documentDigest")!,
                parts: parts, partOrder: partPairs.map(\.key), value: value,
                message: JSONCanonicalization.bytes(of: statement)))
    }
}
