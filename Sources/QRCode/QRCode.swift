/// A QR code (ISO/IEC 18004, model 2) for a short text such as an attendee link: byte mode,
/// error correction level M (about 15 % of the symbol can be lost), versions 1–10 (up to 213
/// bytes of UTF-8), the mask with the lowest penalty.
///
/// Written for the distribution sheets the organizer puts on each venue's screen; the tests
/// decode what it draws with a real decoder.
public struct QRCode: Sendable {
    /// Modules per side: 21 for version 1, 4 more per version.
    public let size: Int
    public let version: Int
    public let mask: Int
    private let modules: [Bool]

    public enum EncodingError: Error, Equatable {
        /// The text needs more than version 10 holds at level M.
        case tooLong(bytes: Int, limit: Int)
    }

    public static let maxVersion = 10

    /// Whether the module at column `x`, row `y` is dark.
    public subscript(x: Int, y: Int) -> Bool { modules[y * size + x] }

    public init(text: String) throws(EncodingError) {
        let bytes = Array(text.utf8)
        guard
            let version = (1...Self.maxVersion).first(where: { Self.dataCapacityBits($0) >= Self.bitsNeeded(bytes, $0) }
            )
        else {
            throw .tooLong(bytes: bytes.count, limit: Self.dataCapacityBits(Self.maxVersion) / 8 - 3)
        }
        let codewords = Self.interleavedCodewords(data: Self.dataCodewords(bytes, version: version), version: version)
        var matrix = Matrix(version: version)
        matrix.placeFunctionPatterns()
        matrix.placeData(codewords)
        var best: (penalty: Int, mask: Int, modules: [Bool])?
        for mask in 0..<8 {
            var candidate = matrix
            candidate.applyMask(mask)
            candidate.placeFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (penalty, mask, candidate.dark) }
        }
        self.version = version
        self.size = matrix.size
        self.mask = best!.mask
        self.modules = best!.modules
    }

    /// The code as an SVG image: one path of unit squares, a quiet zone of 4 modules, black on
    /// white, crisp at any size.
    public func svg(title: String? = nil) -> String {
        let side = size + 8
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && self[x, y] { x += 1 }
                path += "M\(start + 4) \(y + 4)h\(x - start)v1h-\(x - start)z"
            }
        }
        let label = title.map { "<title>\(Self.escaped($0))</title>" } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges" \
            role="img">\(label)<rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    private static func escaped(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }

    // MARK: - Capacity (level M)

    /// Error-correction codewords per block and number of blocks at level M, by version.
    private static let eccPerBlock = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    private static let blockCount = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5]

    /// Codewords of the whole symbol: the modules left after the function patterns, over 8.
    static func totalCodewords(_ version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            modules -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { modules -= 36 }
        }
        return modules / 8
    }

    static func dataCapacityBits(_ version: Int) -> Int {
        (totalCodewords(version) - eccPerBlock[version] * blockCount[version]) * 8
    }

    private static func bitsNeeded(_ bytes: [UInt8], _ version: Int) -> Int {
        4 + (version < 10 ? 8 : 16) + bytes.count * 8
    }

    /// Mode, count, bytes, terminator and padding, as data codewords.
    private static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version < 10 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCapacityBits(version)
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks, adds each block's Reed–Solomon codewords, and interleaves.
    private static func interleavedCodewords(data: [UInt8], version: Int) -> [UInt8] {
        let blocks = blockCount[version]
        let ecc = eccPerBlock[version]
        let total = totalCodewords(version)
        let shortBlocks = blocks - total % blocks
        let shortLength = total / blocks
        let divisor = ReedSolomon.generator(degree: ecc)
        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blocks {
            let length = shortLength - ecc + (index < shortBlocks ? 0 : 1)
            let block = Array(data[offset..<(offset + length)])
            offset += length
            dataBlocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(block, divisor: divisor))
        }
        var result: [UInt8] = []
        for position in 0..<(shortLength - ecc + 1) {
            for block in dataBlocks where position < block.count { result.append(block[position]) }
        }
        for position in 0..<ecc {
            for block in eccBlocks { result.append(block[position]) }
        }
        return result
    }
}

struct BitBuffer {
    private(set) var count = 0
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: Int, count length: Int) {
        for shift in stride(from: length - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}

/// Reed–Solomon over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var result: UInt16 = 0
        var x = UInt16(a)
        var y = b
        while y != 0 {
            if y & 1 == 1 { result ^= x }
            x <<= 1
            if x & 0x100 != 0 { x ^= 0x11D }
            y >>= 1
        }
        return UInt8(result)
    }

    /// The generator polynomial's coefficients, highest degree first, without the leading 1.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = multiply(root, 2)
        }
        return coefficients
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in divisor.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}
