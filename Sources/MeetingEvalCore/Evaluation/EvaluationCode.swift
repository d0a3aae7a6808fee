/// Random public codes for evaluations.
public enum EvaluationCode {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// A slug of 22 base-32 characters: 110 random bits from the system's secure generator,
    /// so attendee links cannot be guessed or enumerated.
    public static func randomSlug() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<22).map { _ in alphabet[Int(generator.next(upperBound: UInt8(32)))] })
    }

    /// Whether `text` could be a slug at all (cheap rejection before a database look-up).
    public static func isPlausibleSlug(_ text: String) -> Bool {
        text.utf8.count >= 16 && text.utf8.count <= 64
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }
}
