import Foundation
import Media
import Motion

/// A picture of a motion track for people to check by eye instead of reading JSON: the waveform, the
/// phonemes, then the mouth, eyes, head (and body, when it moves) control curves, all over one time axis.
public enum MotionPlot {
    /// Renders the plot `width` pixels wide (clamped to 480...8000); the height follows from the panels.
    /// `waveform` is mono audio at `sampleRate` (empty draws an empty waveform panel). Work is one pass
    /// over the samples and the frames plus a fixed amount per pixel column, so hour-long tracks draw fast.
    public static func render(track: MotionTrack, waveform: [Float], sampleRate: Int, width: Int = 1600) -> RGBImage {
        let sound = sampleRate > 0 ? AudioClip(samples: waveform, sampleRate: sampleRate, channels: 1) : nil
        do { return try render(track: track, sound: sound, width: width) } catch {
            preconditionFailure("reading samples in memory cannot fail: \(error)")
        }
    }

    /// The same with the waveform read from mono `sound` (a spooled signal is read one pixel column at a time).
    public static func render(track: MotionTrack, sound: (any AudioSource)?, width: Int = 1600) throws(MediaError)
        -> RGBImage
    {
        let sampleRate = sound?.sampleRate ?? 0
        let curvePanels = CurvePanel.panels(for: track)
        let layout = layout(
            for: track, curvePanels: curvePanels, samples: sound?.frameCount ?? 0, sampleRate: sampleRate, width: width)
        let axis = TimeAxis(duration: layout.duration, plotWidth: layout.plotWidth, textScale: layout.textScale)
        var canvas = Canvas(width: layout.width, height: layout.height, background: PlotStyle.background)
        let scale = layout.textScale

        canvas.text(title(of: track), x: layout.plotLeft, y: 6, scale: scale, PlotStyle.text)
        for panel in layout.panels {
            canvas.drawGrid(axis, in: panel.body, layout: layout)
        }
        if let rect = layout.body(of: .waveform) {
            let envelope = try WaveformEnvelope(source: sound, layout: layout)
            canvas.drawWaveform(envelope, in: rect, layout: layout)
            let heading =
                (sound?.frameCount ?? 0) == 0
                ? "waveform (no audio)" : "waveform (peak " + String(format: "%.2f", envelope.peak) + ")"
            canvas.drawHeader(heading, curves: [], panel: rect, layout: layout)
        }
        if let rect = layout.body(of: .phonemes) {
            canvas.drawPhonemes(track.phonemes, in: rect, layout: layout)
            canvas.drawHeader("phonemes (" + track.phonemeSource + ")", curves: [], panel: rect, layout: layout)
            canvas.drawPhonemeKey(panel: rect, layout: layout)
        }
        let frameTime = frameTimes(of: track, duration: layout.duration)
        for panel in curvePanels {
            guard let rect = layout.body(of: panel.kind) else { continue }
            canvas.drawValueLabels(panel, in: rect, layout: layout)
            for curve in panel.curves {
                canvas.plot(curve, range: panel.range, in: rect, layout: layout, frameTime: frameTime)
            }
            canvas.drawHeader(panel.title, curves: panel.curves, panel: rect, layout: layout)
        }
        for panel in layout.panels {
            canvas.stroke(
                x: panel.body.x, y: panel.body.y, width: panel.body.width, height: panel.body.height, PlotStyle.frame)
        }
        canvas.drawTimeAxis(axis, layout: layout)
        return canvas.image
    }

    /// The geometry `render` draws into (tests read panel positions from it).
    static func layout(
        for track: MotionTrack, curvePanels: [CurvePanel]? = nil, samples: Int, sampleRate: Int,
        width: Int
    ) -> PlotLayout {
        let kinds = (curvePanels ?? CurvePanel.panels(for: track)).map(\.kind)
        return PlotLayout(
            width: width, duration: span(of: track, samples: samples, sampleRate: sampleRate),
            panels: [.waveform, .phonemes] + kinds)
    }

    /// Seconds the axis must show: the longest of the track, its frames and the audio. Phonemes decide
    /// only when there is nothing else: one phoneme at a wrong time must not squash the whole plot.
    static func span(of track: MotionTrack, samples: Int, sampleRate: Int) -> Double {
        var longest = track.duration.isFinite ? track.duration : 0
        if track.fps.isFinite, track.fps > 0 { longest = max(longest, Double(track.frames.count) / track.fps) }
        if sampleRate > 0 { longest = max(longest, Double(samples) / Double(sampleRate)) }
        if longest <= 0, let end = track.phonemes.map(\.end).filter(\.isFinite).max() { longest = end }
        return longest > 0 ? longest : 1
    }

    /// Frame `i`'s time: `i / fps`, or frames spread evenly over the duration when the fps is unusable.
    static func frameTimes(of track: MotionTrack, duration: Double) -> (Int) -> Double {
        let fps = track.fps
        if fps.isFinite, fps > 0 { return { Double($0) / fps } }
        let count = max(track.frames.count - 1, 1)
        return { Double($0) / Double(count) * duration }
    }

