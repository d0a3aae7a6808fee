/// The module grid of one QR symbol while it is built: which modules are dark, and which
/// belong to function patterns (finders, timing, alignment, format and version information)
/// that data and masks leave alone.
struct Matrix {
    let version: Int
    let size: Int
    var dark: [Bool]
    private var function: [Bool]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        dark = Array(repeating: false, count: size * size)
        function = Array(repeating: false, count: size * size)
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        function[y * size + x] = true
    }

    // MARK: - Function patterns

    mutating func placeFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        placeFinder(centerX: 3, centerY: 3)
        placeFinder(centerX: size - 4, centerY: 3)
        placeFinder(centerX: 3, centerY: size - 4)
        let positions = alignmentPositions
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                // Not over the three finders.
                let corner =
                    (i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0)
                if !corner { placeAlignment(centerX: x, centerY: y) }
            }
        }
        // Reserve the format areas (drawn for real once the mask is chosen) and the dark module.
        placeFormatBits(mask: 0)
        placeVersionBits()
    }

    private mutating func placeFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx
                let y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(x, y, distance != 2 && distance != 4)
            }
        }
    }

    private mutating func placeAlignment(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(centerX + dx, centerY + dy, max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    var alignmentPositions: [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var positions = [6]
        var position = size - 7
        var rest: [Int] = []
        for _ in 0..<(count - 1) {
            rest.append(position)
            position -= step
        }
        positions += rest.reversed()
        return positions
    }

    /// The 15 format bits (level M, the mask) in both places, and the dark module.
    mutating func placeFormatBits(mask: Int) {
        let data = 0b00 << 3 | mask  // level M is 00
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)
    }

    private mutating func placeVersionBits() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(a, b, isDark)
            setFunction(b, a, isDark)
        }
    }

    // MARK: - Data and masks

    /// Codeword bits in the zigzag order: two columns at a time from the right, upwards then
    /// downwards, skipping the vertical timing column.
    mutating func placeData(_ codewords: [UInt8]) {
        var bitIndex = 0
        let totalBits = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for column in 0..<2 {
                    let x = right - column
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    guard !function[y * size + x] else { continue }
                    if bitIndex < totalBits {
                        dark[y * size + x] = (codewords[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !function[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { dark[y * size + x].toggle() }
            }
        }
    }

    // MARK: - Penalty

    /// The standard's four penalty rules: runs of five or more, 2×2 blocks, finder-like
    /// patterns, and imbalance between dark and light.
    func penalty() -> Int {
        var total = 0
        for line in 0..<size {
            total += linePenalty { dark[line * size + $0] }
            total += linePenalty { dark[$0 * size + line] }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = dark[y * size + x]
                if color == dark[y * size + x + 1], color == dark[(y + 1) * size + x],
                    color == dark[(y + 1) * size + x + 1]
                {
                    total += 3
                }
            }
        }
        let darkCount = dark.filter { $0 }.count
        let cells = size * size
        let deviation = abs(darkCount * 20 - cells * 10)
        total += ((deviation + cells - 1) / cells - 1) * 10
        return total
    }

    private func linePenalty(_ module: (Int) -> Bool) -> Int {
        var total = 0
        var runColor = module(0)
        var runLength = 1
        for index in 1..<size {
            if module(index) == runColor {
                runLength += 1
            } else {
                if runLength >= 5 { total += runLength - 2 }
                runColor = module(index)
                runLength = 1
            }
        }
        if runLength >= 5 { total += runLength - 2 }
        // 1:1:3:1:1 (dark-light-dark-dark-dark-light-dark) with four light modules on one side.
        let pattern = [true, false, true, true, true, false, true]
        if size >= 11 {
            for start in 0...(size - 7) where (0..<7).allSatisfy({ module(start + $0) == pattern[$0] }) {
                let lightBefore = start >= 4 && (1...4).allSatisfy { !module(start - $0) }
                let lightAfter = start + 11 <= size && (7..<11).allSatisfy { !module(start + $0) }
                if lightBefore || lightAfter { total += 40 }
            }
        }
        return total
    }
}
