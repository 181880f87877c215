/// Prosody features of 16 kHz mono speech on the CPU, framed like the mel spectrogram: frame `i`
/// describes the hop-long slot starting at sample `i * hop` (`ceil(n / hop)` frames).
public enum Prosody {
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
    public static func pitch(_ signal: [Float], sampleRate: Int = 16_000, hop: Int = 160,
                             minFrequency: Double = 60, maxFrequency: Double = 500,
                             threshold: Double = 0.1) -> [Float] {
        precondition(hop > 0 && sampleRate > 0 && minFrequency > 0 && maxFrequency > minFrequency, "invalid YIN parameters")
        let maxPeriod = Int((Double(sampleRate) / minFrequency).rounded(.up))
        let minPeriod = max(2, Int((Double(sampleRate) / maxFrequency).rounded(.down)))
        let window = 2 * maxPeriod
        let span = window + maxPeriod
        var frame = [Double](repeating: 0, count: span)
        var difference = [Double](repeating: 0, count: maxPeriod + 1)
        let frameCount = (signal.count + hop - 1) / hop
        return (0..<frameCount).map { index in
            let start = index * hop + hop / 2 - span / 2
            var energy = 0.0
            for n in 0..<span {
                let s = start + n
                frame[n] = s >= 0 && s < signal.count ? Double(signal[s]) : 0
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
                let left = difference[lag - 1], middle = difference[lag], right = difference[lag + 1]
                let curvature = left - 2 * middle + right
                if curvature > 0 { period += 0.5 * (left - right) / curvature }
            }
            return Float(Double(sampleRate) / period)
        }
    }
}
