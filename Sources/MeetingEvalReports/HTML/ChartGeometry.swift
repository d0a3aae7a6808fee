import Foundation

/// A horizontal bar chart laid out in Swift: the template only places shapes and texts at the
/// coordinates given here, so no markup is built outside the (escaping) template.
///
/// Optional parts are arrays of zero or one element: a mustache section over an empty array
/// renders nothing, and a missing value never falls through to an outer one of the same name.
struct BarChart: Sendable {
    var id: String
    /// The accessible name (`aria-label` and `<title>`).
    var title: String
    /// CSS class of the chart's look: `bars` (scores) or `dist` (answer counts).
    var style: String
    var width: Double
    var height: Double
    /// `end` (labels flush against the bars) or `start` (a left-aligned label column).
    var labelAnchor: String
    var gridlines: [Gridline]
    var rows: [Row]
    var references: [Reference]

    struct Gridline: Sendable {
        var x: Double
        var top: Double
        var bottom: Double
        var textY: Double
        var text: String
    }

    struct Row: Sendable {
        var name: String
        var fullName: String
        var isTruncated: Bool
        var labelX: Double
        var textY: Double
        var tracks: [Box]
        var bars: [Box]
        var valueX: Double
        var value: String
        var isEmpty: Bool
    }

    struct Box: Sendable {
        var x: Double
        var y: Double
        var width: Double
        var height: Double
    }

    struct Reference: Sendable {
        var x: Double
        var top: Double
        var bottom: Double
        var textX: Double
        var textY: Double
        var text: String
    }

    struct Item {
        var name: String
        var value: Double?
        /// What is written at the end of the bar ("—" when `value` is nil).
        var text: String
    }

    struct Layout {
        var width = 680.0
        var rowHeight = 24.0
        var barHeight = 14.0
        var fontSize = 12.0
        var maxLabelWidth = 230.0
        var valueWidth = 64.0
        /// Values at which vertical gridlines with labels are drawn.
        var ticks: [Double] = []
        /// A light full-length track behind every bar, so that zero reads as zero.
        var tracks = false
        /// A label column of this width with left-aligned labels, the same in every chart of
        /// the kind; nil sizes it to the longest label and aligns labels to the bars.
        var fixedLabelWidth: Double?

        static let scores = Layout(ticks: [0, 20, 40, 60, 80, 100])
        static let counts = Layout(
            rowHeight: 18, barHeight: 11, fontSize: 11, valueWidth: 96, tracks: true, fixedLabelWidth: 280)
    }

    init(
        id: String, title: String, style: String, items: [Item], maximum: Double, layout: Layout,
        reference: (value: Double, text: String)? = nil
    ) {
        self.id = id
        self.title = title
        self.style = style
        width = layout.width
        let widest = items.map { TextMetrics.width($0.name, fontSize: layout.fontSize) }.max() ?? 0
        let labelWidth = layout.fixedLabelWidth ?? min(layout.maxLabelWidth, max(40, widest))
        labelAnchor = layout.fixedLabelWidth == nil ? "end" : "start"
        let plotLeft = (labelWidth + 14).rounded()
        let plotRight = layout.width - layout.valueWidth
        let plotWidth = plotRight - plotLeft
        let top = reference == nil ? 4.0 : 18.0
        let bottom = top + Double(items.count) * layout.rowHeight
        let scale = maximum > 0 ? plotWidth / maximum : 0
        func x(_ value: Double) -> Double { Self.round(plotLeft + min(max(value, 0), maximum) * scale) }

        gridlines = layout.ticks.map { tick in
            Gridline(x: x(tick), top: top, bottom: bottom, textY: bottom + 13, text: ScorecardFormat.plain(tick))
        }
        rows = items.enumerated().map { index, item in
            let rowTop = top + Double(index) * layout.rowHeight
            let barY = Self.round(rowTop + (layout.rowHeight - layout.barHeight) / 2)
            let name = TextMetrics.truncated(item.name, toWidth: labelWidth, fontSize: layout.fontSize)
            let barWidth = item.value.map { Self.round(min(max($0, 0), maximum) * scale) } ?? 0
            return Row(
                name: name, fullName: item.name, isTruncated: name != item.name,
                labelX: layout.fixedLabelWidth == nil ? plotLeft - 8 : 0,
                textY: Self.round(rowTop + layout.rowHeight / 2 + layout.fontSize * 0.36),
                tracks: layout.tracks
                    ? [Box(x: plotLeft, y: barY, width: Self.round(plotWidth), height: layout.barHeight)] : [],
                bars: barWidth > 0 ? [Box(x: plotLeft, y: barY, width: barWidth, height: layout.barHeight)] : [],
                valueX: Self.round(plotLeft + (layout.tracks ? plotWidth : barWidth) + 6), value: item.text,
                isEmpty: item.value == nil)
        }
        references =
            reference.map { reference in
                let position = x(reference.value)
                let half = TextMetrics.width(reference.text, fontSize: 10.5) / 2
                let textX = Self.round(min(max(position, plotLeft + half), plotRight - half))
                return [
                    Reference(
                        x: position, top: top - 4, bottom: bottom, textX: textX, textY: top - 7, text: reference.text)
                ]
            } ?? []
        height = bottom + (layout.ticks.isEmpty ? 4 : 20)
    }

