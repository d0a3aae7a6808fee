import Foundation
import Hummingbird

extension Parameters {
    /// A path parameter percent-decoded, as a browser's `encodeURIComponent` sends it
    /// (`ops%40example.org` is the account `ops@example.org`). The router matches on the path as
    /// sent and does not decode; every route reads its parameters through this. 400 when the
    /// text is not valid percent-encoded UTF-8 or holds a control character.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        // Most parameters (ids, slugs) hold no escape, and Foundation's decoding is not free.
        guard let text = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding : raw else {
            throw RequestError.malformed("The address holds a '%' that is not followed by two hex digits of UTF-8.")
        }
        guard !text.unicodeScalars.contains(where: \.isControlCharacter) else {
            throw RequestError.malformed("The address holds a control character.")
        }
        return text
    }
}

extension Unicode.Scalar {
    /// C0 and C1 control characters and DEL.
    var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
