import ArgumentParser
import Foundation
import MeetingEvalReports

/// `meeting-eval verify FILE`: checks the signature of a downloaded JSON scorecard, offline.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the signature of a JSON scorecard (downloaded or made with `scorecard --format json`).",
        discussion: """
            Without --public-key or --database the file is checked against the public key it \
            names itself, which proves only that it is unchanged since someone holding that key \
            signed it: compare the fingerprint printed with the one of GET /api/signing-key on \
            the server that issued it. Exit status 0 when the signature is valid, 1 otherwise.
            """
    )

    @Argument(help: "The JSON scorecard.")
    var file: String

    @Option(
        name: .customLong("public-key"),
        help: ArgumentHelp(
            "The key it must be signed with: a file (PEM, or the saved answer of GET /api/signing-key), the key in base64, or its fingerprint SHA256:….",
            valueName: "file-or-key"))
    var publicKey: String?

    @Option(
        help: ArgumentHelp(
            "Check against the signing key of this database's data folder (the signing-key.pem beside it).",
            valueName: "database"))
    var database: String?

    func run() throws {
        var verifier = ScorecardVerifier()
        var trusted: String?
        if let publicKey {
            if publicKey.hasPrefix("SHA256:") {
                verifier.trustedFingerprint = publicKey
                trusted = "the fingerprint given"
            } else {
                verifier.trustedKey = try Self.readKey(publicKey)
                trusted = "the public key given"
            }
        }
        if let database {
            let file = SigningKeyFile(databasePath: database)
            let key: SigningPublicKey
            do {
                key = try file.load().signer.publicKey
            } catch {
                throw Self.failure("\(error)")
            }
            if let other = verifier.trustedKey, other != key {
                throw Self.failure(
                    "--public-key and --database name different keys (\(other.fingerprint), \(key.fingerprint))")
            }
            verifier.trustedKey = key
            trusted = "the key of \(file.path)"
        }

        guard let data = FileManager.default.contents(atPath: file) else {
            throw Self.failure("cannot read \(file)")
        }
        let result = verifier.verify(data)
        guard result.isValid else {
            var lines = ["\(file): signature INVALID: \(result.summary)"]
            if let fingerprint = result.keyFingerprint, case .contentChanged = result.problem {
                lines.append("the file names the key \(fingerprint)")
            }
            throw Self.failure(lines)
        }
        var lines = ["\(file): signature valid"]
        if let id = result.evaluationId {
            lines.append("scorecard of evaluation \(id)" + (result.evaluationTitle.map { " (\($0))" } ?? ""))
        }
        if let signedAt = result.signedAt { lines.append("signed at \(signedAt)") }
        lines.append("key fingerprint: \(result.keyFingerprint ?? "?")")
        if let trusted {
            lines.append("checked against \(trusted)")
        } else {
            lines.append(
                "checked against the public key inside the file: compare this fingerprint with GET /api/signing-key "
                    + "on the server that issued the scorecard (or verify with --public-key or --database)")
        }
        print(TerminalText.lines(lines))
    }

    /// A key from a file if one exists at that path, else from the text itself.
    private static func readKey(_ argument: String) throws -> SigningPublicKey {
        var text = argument
        if FileManager.default.fileExists(atPath: argument) {
            guard let data = FileManager.default.contents(atPath: argument),
                let content = String(data: data, encoding: .utf8)
            else {
                throw failure("cannot read the key file \(argument)")
            }
            text = content
        }
        do {
            return try SigningPublicKey.parse(text)
        } catch {
            throw failure("--public-key: \(error)")
        }
    }

    /// Prints `message` on standard error, its control characters escaped (it may quote the
    /// file); the command then ends with status 1.
    private static func failure(_ message: String) -> ExitCode {
        failure(message.components(separatedBy: "\n"))
    }

    private static func failure(_ lines: [String]) -> ExitCode {
        FileHandle.standardError.write(Data((TerminalText.lines(lines) + "\n").utf8))
        return ExitCode(1)
    }
}
