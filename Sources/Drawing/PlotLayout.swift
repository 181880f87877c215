/// A pixel rectangle: x, y of the top-left corner, then size.
struct PlotRect: Sendable, Equatable {
    var x: Int, y: Int, width: Int, height: Int
    var maxX: Int { x + width }
    var maxY: Int { y + height }
}

/// The panels a motion plot stacks, top to bottom, in this order.
enum PlotPanelKind: Sendable, Equatable, CaseIterable {
    case waveform, phonemes, mouth, eyes, head, body

    /// The drawing area's height in pixels, before the header line.
    var bodyHeight: Int {
        switch self {
        case .waveform: 110
        case .phonemes: 34
        case .mouth: 150
        case .eyes: 130
        case .head: 130
        case .body: 110
        }
    }
}

/// Where everything in a motion plot goes: a title line, panels each with a header line (title and legend)
/// above a framed drawing area, and one time axis at the bottom that every panel shares.
struct PlotLayout: Sendable {
    /// Narrower plots cannot fit the legends; wider ones only make huge files.
    static let widthRange = 480...8000
    static let longestDuration = 1e7
    static let leftMargin = 76, rightMargin = 20, gap = 10, panelPadding = 4

    let width: Int
    let height: Int
    /// Seconds the x axis spans, from 0.
    let duration: Double
    /// Text scale: 2 for ordinary widths, 1 when the plot is too narrow for large letters.
    let textScale: Int
    let titleHeight: Int
    let headerHeight: Int
    let panels: [(kind: PlotPanelKind, header: PlotRect, body: PlotRect)]
    /// Top of the strip under the last panel with tick labels.
    let axisTop: Int

    init(width requested: Int, duration: Double, panels kinds: [PlotPanelKind]) {
        width = min(max(requested, Self.widthRange.lowerBound), Self.widthRange.upperBound)
        // Past about four months (a damaged track) tick arithmetic would overflow; nothing real is that long.
        self.duration = duration.isFinite && duration > 0 ? min(duration, Self.longestDuration) : 1
        textScale = width >= 1000 ? 2 : 1
        let lineHeight = BitmapFont.height(scale: textScale)
        titleHeight = lineHeight + 16
        headerHeight = lineHeight + 6
        var top = titleHeight
        var placed: [(kind: PlotPanelKind, header: PlotRect, body: PlotRect)] = []
        let plotWidth = width - Self.leftMargin - Self.rightMargin
        for kind in kinds {
            let header = PlotRect(x: Self.leftMargin, y: top, width: plotWidth, height: headerHeight)
            let body = PlotRect(x: Self.leftMargin, y: header.maxY, width: plotWidth, height: kind.bodyHeight)
            placed.append((kind, header, body))
            top = body.maxY + Self.gap
        }
        panels = placed
        axisTop = top - Self.gap
        height = axisTop + lineHeight * 2 + 20
    }

    var plotLeft: Int { Self.leftMargin }
    var plotWidth: Int { width - Self.leftMargin - Self.rightMargin }

    /// The drawing area of `kind`, or nil when the plot has no such panel.
    func body(of kind: PlotPanelKind) -> PlotRect? { panels.first { $0.kind == kind }?.body }

    /// The x coordinate of `time` seconds (fractional: curves are anti-aliased); times outside the axis
    /// (or not finite, from a damaged track) land on its ends, so callers can convert to Int safely.
    func x(at time: Double) -> Float {
        let time = time.isFinite ? min(max(time, 0), duration) : 0
        return Float(Double(plotLeft) + time / duration * Double(plotWidth))
    }

    /// The pixel column (0 at the plot's left edge) that `time` falls in, clamped to the plot.
    func column(at time: Double) -> Int {
        guard time.isFinite else { return 0 }
        let fraction = min(max(time / duration, 0), 1)
        return min(Int((fraction * Double(plotWidth)).rounded(.down)), plotWidth - 1)
    }

    /// The seconds that pixel column `column` covers, [start, end).
    func timeSpan(ofColumn column: Int) -> (start: Double, end: Double) {
        (Double(column) / Double(plotWidth) * duration, Double(column + 1) / Double(plotWidth) * duration)
    }
}
