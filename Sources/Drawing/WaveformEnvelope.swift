import Media

/// The audio reduced to one (min, max, rms) per pixel column: one pass over the samples, so an hour
/// of 16 kHz audio draws as fast as it can be read.
struct WaveformEnvelope: Sendable {
    /// Per column; `lowest[c] > highest[c]` where the column has no samples (past the audio's end).
    var lowest: [Float]
    var highest: [Float]
    var rms: [Float]
    /// The largest absolute sample, which the panel scales to its full height.
    var peak: Float

    /// Reads `source` (mono) one column's stretch at a time, so an hour of spooled audio never sits in memory.
    init(source: (any AudioSource)?, layout: PlotLayout) throws(MediaError) {
        let columns = layout.plotWidth
        lowest = [Float](repeating: .infinity, count: columns)
        highest = [Float](repeating: -.infinity, count: columns)
        rms = [Float](repeating: 0, count: columns)
        peak = 0
        guard let source, source.frameCount > 0 else { return }
        let rate = Double(source.sampleRate)
        for column in 0..<columns {
            let span = layout.timeSpan(ofColumn: column)
            let start = min(Int((span.start * rate).rounded()), source.frameCount)
            let end = min(Int((span.end * rate).rounded()), source.frameCount)
            guard start < end else { continue }
            var (low, high, energy): (Float, Float, Float) = (.infinity, -.infinity, 0)
            for sample in try source.read(start..<end) {
                guard sample.isFinite else { continue }
                low = min(low, sample)
                high = max(high, sample)
                energy += sample * sample
            }
            lowest[column] = low
            highest[column] = high
            rms[column] = (energy / Float(end - start)).squareRoot()
            if low <= high { peak = max(peak, -low, high) }
        }
    }
}

extension Canvas {
    /// The envelope as a light min...max band with the rms band darker inside it, over a centre line.
    mutating func drawWaveform(_ envelope: WaveformEnvelope, in rect: PlotRect, layout: PlotLayout) {
        let centre = Float(rect.y) + Float(rect.height) / 2
        fill(x: rect.x + 1, y: Int(centre), width: rect.width - 2, height: 1, PlotStyle.zeroLine)
        let scale = (Float(rect.height) / 2 - Float(PlotLayout.panelPadding)) / max(envelope.peak, 1e-6)
        for column in 0..<min(layout.plotWidth, envelope.lowest.count)
        where envelope.lowest[column] <= envelope.highest[column] {
            let x = layout.plotLeft + column
            let top = Int((centre - envelope.highest[column] * scale).rounded(.down))
            let bottom = Int((centre - envelope.lowest[column] * scale).rounded(.up))
            fill(x: x, y: top, width: 1, height: max(bottom - top, 1), PlotStyle.waveformPeak)
            let rms = envelope.rms[column] * scale
            let rmsTop = Int((centre - rms).rounded(.down))
            fill(
                x: x, y: rmsTop, width: 1, height: max(Int((centre + rms).rounded(.up)) - rmsTop, 1),
                PlotStyle.waveformRMS)
        }
    }
}
