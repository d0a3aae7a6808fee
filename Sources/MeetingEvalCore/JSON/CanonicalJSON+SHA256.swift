import Crypto
import Foundation

extension CanonicalJSON {
    /// SHA-256 of canonical JSON, as lowercase hex: the stored digests of questionnaire
    /// versions and of responses' content.
    public static func sha256(_ data: Data) -> String {
        HexText.lowercase(SHA256.hash(data: data))
    }

    public static func sha256(_ bytes: [UInt8]) -> String {
        HexText.lowercase(SHA256.hash(data: bytes))
    }
}
