/// The JSON Canonicalization Scheme (RFC 8785, "JCS"): one byte sequence for a parsed JSON
/// value, so that a signature made over a scorecard can be checked again from a downloaded
/// file, whatever whitespace and member order the file has.
///
/// - objects: members sorted by the UTF-16 code units of their keys, no whitespace;
/// - strings: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, every
///   other character as its UTF-8 bytes;
/// - numbers: the shortest text that reads back as the same double, laid out as ECMAScript's
///   `Number.prototype.toString` does (`100`, `75.57`, `0.00001`, `1e+21`, `-0` as `0`).
///
/// Any JCS implementation (there are some for most languages) gives the same bytes for a
/// scorecard, so an evaluator can recompute them without this program.
public enum JSONCanonicalization {
    /// The canonical UTF-8 bytes of `node`.
    public static func bytes(of node: DocumentNode) -> [UInt8] {
        var writer = CanonicalJSONWriter()
        writer.node(node)
        return writer.bytes
    }

    /// Appends the canonical UTF-8 bytes of `node` to `output`.
    public static func write(_ node: DocumentNode, to output: inout [UInt8]) {
        var writer = CanonicalJSONWriter(appendingTo: output)
        output = []
        writer.node(node)
        output = writer.bytes
    }

    /// Members in canonical order (by the UTF-16 code units of the keys).
    public static func sortedMembers(_ pairs: [(key: String, value: DocumentNode)]) -> [(
        key: String, value: DocumentNode
    )] {
        pairs.sorted { keyPrecedes($0.key, $1.key) }
    }

    /// RFC 8785 §3.2.3: keys compare as arrays of UTF-16 code units.
    public static func keyPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    /// ECMAScript's `Number.prototype.toString` of a finite double (RFC 8785 §3.2.2.3), from
    /// the shortest round-trip digits Swift prints. Non-finite values cannot come from parsed
    /// JSON; they are written as `null`, as the scorecard writer does.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        // Swift's description is the shortest text that reads back as the same double:
        // "75.57", "100.0", "1e-05", "1.2345678901234568e+20".
        var text = "\(value.magnitude)"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let integerPart: Substring
        let fraction: Substring
        if let dot = text.firstIndex(of: ".") {
            integerPart = text[..<dot]
            fraction = text[text.index(after: dot)...]
        } else {
            integerPart = Substring(text)
            fraction = ""
        }
        // value = 0.DIGITS × 10^n
        var digits = Array((integerPart + fraction).utf8)
        var n = integerPart.count + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            n -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        let k = digits.count
        let digitText = String(decoding: digits, as: UTF8.self)
        let sign = value < 0 ? "-" : ""
        if k <= n && n <= 21 {
            return sign + digitText + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return sign + String(digitText.prefix(n)) + "." + String(digitText.dropFirst(n))
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digitText
        }
        let power = n - 1
        let exponentText = "e" + (power < 0 ? "-" : "+") + String(power.magnitude)
        if k == 1 { return sign + digitText + exponentText }
        return sign + String(digitText.prefix(1)) + "." + String(digitText.dropFirst()) + exponentText
    }
}
