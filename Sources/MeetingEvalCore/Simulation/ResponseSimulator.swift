import Foundation

/// Realistic simulated responses for demos and benchmarks: each venue has its own level of
/// satisfaction, answers scatter around it, a few attendees skip optional questions, choose
/// "not applicable", write a remark, rush through (speeders) or tick one column (straight-liners).
/// Seeded, so a run can be repeated exactly.
public struct ResponseSimulator {
    public let questionnaire: Questionnaire
    public let evaluation: Evaluation
    private var random: SeededRandom
    /// One draw in [0, 1) per venue: its level of satisfaction (see `level(ofVenue:)`).
    private let venueDraws: [Double]
    /// Differences built into the simulated meeting; none by default.
    public var differences = Differences() {
        didSet { dimensionOf = Self.dimensions(of: questionnaire) }
    }
    private var dimensionOf: [String: String] = [:]

    /// Where the simulated meeting is weaker or stronger than the rest, so that a demo report
    /// shows what a report can reveal: a shift of each attendee's level (a share of the scale,
    /// e.g. −0.2) per dimension, venue and rater group, and a venue's share of the responses
    /// (turnout) relative to the others (1 = as many as any other).
    public struct Differences: Sendable {
        public var dimensionShift: [String: Double] = [:]
        public var venueShift: [String: Double] = [:]
        public var groupShift: [String: Double] = [:]
        public var venueTurnout: [String: Double] = [:]
        /// How far venues' levels spread around 0.75 (before their shifts); nil: 0.55 to 0.95.
        public var venueSpread: Double?

        public init(
            dimensionShift: [String: Double] = [:], venueShift: [String: Double] = [:],
            groupShift: [String: Double] = [:], venueTurnout: [String: Double] = [:], venueSpread: Double? = nil
        ) {
            self.dimensionShift = dimensionShift
            self.venueShift = venueShift
            self.groupShift = groupShift
            self.venueTurnout = venueTurnout
            self.venueSpread = venueSpread
        }
    }

    private static func dimensions(of questionnaire: Questionnaire) -> [String: String] {
        var result: [String: String] = [:]
        for dimension in questionnaire.dimensions {
            for question in dimension.questions { result[question.id] = dimension.id }
        }
        return result
    }

    public init(questionnaire: Questionnaire, evaluation: Evaluation, seed: UInt64) {
        self.questionnaire = questionnaire
        self.evaluation = evaluation
        var random = SeededRandom(seed: seed)
        venueDraws = evaluation.venues.map { _ in random.nextUnit() }
        self.random = random
    }

    public struct Simulated: Sendable {
        public var submission: ResponseSubmission
        /// Seconds the attendee took (from `startedAt` to sending).
        public var seconds: Double
    }

    /// One response; its `startedAt` is `seconds` before `sentAt`.
    public mutating func next(sentAt: Date) -> Simulated {
        let venueIndex = evaluation.venues.isEmpty ? nil : pickVenue()
        let group = pickGroup()
        let level =
            (venueIndex.map(level(ofVenue:)) ?? 0.8)
            + (venueIndex.flatMap { differences.venueShift[evaluation.venues[$0].id] } ?? 0)
            + (group.flatMap { differences.groupShift[$0] } ?? 0)
        let straightLiner = random.nextUnit() < 0.02
        let speeder = random.nextUnit() < 0.03
        let attendee = min(1, max(0, level + 0.15 * random.nextGaussian()))
        var answers: [String: AnswerValue] = [:]
        var straightValue: Int?
        for question in questionnaire.questions {
            if let showIf = question.showIf {
                guard let chosen = answers[showIf.question]?.chosenOptions, chosen.contains(where: showIf.options.contains)
                else { continue }
            }
            if !question.required && random.nextUnit() < 0.25 { continue }
            let shift = dimensionOf[question.id].flatMap { differences.dimensionShift[$0] } ?? 0
            let personal = min(1, max(0, attendee + shift))
            switch question.kind {
            case .rating(let scale, let allowNotApplicable):
                if allowNotApplicable && random.nextUnit() < 0.04 {
                    answers[question.id] = .notApplicable
                    continue
                }
                if straightLiner {
                    let value = straightValue ?? scale.max
                    straightValue = value
                    answers[question.id] = .rating(min(scale.max, max(scale.min, value)))
                    continue
                }
                let span = Double(scale.max - scale.min)
                let target = Double(scale.min) + span * min(1, max(0, personal + 0.09 * random.nextGaussian()))
                answers[question.id] = .rating(Int(target.rounded()))
            case .single(let options):
                answers[question.id] = .option(pickOption(options, level: personal).id)
            case .multiple(let options, let maxSelections):
                let limit = min(maxSelections ?? options.count, options.count)
                let count = random.nextInt(max(1, min(limit, 3))) + 1
                var chosen: [String] = []
                for _ in 0..<count {
                    let option = options[random.nextInt(options.count)].id
                    if !chosen.contains(option) { chosen.append(option) }
                }
                answers[question.id] = .options(chosen)
            case .text(let maxLength):
                // A required remark is always written; an optional one by about a third.
                guard question.required || random.nextUnit() < 0.3 else { continue }
                let remark = Self.remarks[random.nextInt(Self.remarks.count)]
                answers[question.id] = .text(String(remark.prefix(maxLength)))
            }
        }
        let seconds = speeder ? 8 + 20 * random.nextUnit() : 70 + 200 * random.nextUnit()
        let submission = ResponseSubmission(
            id: random.nextUUID(), venue: venueIndex.map { evaluation.venues[$0].id }, raterGroup: group,
            answers: answers, startedAt: sentAt.addingTimeInterval(-seconds),
            locale: questionnaire.locales.first)
        return Simulated(submission: submission, seconds: seconds)
    }