    private static func title(of track: MotionTrack) -> String {
        let seconds =
            track.duration >= 60
            ? TimeAxis.label(track.duration, duration: track.duration)
            : String(format: "%.2f s", track.duration)
        let fps = String(format: "%g fps", track.fps)
        return
            "motion  \(seconds)  \(fps)  \(track.frames.count) frames  \(track.phonemes.count) phonemes  seed \(track.seed)"
    }
}

extension Canvas {
    /// The panel's title then one colour swatch and name per curve, on the line above its frame, so the
    /// legend never hides the curves.
    mutating func drawHeader(_ title: String, curves: [PlotCurve], panel: PlotRect, layout: PlotLayout) {
        let scale = layout.textScale
        let y = panel.y - layout.headerHeight + 2
        text(title, x: panel.x, y: y, scale: scale, PlotStyle.text)
        var x = panel.x + BitmapFont.width(of: title, scale: scale) + 14 * scale
        let swatch = 6 * scale
        for curve in curves {
            let entryWidth = swatch + 4 * scale + BitmapFont.width(of: curve.name, scale: scale)
            guard x + entryWidth <= panel.maxX else { break }
            fill(x: x, y: y + scale, width: swatch, height: swatch, curve.color)
            text(curve.name, x: x + swatch + 3 * scale, y: y, scale: scale, PlotStyle.text)
            x += entryWidth + 10 * scale
        }
    }

    /// The colour key of the phoneme strip, right-aligned on its header line.
    mutating func drawPhonemeKey(panel: PlotRect, layout: PlotLayout) {
        let scale = layout.textScale
        let y = panel.y - layout.headerHeight + 2
        let entries: [(String, Color)] = [
            ("P B M", PlotStyle.bilabial), ("vowel", PlotStyle.vowel), ("other", PlotStyle.consonant),
        ]
        let swatch = 6 * scale
        let total = entries.reduce(0) {
            $0 + swatch + 3 * scale + BitmapFont.width(of: $1.0, scale: scale) + 10 * scale
        }
        var x = panel.maxX - total
        for (name, color) in entries {
            fill(x: x, y: y + scale, width: swatch, height: swatch, color)
            text(name, x: x + swatch + 3 * scale, y: y, scale: scale, PlotStyle.text)
            x += swatch + 3 * scale + BitmapFont.width(of: name, scale: scale) + 10 * scale
        }
    }

    /// Light vertical lines at the time ticks, behind everything a panel draws.
    mutating func drawGrid(_ axis: TimeAxis, in rect: PlotRect, layout: PlotLayout) {
        for tick in axis.ticks {
            let x = Int(layout.x(at: tick).rounded(.down))
            guard x > rect.x, x < rect.maxX - 1 else { continue }
            fill(x: x, y: rect.y, width: 1, height: rect.height, PlotStyle.grid)
        }
    }

    /// The value labels on the left margin, and a zero line where zero is inside the range.
    mutating func drawValueLabels(_ panel: CurvePanel, in rect: PlotRect, layout: PlotLayout) {
        let scale = layout.textScale
        if panel.range.lower < 0, panel.range.upper > 0 {
            fill(
                x: rect.x + 1, y: Int(panel.range.y(of: 0, in: rect).rounded(.down)), width: rect.width - 2, height: 1,
                PlotStyle.zeroLine)
        }
        for value in panel.labelledValues {
            let label =
                value == 0
                ? "0"
                : String(format: value == value.rounded() ? "%+.0f" : "%+.1f", value)
                    .replacingOccurrences(of: "+", with: panel.range.lower < 0 ? "+" : "")
            let y = Int(panel.range.y(of: value, in: rect).rounded()) - 7 * scale / 2
            let clampedY = min(max(y, rect.y), rect.maxY - 7 * scale)
            text(
                label, x: rect.x - 6 - BitmapFont.width(of: label, scale: scale), y: clampedY, scale: scale,
                PlotStyle.mutedText)
        }
    }

    /// Tick marks and labels under the last panel, and what the labels count in.
    mutating func drawTimeAxis(_ axis: TimeAxis, layout: PlotLayout) {
        let scale = layout.textScale
        let top = layout.axisTop
        for tick in axis.ticks {
            let x = Int(layout.x(at: tick).rounded(.down))
            fill(x: x, y: top, width: 1, height: 5, PlotStyle.frame)
            let label = axis.label(tick)
            let labelWidth = BitmapFont.width(of: label, scale: scale)
            let labelX = min(max(x - labelWidth / 2, layout.plotLeft), layout.width - labelWidth - 2)
            text(label, x: labelX, y: top + 8, scale: scale, PlotStyle.mutedText)
        }
        text(
            axis.unitCaption, x: layout.plotLeft, y: top + 12 + BitmapFont.height(scale: scale), scale: scale,
            PlotStyle.mutedText)
    }
}
