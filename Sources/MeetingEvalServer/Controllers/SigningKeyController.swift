import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalReports

/// `GET /api/signing-key`: the public key that signs JSON scorecards, so that anyone holding a
/// scorecard can check it against the server that issued it. Public on purpose (no login):
/// an independent evaluator needs it, and it reveals nothing that a signed scorecard does not.
struct SigningKeyController {
    let signer: ScorecardSigner

    func addRoutes(to group: RouterGroup<some RequestContext>) {
        group.get("signing-key", use: signingKey)
    }

    @Sendable func signingKey(_ request: Request, context: some RequestContext) async throws -> Response {
        let key = signer.publicKey
        return JSONResponse.make(
            .ok,
            .object([
                ("algorithm", .string(SigningPublicKey.algorithm)),
                ("keyFingerprint", .string(key.fingerprint)),
                ("publicKey", .string(key.base64)),
                ("publicKeyPEM", .string(key.pem)),
            ]))
    }
}
