import ArgumentParser
import Foundation
import Logging
import MeetingEvalReports

extension StoreOptions {
    /// The data folder's scorecard signing key (`signing-key.pem` beside the database), made
    /// on first use. A key file that cannot be used stops the command with its reason: a new
    /// key would silently disown every scorecard signed so far.
    func signingKey(logger: Logger) throws -> ScorecardSigner {
        let file = SigningKeyFile(databasePath: path)
        let loaded: SigningKeyFile.Loaded
        do {
            loaded = try file.loadOrCreate()
        } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
        let metadata: Logger.Metadata = [
            "file": "\(file.path)", "fingerprint": "\(loaded.signer.publicKey.fingerprint)",
        ]
        if loaded.created {
            logger.notice("made a new scorecard signing key; back it up with the database", metadata: metadata)
        } else {
            logger.info("scorecard signing key loaded", metadata: metadata)
        }
        if !loaded.isPrivate {
            logger.warning(
                "the scorecard signing key file can be read by other users; restrict it with chmod 600",
                metadata: ["file": "\(file.path)"])
        }
        return loaded.signer
    }
}
