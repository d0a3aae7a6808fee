import Foundation

/// Invitation codes: short, typeable on a phone, and read aloud without confusion.
///
/// Ten characters from a 31-symbol alphabet without look-alikes (no 0/O, 1/I/L), written in two
/// groups of five (`K7M2P-Q9RTX`): 10 × log2(31) ≈ 49.5 random bits, from the system's secure
/// generator. Case, spaces and dashes do not matter when a code is typed back.
public enum InvitationCode {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    public static let length = 10

    /// Random bits in one code.
    public static var entropyBits: Double { Double(length) * log2(Double(alphabet.count)) }

    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let symbols = (0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return String(symbols[0..<5]) + "-" + String(symbols[5...])
    }

    /// The canonical form of a typed code (upper case, without spaces or dashes), or nil when it
    /// cannot be a code.
    public static func normalize(_ text: String) -> String? {
        let kept = text.uppercased().filter { $0 != "-" && $0 != " " && $0 != "\u{3000}" }
        guard kept.count == length, kept.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return kept
    }
}
