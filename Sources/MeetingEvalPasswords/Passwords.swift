import Foundation
import HummingbirdBcrypt
import MeetingEvalCore
import NIOPosix
import Synchronization

/// Password hashing with bcrypt, off the request threads (a hash takes a quarter of a second
/// at the default cost, on purpose).
public final class Passwords: PasswordHasher {
    /// bcrypt cost (log2 of the rounds); 12 by default.
    public let cost: UInt8
    private let decoy = Mutex<String?>(nil)

    public static let defaultCost: UInt8 = 12
    public init(cost: UInt8 = defaultCost) {
        self.cost = min(max(cost, 4), 31)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of a random password at this cost, verified against when the account name is
    /// unknown, so that a wrong name takes as long as a wrong password. Made once per process.
    public func decoyHash() async throws -> String {
        if let made = decoy.withLock({ $0 }) { return made }
        let made = try await hash(Secrets.token(bytes: 12))
        decoy.withLock { $0 = $0 ?? made }
        return made
    }
}
