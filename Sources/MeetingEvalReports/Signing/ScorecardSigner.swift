import Crypto
import Foundation
import MeetingEvalCore

/// Signs JSON scorecards with an Ed25519 key, so that an independent evaluator can tell
/// whether a downloaded scorecard is exactly what this server issued (see docs/security.md).
///
/// The `signature` member of a signed scorecard holds the public key and its fingerprint, the
/// SHA-256 of the document's canonical bytes (RFC 8785, without the `signature` member), a
/// manifest of digests per part (`ScorecardDigester`), the time, and the Ed25519 signature
/// over the canonical bytes of all of that. Signing the digest rather than the document lets
/// a scorecard of any size stream; `ScorecardVerifier` repeats every step from the file.
public struct ScorecardSigner: Sendable {
    /// Value of `signature.canonicalization`: how the signed bytes are made.
    public static let canonicalization = "RFC 8785"

    private let privateKey: Curve25519.Signing.PrivateKey

    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    /// A new key that lives only in memory: for tests and stores without a data folder.
    public static func ephemeral() -> ScorecardSigner {
        ScorecardSigner(privateKey: Curve25519.Signing.PrivateKey())
    }

    /// From the PEM text of a PKCS#8 Ed25519 private key (as in `signing-key.pem`).
    public init(pem: String) throws(SigningKeyError) {
        let der = try PEM.decode(pem, label: "PRIVATE KEY")
        guard der.count == PEM.privateKeyPrefix.count + 32, der.starts(with: PEM.privateKeyPrefix) else {
            throw .invalidKey("the PEM block is not an Ed25519 private key (PKCS#8, RFC 8410)")
        }
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: der.dropFirst(PEM.privateKeyPrefix.count))
        } catch {
            throw .invalidKey("the PEM block does not hold a usable Ed25519 private key")
        }
    }

    /// The private key as PEM (PKCS#8): what the key file holds. Never log it.
    var pem: String { PEM.encode(PEM.privateKeyPrefix + privateKey.rawRepresentation, label: "PRIVATE KEY") }

    public var publicKey: SigningPublicKey { SigningPublicKey(privateKey.publicKey) }

    /// The `signature` member for a document whose digest and parts were computed by a
    /// `ScorecardDigester`.
    func signatureMember(documentDigest: String, parts: [(name: String, digest: String)], signedAt: Date) throws
        -> JSONOutput
    {
        let publicKey = self.publicKey
        let statement: [(String, JSONOutput)] = [
            ("algorithm", .string(SigningPublicKey.algorithm)),
            ("canonicalization", .string(Self.canonicalization)),
            ("keyFingerprint", .string(publicKey.fingerprint)),
            ("publicKey", .string(publicKey.base64)),
            ("signedAt", .string(Timestamp.format(signedAt))),
            ("documentDigest", .string(documentDigest)),
            ("parts", .object(parts.map { ($0.name, .string($0.digest)) })),
        ]
        let message = JSONCanonicalization.bytes(of: JSONOutput.object(statement).documentNode)
        let value = try privateKey.signature(for: Data(message))
        return .object(statement + [("value", .string(value.base64EncodedString()))])
    }

    /// Signs a whole JSON scorecard given as text: parses it as a verifier will, replaces any
    /// `signature` member and returns the document, pretty-printed, with the new one last.
    /// For documents already in memory; the API streams through `ScorecardDocument.writeJSON`.
    public func sign(json data: Data, signedAt: Date = Date()) throws -> Data {
        let node: DocumentNode
        do {
            node = try DocumentNode.parseJSON(data)
        } catch {
            throw SigningKeyError.invalidKey("the document is not JSON: \(error.message)")
        }
        guard case .object(let pairs) = node.value else {
            throw SigningKeyError.invalidKey("the document is not a JSON object")
        }
        let members = pairs.filter { $0.key != "signature" }
        var digester = ScorecardDigester()
        for member in JSONCanonicalization.sortedMembers(members) {
            digester.member(member.key, member.value, elementParts: ScorecardDigester.elementParts)
        }
        let signature = try signatureMember(
            documentDigest: digester.finish(), parts: digester.parts, signedAt: signedAt)
        let output = JSONOutput.object(members.map { ($0.key, $0.value.jsonOutput) } + [("signature", signature)])
        return Data((output.serialized(indent: 2) + "\n").utf8)
    }
}

extension DocumentNode {
    /// Back to an output value (numbers as parsed, objects in their parsed order).
    var jsonOutput: JSONOutput {
        switch value {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .array(let items): return .array(items.map(\.jsonOutput))
        case .object(let pairs): return .object(pairs.map { ($0.key, $0.value.jsonOutput) })
        }
    }
}
