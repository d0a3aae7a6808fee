import Foundation
import Hummingbird
import MeetingEvalCore

/// Reads request bodies within the configured size limit.
struct RequestBodyReader: Sendable {
    let maxBodySize: Int

    func data(_ request: Request) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxBodySize)
            return Data(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw DomainError.tooLarge(limit: maxBodySize)
        }
    }

    /// The body as a JSON document; 400 when it is not JSON.
    func json(_ request: Request) async throws -> DocumentNode {
        let data = try await data(request)
        guard !data.isEmpty else { throw DomainError.malformed("The request body is empty; send a JSON object.") }
        do {
            return try DocumentNode.parseJSON(data)
        } catch {
            throw DomainError.malformed(error.message)
        }
    }
}
