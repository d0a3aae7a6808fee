import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// gzip for the responses made per request (API answers, the attendee page with its
/// questionnaire, exports): every text response gets `Vary: Accept-Encoding`, and a client that
/// accepts gzip gets it compressed, unless that would not make it smaller. A body of known
/// length is compressed whole; a streamed one (the CSV exports, the JSON scorecard) is
/// compressed as it is written, each part flushed so the client gets it at once. Responses
/// that were negotiated where they were made (the web files, compressed once at start) and
/// event streams are left as they are.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Below this a gzip header and trailer (18 bytes) eat most of what compression saves.
    static var minimumSize: Int { 256 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        guard ContentCoding.isCompressible(response.headers[.contentType]),
            !ContentCoding.isNegotiated(response.headers),
            response.status != .noContent, response.status != .notModified
        else { return response }
        ContentCoding.addVary(to: &response.headers)
        guard ContentCoding.acceptsGzip(request.headers[.acceptEncoding]) else { return response }
        if let length = response.body.contentLength {
            guard length >= Self.minimumSize else { return response }
            let whole = try await Self.collect(response.body, capacity: length)
            let compressed = try ContentCoding.gzip(whole)
            guard compressed.readableBytes < whole.readableBytes else {
                response.body = ResponseBody(byteBuffer: whole)
                return response
            }
            response.body = ResponseBody(byteBuffer: compressed)
        } else {
            let body = response.body
            response.body = ResponseBody { writer in
                try await body.write(try GzipBodyWriter(parent: writer))
            }
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = nil
        return response
    }

    /// A body of known length, read into one buffer.
    static func collect(_ body: ResponseBody, capacity: Int) async throws -> ByteBuffer {
        let collector = BodyCollector(capacity: capacity)
        try await body.write(CollectingWriter(collector: collector))
        return collector.buffer
    }
}

/// Where `CollectingWriter` puts what it is given.
private final class BodyCollector {
    var buffer: ByteBuffer
    init(capacity: Int) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }
}

private struct CollectingWriter: ResponseBodyWriter {
    let collector: BodyCollector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collector.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Compresses a streamed body as it is written: one gzip stream, each write flushed (a
/// sync flush), the trailer written at the end.
private struct GzipBodyWriter: ResponseBodyWriter {
    var parent: any ResponseBodyWriter
    let compressor: ZlibCompressor

    init(parent: any ResponseBodyWriter) throws {
        self.parent = parent
        self.compressor = try ZlibCompressor(algorithm: .gzip)
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        var input = buffer
        guard input.readableBytes > 0 else { return }
        var output = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input))
        try compressor.deflate(from: &input, to: &output, flush: .sync)
        try await parent.write(output)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        var input = ByteBuffer()
        var output = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input) + 64)
        try compressor.deflate(from: &input, to: &output, flush: .finish)
        try await parent.write(output)
        try await parent.finish(trailingHeaders)
    }
}
