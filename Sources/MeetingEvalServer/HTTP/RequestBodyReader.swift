import Foundation
import Hummingbird
import MeetingEvalCore
import NIOCore
import NIOHTTP1

/// Reads request bodies within the configured size limit.
struct RequestBodyReader: Sendable {
    let maxBodySize: Int

    /// The body, read up to the limit. A declared `Content-Length` above the limit is refused
    /// before a byte of the body is read; a body that is not valid HTTP (a broken chunked
    /// encoding) is 400; a client that goes away before its body ends is `clientDisconnected`.
    func data(_ request: Request) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBodySize {
            throw RequestError.tooLarge(limit: maxBodySize)
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxBodySize)
            return Data(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw RequestError.tooLarge(limit: maxBodySize)
        } catch let error as HTTPParserError {
            // The connection ended in the middle of the body.
            if error == .invalidEOFState { throw RequestError.clientDisconnected }
            throw RequestError.malformed("The request body is not valid HTTP (\(error)).")
        } catch is CancellationError {
            throw RequestError.clientDisconnected
        } catch is ChannelError {
            throw RequestError.clientDisconnected
        } catch is IOError {
            throw RequestError.clientDisconnected
        }
    }

    /// 415 unless the request says its body is `application/json`. A browser page of another
    /// site can send `text/plain` to any address without asking (a "simple" request), but not
    /// `application/json` without the server's consent.
    func requireJSONMediaType(_ request: Request) throws {
        let mediaType = MediaType.of(request.headers[.contentType])
        guard mediaType == "application/json" else {
            throw RequestError.unsupportedMediaType(
                "Send the body as application/json (Content-Type: application/json), not \(mediaType ?? "without a type")."
            )
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
        try await EvaluationService(store: self).evaluation(id: try context.parameters.decoded("id"), scope: context.scope)
    }
}
