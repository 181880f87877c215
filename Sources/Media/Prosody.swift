/// Prosody features of 16 kHz mono speech on the CPU, framed like the mel spectrogram: frame `i`
/// describes the hop-long slot starting at sample `i * hop` (`ceil(n / hop)` frames). Each has a form
/// that reads a mono `AudioSource` a block at a time (long speech stays on disk) and gives exactly what
/// the in-memory form gives.
public enum Prosody {
    /// Frames computed per block read from an `AudioSource`.
    static let framesPerBlock = 1_000

    /// `energy` of a mono source, read a block at a time.
    public static func energy(of source: some AudioSource, hop: Int = 160) throws(MediaError) -> [Float] {
        precondition(source.channels == 1, "prosody is computed on mono audio")
        var result: [Float] = []
        result.reserveCapacity((source.frameCount + hop - 1) / hop)
        try source.forEachChunk(frames: framesPerBlock * hop) { block in result += energy(block, hop: hop) }
        return result
    }

    /// `pitch` of a mono source, read a block of frames at a time with the margin each frame's window needs.
    public static func pitch(
        of source: some AudioSource, sampleRate: Int = 16_000, hop: Int = 160,
        minFrequency: Double = 60, maxFrequency: Double = 500,
        threshold: Double = 0.1
    ) throws(MediaError) -> [Float] {
        precondition(source.channels == 1, "prosody is computed on mono audio")
        let tracker = PitchTracker(
            sampleRate: sampleRate, hop: hop, minFrequency: minFrequency,
            maxFrequency: maxFrequency, threshold: threshold)
        let frameCount = (source.frameCount + hop - 1) / hop
        var result: [Float] = []
        result.reserveCapacity(frameCount)
        for first in stride(from: 0, to: frameCount, by: framesPerBlock) {
            let frames = first..<min(first + framesPerBlock, frameCount)
            let needed = tracker.samplesNeeded(by: frames)
            let readable = needed.clamped(to: 0..<source.frameCount)
            result += tracker.track(
                frames, in: try source.read(readable), startingAt: readable.lowerBound,
                sampleCount: source.frameCount)
        }
        return result
    }

    /// Root-mean-square amplitude of each hop-long slot (the last slot may be shorter).
    public static func energy(_ signal: [Float], hop: Int = 160) -> [Float] {
        precondition(hop > 0, "hop must be positive")
        return stride(from: 0, to: signal.count, by: hop).map { start in
            let slot = signal[start..<min(start + hop, signal.count)]
            let sum = slot.reduce(0.0) { $0 + Double($1) * Double($1) }
            return Float((sum / Double(slot.count)).squareRoot())
        }
    }

    /// YIN pitch tracking (de Cheveigné & Kawahara 2002): fundamental frequency in Hz per frame,
    /// 0 where the frame is unvoiced (no period whose cumulative-mean-normalised difference falls
    /// below `threshold`) or nearly silent.
    ///
    /// Each frame's analysis is centred on its slot: an integration window of two periods of
    /// `minFrequency` compared with itself shifted by up to one such period; the dip is refined by
    /// parabolic interpolation. Cost: O(window * maxPeriod) per frame (about 140k multiply-adds at 16 kHz, 60 Hz).
    public static func pitch(
        _ signal: [Float], sampleRate: Int = 16_000, hop: Int = 160,
        minFrequency: Double = 60, maxFrequency: Double = 500,
        threshold: Double = 0.1
    ) -> [Float] {
        let tracker = PitchTracker(
            sampleRate: sampleRate, hop: hop, minFrequency: minFrequency,
            maxFrequency: maxFrequency, threshold: threshold)
        return tracker.track(0..<((signal.count + hop - 1) / hop), in: signal, startingAt: 0, sampleCount: signal.count)
    }
}

/// YIN over any stretch of frames, given the samples their windows cover.
struct PitchTracker {
    let sampleRate: Int, hop: Int, threshold: Double
    let minPeriod: Int, maxPeriod: Int, window: Int, span: Int

    init(sampleRate: Int, hop: Int, minFrequency: Double, maxFrequency: Double, threshold: Double) {
        precondition(
            hop > 0 && sampleRate > 0 && minFrequency > 0 && maxFrequency > minFrequency, "invalid YIN parameters")
        self.sampleRate = sampleRate
        self.hop = hop
        self.threshold = threshold
        maxPeriod = Int((Double(sampleRate) / minFrequency).rounded(.up))
        minPeriod = max(2, Int((Double(sampleRate) / maxFrequency).rounded(.down)))
        window = 2 * maxPeriod
        span = window + maxPeriod
    }

    /// The first sample of frame `index`'s analysis span (may lie before the signal).
    private func spanStart(_ index: Int) -> Int { index * hop + hop / 2 - span / 2 }

    /// The samples the spans of `frames` cover (before clamping to the signal).
    func samplesNeeded(by frames: Range<Int>) -> Range<Int> {
        spanStart(frames.lowerBound)..<(spanStart(frames.upperBound - 1) + span)
    }

    /// F0 per frame of `frames`; `samples` holds the signal from `offset` on, `sampleCount` is the whole
    /// signal's length (samples outside it count as zero).
    func track(_ frames: Range<Int>, in samples: [Float], startingAt offset: Int, sampleCount: Int) -> [Float] {
        var frame = [Double](repeating: 0, count: span)
        var difference = [Double](repeating: 0, count: maxPeriod + 1)
        return frames.map { index in
            let start = spanStart(index)
            var energy = 0.0
            for n in 0..<span {
                let s = start + n
                frame[n] = s >= 0 && s < sampleCount ? Double(samples[s - offset]) : 0
                energy += frame[n] * frame[n]
            }
            // Below -80 dBFS RMS there is nothing to track.
            guard energy / Double(span) > 1e-8 else { return 0 }
            for lag in 1...maxPeriod {
                var sum = 0.0
                for j in 0..<window {
                    let delta = frame[j] - frame[j + lag]
                    sum += delta * delta
                }
                difference[lag] = sum
            }
            // Cumulative mean normalised difference, in place.
            var running = 0.0
            difference[0] = 1
            for lag in 1...maxPeriod {
                running += difference[lag]
                difference[lag] = running > 0 ? difference[lag] * Double(lag) / running : 1
            }
            var lag = minPeriod
            while lag <= maxPeriod && difference[lag] >= threshold { lag += 1 }
            guard lag <= maxPeriod else { return 0 }
            while lag < maxPeriod && difference[lag + 1] < difference[lag] { lag += 1 }
            var period = Double(lag)
            if lag > 1 && lag < maxPeriod {
                let left = difference[lag - 1]
                let middle = difference[lag]
                let right = difference[lag + 1]
                let curvature = left - 2 * middle + right
                if curvature > 0 { period += 0.5 * (left - right) / curvature }
            }
            return Float(Double(sampleRate) / period)
        }
    }
}
