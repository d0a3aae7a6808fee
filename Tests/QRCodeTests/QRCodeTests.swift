import Foundation
import Testing

@testable import QRCode

@Suite("QR codes")
struct QRCodeTests {
    @Test("capacities at level M follow the standard's table")
    func capacities() {
        // Data codewords at level M for versions 1–10 (ISO/IEC 18004, table 7).
        let expected = [16, 28, 44, 64, 86, 108, 124, 154, 182, 216]
        #expect((1...10).map { QRCode.dataCapacityBits($0) / 8 } == expected)
        #expect((1...10).map { QRCode.totalCodewords($0) } == [26, 44, 70, 100, 134, 172, 196, 242, 292, 346])
    }

    @Test("Reed–Solomon: the remainder of the standard's example")
    func reedSolomon() {
        // ISO/IEC 18004 annex I: "01234567" at 1-M; 16 data codewords give these 10 EC codewords.
        let data: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        #expect(
            ReedSolomon.remainder(data, divisor: ReedSolomon.generator(degree: 10))
                == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("the version grows with the text, and text beyond version 10 is refused")
    func versions() throws {
        #expect(try QRCode(text: "http://a.b/e/x").version == 1)
        #expect(try QRCode(text: String(repeating: "x", count: 100)).version == 6)
        #expect(try QRCode(text: String(repeating: "x", count: 213)).version == 10)
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 214, limit: 213)) {
            try QRCode(text: String(repeating: "x", count: 214))
        }
    }

    @Test("finder patterns sit in three corners, with the dark module")
    func finders() throws {
        let code = try QRCode(text: "https://example.org/e/abc")
        for (x, y) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            #expect(code[x, y] && code[x + 6, y + 6] && !code[x + 1, y + 1] && code[x + 3, y + 3])
        }
        #expect(code[8, code.size - 8])
    }

    @Test("the SVG draws every dark module inside a quiet zone, and escapes its title")
    func svg() throws {
        let code = try QRCode(text: "x")
        let svg = code.svg(title: "合肥 <分会场> & \"1\"")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\""))
        #expect(svg.contains("<title>合肥 &lt;分会场&gt; &amp; &quot;1&quot;</title>"))
        let darkModules = (0..<code.size).flatMap { y in (0..<code.size).map { x in code[x, y] } }.filter { $0 }.count
        let drawn = Self.rectangles(svg).reduce(0) { $0 + $1.width }
        #expect(drawn == darkModules)
    }

    /// `M x y h w v1 h-w z` runs of the SVG path.
    static func rectangles(_ svg: String) -> [(x: Int, y: Int, width: Int)] {
        guard let start = svg.range(of: " d=\"")?.upperBound, let end = svg[start...].firstIndex(of: "\"") else {
            return []
        }
        return svg[start..<end].split(separator: "z").map { run in
            let numbers = run.split(whereSeparator: { "Mhv ".contains($0) }).compactMap { Int($0) }
            return (numbers[0], numbers[1], numbers[2])
        }
    }

    /// Decodes with zbarimg (Debian's zbar-tools, installed by scripts/install-test-deps):
    /// every version, with Chinese text and URLs, must read back exactly.
    @Test(
        "a real decoder reads back what was encoded",
        arguments: [
            "http://127.0.0.1:8080/e/k7m2p9qx?venue=hefei",
            "https://meeting-eval.example.gov.cn/e/abcdefgh?venue=huangshan-district-branch-venue-07",
            "会议质量评估 · 合肥分会场",
            String(repeating: "0123456789abcdef", count: 6),
            String(repeating: "QR-", count: 71),
            "a",
        ])
    func decodes(_ text: String) throws {
        let code = try QRCode(text: text)
        let decoded = try Self.zbar(Self.bitmap(code.svg()))
        #expect(decoded == text, "version \(code.version), mask \(code.mask)")
    }

    @Test("every mask decodes", arguments: 0..<8)
    func masks(_ seed: Int) throws {
        // Different texts make the encoder choose different masks; check that all of them occur.
        var seen: Set<Int> = []
        for index in 0..<40 {
            let text = "http://10.0.0.\(seed)/e/\(index * 7919 % 100_000)?venue=v\(index)"
            let code = try QRCode(text: text)
            seen.insert(code.mask)
            if index % 8 == seed { #expect(try Self.zbar(Self.bitmap(code.svg())) == text) }
        }
        #expect(seen.count >= 4)
    }

    /// A plain PBM image of the SVG's modules, 6 pixels each.
    static func bitmap(_ svg: String) -> Data {
        let side = Int(svg.split(separator: "\"")[3].split(separator: " ")[2])!
        let scale = 6
        var dark = Array(repeating: false, count: side * side)
        for rectangle in rectangles(svg) {
            for x in rectangle.x..<(rectangle.x + rectangle.width) { dark[rectangle.y * side + x] = true }
        }
        var text = "P1\n\(side * scale) \(side * scale)\n"
        for y in 0..<(side * scale) {
            text += (0..<(side * scale)).map { dark[(y / scale) * side + $0 / scale] ? "1" : "0" }.joined(
                separator: " ")
            text += "\n"
        }
        return Data(text.utf8)
    }

    static func zbar(_ image: Data) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("code.pbm")
        try image.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "<zbarimg exit \(process.terminationStatus)>" }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
