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
            throw RequestError.tooLarge(limit: maxBodySize)
        }
    }

    /// The body as a JSON document; 400 when it is not JSON.
    func json(_ request: Request) async throws -> DocumentNode {
        let data = try await data(request)
        guard !data.isEmpty else { throw RequestError.malformed("The request body is empty; send a JSON object.") }
        do {
            return try DocumentNode.parseJSON(data)
        } catch {
            throw RequestError.malformed(error.message)
        }
    }

    /// The body as a JSON object, and the collector its fields report their problems to; 422
    /// with `message` (which says what to send) when the body is JSON but not an object.
    func object(_ request: Request, expecting message: String) async throws -> (ObjectReader, IssueCollector) {
        let issues = IssueCollector()
        guard let root = ObjectReader(try await json(request), at: .root, issues: issues) else {
            throw DomainError.invalid(message, issues.errors)
        }
        return (root, issues)
    }
}

extension EvaluationStore {
    /// The evaluation named by the route's `{id}`; 404 when there is none or it belongs to an
    /// organization the caller does not see.
    func evaluation(idParameterOf context: AppRequestContext) async throws -> Evaluation {
        try await EvaluationService(store: self).evaluation(id: try context.parameters.require("id"), scope: context.scope)
    }
}
