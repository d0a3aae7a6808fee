/// The media type of a `Content-Type` value (RFC 9110 §8.3.1): what comes before its first `;`,
/// without the spaces and tabs around it, in lower case — `Application/JSON; charset=utf-8` is
/// `application/json`. Every request body and every response's compression asks for it, so it
/// works on the bytes rather than through Foundation's Unicode trimming and case mapping;
/// media types are ASCII, and other bytes are kept as they are.
enum MediaType {
    static func of(_ contentType: String) -> String {
        var bytes = contentType.utf8[...]
        if let parameters = bytes.firstIndex(of: UInt8(ascii: ";")) { bytes = bytes[..<parameters] }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(
            decoding: bytes[first...last].lazy.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The media type of a request's or response's `Content-Type`, nil without one.
    static func of(_ contentType: String?) -> String? { contentType.map { of($0) } }
}
