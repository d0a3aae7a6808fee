import Crypto
import Foundation
import MeetingEvalCore

/// The public half of the scorecard signing key, in the forms people and tools exchange it:
/// 32 raw bytes in base64, PEM (SubjectPublicKeyInfo, as `openssl pkey -pubout` writes it) and
/// a fingerprint to compare by eye, `SHA256:` and the hex SHA-256 of the raw bytes.
public struct SigningPublicKey: Sendable, Equatable {
    public static let algorithm = "Ed25519"

    public let key: Curve25519.Signing.PublicKey

    public init(_ key: Curve25519.Signing.PublicKey) {
        self.key = key
    }

    /// From the raw 32 bytes.
    public init(rawRepresentation: Data) throws(SigningKeyError) {
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        } catch {
            throw .invalidKey("an Ed25519 public key is 32 bytes, not \(rawRepresentation.count)")
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.key.rawRepresentation == rhs.key.rawRepresentation
    }

    public var base64: String { key.rawRepresentation.base64EncodedString() }

    public var fingerprint: String { Self.fingerprint(ofRaw: key.rawRepresentation) }

    public static func fingerprint(ofRaw raw: Data) -> String {
        "SHA256:" + HexText.lowercase(SHA256.hash(data: raw))
    }

    public var pem: String { PEM.encode(PEM.publicKeyPrefix + key.rawRepresentation, label: "PUBLIC KEY") }

    public func isValidSignature(_ signature: Data, for message: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: Data(message))
    }

    /// Reads a key as a person may hand it over: PEM (`PUBLIC KEY`, or the `PRIVATE KEY` file
    /// itself), the JSON of `GET /api/signing-key`, or the raw key in base64.
    public static func parse(_ text: String) throws(SigningKeyError) -> SigningPublicKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("-----BEGIN PUBLIC KEY-----") {
            let der = try PEM.decode(trimmed, label: "PUBLIC KEY")
            guard der.count == PEM.publicKeyPrefix.count + 32, der.starts(with: PEM.publicKeyPrefix) else {
                throw .invalidKey("the PEM block is not an Ed25519 public key")
            }
            return try SigningPublicKey(rawRepresentation: Data(der.dropFirst(PEM.publicKeyPrefix.count)))
        }
        if trimmed.hasPrefix("-----BEGIN PRIVATE KEY-----") {
            return try ScorecardSigner(pem: trimmed).publicKey
        }
        if trimmed.hasPrefix("{"), let object = try? DocumentNode.parseJSON(Data(trimmed.utf8)),
            case .string(let base64)? = object["publicKey"]?.value
        {
            return try parse(base64)
        }
        guard let raw = Data(base64Encoded: trimmed) else {
            throw .invalidKey("not a PEM key, not the JSON of GET /api/signing-key and not base64")
        }
        return try SigningPublicKey(rawRepresentation: raw)
    }
}

/// Why a key could not be used.
public enum SigningKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text or bytes are not an Ed25519 key of the expected form.
    case invalidKey(String)
    /// The key file exists but cannot be used; never regenerated silently.
    case unusableKeyFile(path: String, reason: String)
    /// There is no key file where one was expected.
    case missingKeyFile(path: String)

    public var description: String {
        switch self {
        case .invalidKey(let reason): return reason
        case .unusableKeyFile(let path, let reason):
            return
                "the scorecard signing key \(path) cannot be used: \(reason). Restore the file from a backup; "
                + "only if the key is lost, move the file away so that a new key is made (scorecards signed "
                + "before then only verify against the old key)"
        case .missingKeyFile(let path): return "there is no scorecard signing key at \(path)"
        }
    }
}

/// PEM text around the two fixed DER forms of Ed25519 keys (RFC 8410): PKCS#8 for the private
/// key and SubjectPublicKeyInfo for the public key, each a constant prefix and 32 bytes.
enum PEM {
    /// `SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }`
    static let privateKeyPrefix = Data([
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ])
    /// `SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }`
    static let publicKeyPrefix = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00])

    static func encode(_ der: Data, label: String) -> String {
        let base64 = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    static func decode(_ text: String, label: String) throws(SigningKeyError) -> Data {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard lines.first == "-----BEGIN \(label)-----", lines.last == "-----END \(label)-----", lines.count >= 3
        else {
            throw .invalidKey("expected one PEM block \"\(label)\"")
        }
        guard let der = Data(base64Encoded: lines.dropFirst().dropLast().joined()) else {
            throw .invalidKey("the PEM block is not valid base64")
        }
        return der
    }
}
