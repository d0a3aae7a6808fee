import ArgumentParser
import Foundation
import Logging
import MeetingEvalReports

extension StoreOptions {
    /// The scorecard signing key: `--signing-key` (env `MEETING_EVAL_SIGNING_KEY`), or the
    /// data folder's `signing-key.pem` beside the SQLite file; made on first use. With
    /// PostgreSQL the file must be named, because every server on the database signs with the
    /// same key. A key file that cannot be used stops the command with its reason: a new key
    /// would silently disown every scorecard signed so far.
    func loadSigningKey(logger: Logger) throws -> ScorecardSigner {
        let file = try signingKeyFile()
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

    func signingKeyFile() throws -> SigningKeyFile {
        if let named = signingKey ?? ProcessInfo.processInfo.environment["MEETING_EVAL_SIGNING_KEY"], !named.isEmpty {
            return SigningKeyFile(path: named)
        }
        guard !isPostgres else {
            throw ValidationError(
                "with PostgreSQL, name the scorecard signing key that every server shares: --signing-key FILE (env MEETING_EVAL_SIGNING_KEY); it is made on first use"
            )
        }
        return SigningKeyFile(databasePath: path)
    }
}
