import Foundation

/// Hashes and checks passwords (bcrypt in the application; see `MeetingEvalPasswords`).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, hash: String) async throws -> Bool
    /// A hash of a random password, verified against when an account name is unknown, so that a
    /// wrong name costs as much as a wrong password.
    func decoyHash() async throws -> String
}

/// What a password must be, and the passwords the application makes.
public enum PasswordRules {
    public static let minimumLength = 10
    /// bcrypt reads at most 72 bytes; a longer password would be cut silently, so it is refused.
    public static let maximumBytes = 72

    /// Why a password is not acceptable, or nil.
    public static func problem(with password: String, name: String) -> String? {
        if password.count < minimumLength { return "must be at least \(minimumLength) characters long" }
        if password.utf8.count > maximumBytes { return "must be at most \(maximumBytes) bytes long (bcrypt's limit)" }
        if password.lowercased() == name.lowercased() { return "must not be the account name" }
        return nil
    }

    /// A password to print once: 16 characters from an alphabet without look-alikes (≈ 90 bits).
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
