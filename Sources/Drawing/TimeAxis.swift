import Foundation

/// The shared time axis: tick spacing that keeps labels apart, and labels in seconds or clock time.
struct TimeAxis: Sendable {
    /// Seconds between ticks.
    let step: Double
    /// Tick times from 0 up to the duration.
    let ticks: [Double]
    let duration: Double

    /// Steps that read naturally: half seconds for short clips, whole minutes for long ones.
    private static let steps: [Double] = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]

    /// The finest step whose labels stay at least about three label-widths apart.
    init(duration: Double, plotWidth: Int, textScale: Int) {
        self.duration = duration
        let labelWidth = BitmapFont.width(of: Self.label(duration, duration: duration), scale: textScale)
        let minimumSpacing = Double(max(labelWidth * 2, 40 * textScale))
        let pixelsPerSecond = Double(plotWidth) / duration
        let step = Self.steps.first { $0 * pixelsPerSecond >= minimumSpacing } ?? Self.steps[Self.steps.count - 1]
        let count = min(Int((duration / step + 1e-9).rounded(.down)), plotWidth)
        self.step = step
        ticks = (0...count).map { Double($0) * step }
    }

    /// What the axis is counted in, for the caption under the labels.
    var unitCaption: String { duration >= 60 ? "time (m:ss)" : "time (s)" }

    /// `time` as the axis writes it: "1.5" under a minute, "2:05" under an hour, "1:02:05" beyond.
    func label(_ time: Double) -> String { Self.label(time, duration: duration, fractional: step < 1) }

    static func label(_ time: Double, duration: Double, fractional: Bool = false) -> String {
        if duration < 60 {
            return fractional ? String(format: "%.1f", time) : String(Int(time.rounded()))
        }
        let whole = Int(time.rounded())
        let (hours, minutes, seconds) = (whole / 3600, whole / 60 % 60, whole % 60)
        let clock = String(format: "%ld:%02ld", minutes, seconds)
        return hours > 0 ? String(format: "%ld:%02ld:%02ld", hours, minutes, seconds) : clock
    }
}
