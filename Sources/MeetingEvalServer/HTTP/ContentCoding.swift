import CompressNIO
import HTTPTypes
import NIOCore

/// Response compression: which coding a client accepts (`Accept-Encoding`) and gzip itself.
///
/// Only gzip is offered. Brotli would save a little more on the scripts, but none of the
/// libraries this server may depend on implements it (compress-nio speaks zlib's formats only:
/// gzip, zlib and raw deflate), and every browser that attendees use accepts gzip.
enum ContentCoding {
    /// Whether the client accepts gzip (RFC 9110 §12.5.3): `gzip` or `x-gzip` with a non-zero
    /// weight, or else `*` with a non-zero weight. A request without the header, or with an
    /// empty one, gets the body as it is.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Double?
        var any: Double?
        for element in header.split(separator: ",") {
            let parts = element.split(separator: ";")
            guard let name = parts.first?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty else {
                continue
            }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                }
                if pair.count == 2, pair[0] == "q" { weight = Double(pair[1]) ?? 0 }
            }
            switch name {
            case "gzip", "x-gzip": gzip = max(gzip ?? 0, weight)
            case "*": any = weight
            default: break
            }
        }
        return (gzip ?? any ?? 0) > 0
    }

    /// Media types worth compressing: text of every kind (pages, scripts, style sheets, SVG,
    /// JSON, CSV). An event stream is left alone: each event must reach the browser as it is
    /// written.
    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = MediaType.of(contentType) else { return false }
        if type == "text/event-stream" { return false }
        return type.hasPrefix("text/") || type == "application/json" || type == "application/javascript"
            || type == "image/svg+xml" || type.hasSuffix("+json") || type.hasSuffix("+xml")
            || type == "application/xml"
    }

    /// `buffer` gzipped (zlib's level 1–9; 9 for files compressed once at start).
    static func gzip(_ buffer: ByteBuffer, level: Int32 = 6) throws -> ByteBuffer {
        var input = buffer
        let level = ZlibConfiguration.CompressionLevel(rawValue: level) ?? .defaultCompressionLevel
        return try input.compress(with: .gzip(configuration: .init(compressionLevel: level)))
    }

    /// Adds `Accept-Encoding` to a response's `Vary`, once.
    static func addVary(to headers: inout HTTPFields) {
        let existing = headers[values: .vary].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        if !existing.contains("accept-encoding") && !existing.contains("*") {
            headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        }
    }

    /// Whether a response already says that it depends on `Accept-Encoding` (it was negotiated
    /// where it was made, as the web files are).
    static func isNegotiated(_ headers: HTTPFields) -> Bool {
        headers[.contentEncoding] != nil
            || headers[values: .vary].contains { $0.lowercased().contains("accept-encoding") }
    }
}