    /// Coordinates to a tenth of a pixel, so the markup stays short.
    static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// The grade bands of the questionnaire as one 0–100 strip, with the overall score and its
/// confidence interval marked on it.
struct GradeScale: Sendable {
    var title: String
    var width: Double
    var height: Double
    var bands: [Band]
    var ticks: [Caption]
    var intervals: [Interval]
    var markers: [Marker]

    struct Band: Sendable {
        var x: Double
        var y: Double
        var width: Double
        var height: Double
        var style: String
        var captions: [Caption]
    }

    struct Caption: Sendable {
        var x: Double
        var y: Double
        var text: String
    }

    struct Interval: Sendable {
        var x1: Double
        var x2: Double
        var y: Double
        var capTop: Double
        var capBottom: Double
    }

    struct Marker: Sendable {
        var x: Double
        var y: Double
        var textX: Double
        var textY: Double
        var text: String
    }

    /// `bands`: label and inclusive lower bound, highest first (the questionnaire's order).
    /// Boundary values run above the strip; the score and its interval sit below it, so that
    /// they never cover a band's label.
    init(title: String, bands: [(label: String, min: Double)], score: Double?, scoreText: String, interval: [Double]?) {
        self.title = title
        width = 680
        let left = 12.0
        let right = width - 12
        let stripTop = 16.0
        let stripHeight = 22.0
        let markY = stripTop + stripHeight + 10
        height = markY + 24
        func x(_ value: Double) -> Double { BarChart.round(left + min(max(value, 0), 100) / 100 * (right - left)) }

        var upper = 100.0
        var built: [Band] = []
        var boundaries: Set<Double> = [0, 100]
        for (index, band) in bands.enumerated() {
            let lower = min(max(band.min, 0), upper)
            defer { upper = lower }
            guard upper > lower else { continue }
            boundaries.insert(lower)
            let start = x(lower)
            let end = x(upper)
            let fits = TextMetrics.width(band.label, fontSize: 11) <= end - start - 6
            // Colours run from the best band to the worst, however many bands there are.
            let shade = bands.count > 1 ? Int((Double(index) * 4 / Double(bands.count - 1)).rounded()) : 0
            built.append(
                Band(
                    x: start, y: stripTop, width: BarChart.round(end - start), height: stripHeight,
                    style: "band\(shade)",
                    captions: fits
                        ? [Caption(x: BarChart.round((start + end) / 2), y: stripTop + 15, text: band.label)] : []))
        }
        self.bands = built
        ticks = boundaries.sorted().map { Caption(x: x($0), y: stripTop - 5, text: ScorecardFormat.plain($0)) }
        intervals =
            (interval?.count == 2 ? interval : nil).map { bounds in
                [Interval(x1: x(bounds[0]), x2: x(bounds[1]), y: markY, capTop: markY - 5, capBottom: markY + 5)]
            } ?? []
        markers =
            score.map { score in
                let position = x(score)
                let half = TextMetrics.width(scoreText, fontSize: 12) / 2
                return [
                    Marker(
                        x: position, y: markY, textX: BarChart.round(min(max(position, left + half), right - half)),
                        textY: markY + 20, text: scoreText)
                ]
            } ?? []
    }
}

/// Text widths estimated from character classes: there is no font machinery on the server,
/// and labels only need to be kept inside their column.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + em($1) * fontSize }
    }

    /// `text`, cut with an ellipsis to fit `width`.
    static func truncated(_ text: String, toWidth width: Double, fontSize: Double) -> String {
        guard Self.width(text, fontSize: fontSize) > width else { return text }
        let budget = width - em("…") * fontSize
        var used = 0.0
        var kept = ""
        for character in text {
            let next = character.unicodeScalars.reduce(0) { $0 + em($1) * fontSize }
            if used + next > budget { break }
            used += next
            kept.append(character)
        }
        return kept.trimmingCharacters(in: .whitespaces) + "…"
    }

    private static func em(_ scalar: Unicode.Scalar) -> Double {
        switch scalar.value {
        case 0x2E80...: return 1.0  // CJK, full-width forms
        case 0x20, 0x21, 0x27, 0x2C, 0x2E, 0x3A, 0x3B, 0x49, 0x69, 0x6A, 0x6C, 0x7C: return 0.3
        case 0x41...0x5A, 0x30...0x39, 0x6D, 0x77: return 0.66
        default: return 0.55
        }
    }
}