    /// Venue satisfaction between 0.55 and 0.95 of the scale, or within `venueSpread` of 0.75.
    private func level(ofVenue index: Int) -> Double {
        if let spread = differences.venueSpread { return 0.75 + spread * (venueDraws[index] - 0.5) }
        return 0.55 + 0.4 * venueDraws[index]
    }

    /// A venue at random; with turnouts set, in proportion to them.
    private mutating func pickVenue() -> Int {
        guard !differences.venueTurnout.isEmpty else { return random.nextInt(evaluation.venues.count) }
        let weights = evaluation.venues.map { differences.venueTurnout[$0.id] ?? 1 }
        var pick = random.nextUnit() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            pick -= weight
            if pick <= 0 { return index }
        }
        return evaluation.venues.count - 1
    }

    private mutating func pickGroup() -> String? {
        guard !evaluation.raterGroups.isEmpty else { return nil }
        // Attendees are many, leaders and experts few: the first group of the list is the largest.
        let sizes = evaluation.raterGroups.indices.map { 1.0 / Double($0 + 1) }
        var pick = random.nextUnit() * sizes.reduce(0, +)
        for (index, size) in sizes.enumerated() {
            pick -= size
            if pick <= 0 { return evaluation.raterGroups[index].id }
        }
        return evaluation.raterGroups.last?.id
    }

    /// Scored options are chosen near the attendee's level; unscored ones at random.
    private mutating func pickOption(_ options: [Option], level: Double) -> Option {
        let scored = options.filter { $0.score != nil }
        if scored.isEmpty || random.nextUnit() < 0.03 { return options[random.nextInt(options.count)] }
        let target = 100 * min(1, max(0, level + 0.15 * random.nextGaussian()))
        return scored.min { abs(($0.score ?? 0) - target) < abs(($1.score ?? 0) - target) } ?? scored[0]
    }

    static let remarks = [
        "分会场声音有回声，建议会前再调试一次设备。",
        "会议材料发得晚了，来不及提前阅读。",
        "会议时间控制得很好，重点突出。",
        "建议压缩讲话时长，多留时间部署具体工作。",
        "画面清晰，组织有序。",
        "部分发言内容与上次会议重复。",
        "希望会后尽快印发会议纪要。",
        "The sound at our branch venue dropped twice; please check the line before the meeting.",
        "Clear agenda and well run. Thank you.",
        "Materials arrived late; please send them a day earlier.",
    ]
}

/// A small, fast, seeded generator (SplitMix64), so simulations repeat exactly.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    public mutating func nextInt(_ bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }

    /// Standard normal (Box–Muller).
    public mutating func nextGaussian() -> Double {
        let u = max(nextUnit(), 1e-12)
        let v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// A random (version 4) UUID in lowercase.
    public mutating func nextUUID() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 { bytes[index] = UInt8(truncatingIfNeeded: next()) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        return uuid.uuidString.lowercased()
    }
}
