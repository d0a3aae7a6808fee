/// Reads one stored response against a plan: its answers as cells (hidden answers removed),
/// its screening flags, and whether and why it is left out of the scores.
public struct ResponseAssessor: Sendable {
    public let plan: ScoringPlan
    /// Manual exclusions in force, by response id.
    public let exclusions: [String: ManualExclusion]

    public init(plan: ScoringPlan, exclusions: [String: ManualExclusion]) {
        self.plan = plan
        self.exclusions = exclusions
    }

    public struct Assessment: Sendable {
        public var cells: [AnswerCell]
        /// Texts given with `other` options that are chosen in `cells` (never scored).
        public var otherTexts: [OtherText]
        public var flags: ScreeningFlags
        /// Seconds from the client's start to the server's receipt, when known.
        public var seconds: Double?
        /// Reasons the response is left out; empty when it is included.
        public var exclusionReasons: [ExclusionReason]
        public var manualExclusion: ManualExclusion?

        public var isIncluded: Bool { exclusionReasons.isEmpty }
    }

    public func makeAssessment() -> Assessment {
        Assessment(
            cells: Array(repeating: .none, count: plan.questions.count), otherTexts: [], flags: [], seconds: nil,
            exclusionReasons: [], manualExclusion: nil)
    }

    /// Fills `assessment` for `response`, reusing its storage.
    public func assess(_ response: RecordedResponse, into assessment: inout Assessment) {
        StoredAnswersReader.read(
            response.answersJSON, plan: plan, into: &assessment.cells, otherTexts: &assessment.otherTexts)
        hideUnshown(&assessment.cells)
        if !assessment.otherTexts.isEmpty { keepChosenOthers(&assessment.otherTexts, cells: assessment.cells) }
        assessment.seconds = ScoringPlan.seconds(startedAt: response.startedAt, receivedAt: response.receivedAt)
        assessment.flags = plan.flags(cells: assessment.cells, seconds: assessment.seconds)
        assessment.manualExclusion = exclusions.isEmpty ? nil : exclusions[response.id]
        assessment.exclusionReasons.removeAll(keepingCapacity: true)
        if plan.evaluation.screening.excludeFlagged {
            assessment.exclusionReasons.append(contentsOf: assessment.flags.reasons)
        }
        if assessment.manualExclusion != nil { assessment.exclusionReasons.append(.manual) }
    }

    public func assess(_ response: RecordedResponse) -> Assessment {
        var assessment = makeAssessment()
        assess(response, into: &assessment)
        return assessment
    }

    /// An `other` text counts only while its option is chosen (and its question shown).
    private func keepChosenOthers(_ texts: inout [OtherText], cells: [AnswerCell]) {
        texts.removeAll { entry in
            guard let other = plan.questions[entry.question].otherOption else { return true }
            switch cells[entry.question] {
            case .option(let option): return option != other
            case .options(let options): return !options.contains(other)
            default: return true
            }
        }
    }

    /// Answers to questions that their `showIf` hides are left out, as if not given. Questions
    /// come in document order and a target comes first, so a hidden target's cell is already
    /// empty when its dependents are checked: chains of conditions need no extra state.
    private func hideUnshown(_ cells: inout [AnswerCell]) {
        for index in plan.conditionalQuestions {
            guard let showIf = plan.questions[index].showIf else { continue }
            let shown: Bool
            switch cells[showIf.question] {
            case .option(let option): shown = showIf.options.contains(option)
            case .options(let options): shown = options.contains(where: showIf.options.contains)
            default: shown = false
            }
            if !shown { cells[index] = .none }
        }
    }
}
