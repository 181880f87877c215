/// One control over time as the plot draws it: a name for the legend, a colour, one value per frame.
struct PlotCurve: Sendable {
    let name: String
    let color: Canvas.Color
    let values: [Float]
}

/// The values a curve panel shows, bottom to top, and where they land in a panel's drawing area.
struct ValueRange: Sendable, Equatable {
    let lower: Float
    let upper: Float

    /// The row (fractional) of `value` in `rect`, clamped into the range so outliers sit on the edge
    /// instead of leaving the panel; `panelPadding` keeps values at the ends clear of the frame.
    func y(of value: Float, in rect: PlotRect) -> Float {
        let padding = Float(PlotLayout.panelPadding)
        let fraction = (upper - min(max(value, lower), upper)) / max(upper - lower, 1e-6)
        return Float(rect.y) + padding + fraction * (Float(rect.height) - 2 * padding)
    }

    /// A range symmetric around zero that holds every finite value, rounded up to a 1-2-5 step
    /// so the axis labels are plain numbers; at least ±`minimum`.
    static func symmetric(covering values: [[Float]], minimum: Float) -> ValueRange {
        var largest: Float = 0
        for series in values { for value in series where value.isFinite { largest = max(largest, abs(value)) } }
        var bound = minimum
        var decade: Float = 1
        while decade * 10 <= largest { decade *= 10 }
        for factor: Float in [1, 2, 5, 10] where factor * decade >= largest {
            bound = max(minimum, factor * decade)
            break
        }
        return ValueRange(lower: -bound, upper: bound)
    }
}

extension Canvas {
    /// Draws `curve` over `range` in `rect`. Up to one frame per pixel column it is a polyline through
    /// the frames; beyond that each column shows the span of its frames joined to the previous column's
    /// last value, so an hour of frames costs one pass over the values plus one span per column.
    mutating func plot(
        _ curve: PlotCurve, range: ValueRange, in rect: PlotRect, layout: PlotLayout,
        frameTime: (Int) -> Double
    ) {
        let values = curve.values
        guard !values.isEmpty else { return }
        let lineWidth: Float = 1.6
        if values.count == 1 {
            if values[0].isFinite {
                dot(at: (layout.x(at: frameTime(0)), range.y(of: values[0], in: rect)), radius: 2, curve.color)
            }
            return
        }
        if values.count <= layout.plotWidth {
            for index in 1..<values.count where values[index - 1].isFinite && values[index].isFinite {
                line(
                    from: (layout.x(at: frameTime(index - 1)), range.y(of: values[index - 1], in: rect)),
                    to: (layout.x(at: frameTime(index)), range.y(of: values[index], in: rect)),
                    curve.color, width: lineWidth)
            }
            return
        }
        let columns = layout.plotWidth
        var lowest = [Float](repeating: .infinity, count: columns)
        var highest = [Float](repeating: -.infinity, count: columns)
        var last = [Float](repeating: .nan, count: columns)
        for (index, value) in values.enumerated() where value.isFinite {
            let column = layout.column(at: frameTime(index))
            lowest[column] = min(lowest[column], value)
            highest[column] = max(highest[column], value)
            last[column] = value
        }
        var previous: Float?
        for column in 0..<columns {
            guard lowest[column] <= highest[column] else {
                previous = nil
                continue
            }
            let low = min(lowest[column], previous ?? lowest[column])
            let high = max(highest[column], previous ?? highest[column])
            let top = range.y(of: high, in: rect) - lineWidth / 2
            let bottom = range.y(of: low, in: rect) + lineWidth / 2
            let row = Int(top.rounded())
            fill(
                x: layout.plotLeft + column, y: row, width: 1, height: max(Int(bottom.rounded()) - row, 1), curve.color)
            previous = last[column]
        }
    }
}
