import Foundation
import Media

/// A phoneme-like timeline from the sound alone, for speech the recognizer cannot follow (other languages,
/// singing, noise): loud voiced stretches become vowels whose openness follows the loudness and whose shape
/// follows the spectrum (nearly all energy below 1 kHz: rounded, like OW; little of it: spread, like EH),
/// short near-silent dips inside speech become lip closures, noisy unvoiced stretches fricatives, quiet
/// stretches silence. Voicing is F0 or a low zero-crossing rate. Coarticulation then treats them like real phonemes, so the mouth moves plausibly in
/// any language and closes where the sound stops.
public enum AcousticPhonemes {
    static let hop = 160
    static let sampleRate = 16_000.0

    /// `signal` is 16 kHz mono; `energy` and `pitch` are Prosody's 10 ms frames of it.
    public static func timeline(signal: [Float], energy: [Float], pitch: [Float], duration: Double) -> [TimedPhoneme] {
        var meter = SpectralShapeMeter()
        meter.add(signal)
        return timeline(meter, energy: energy, pitch: pitch, duration: duration)
    }

    /// The same for a 16 kHz mono source read a block at a time (long speech stays on disk).
    public static func timeline(
        of signal: some AudioSource, energy: [Float], pitch: [Float],
        duration: Double
    ) throws(MediaError) -> [TimedPhoneme] {
        var meter = SpectralShapeMeter()
        try signal.forEachChunk(frames: 1_000 * hop) { meter.add($0) }
        return timeline(meter, energy: energy, pitch: pitch, duration: duration)
    }

    private static func timeline(_ meter: SpectralShapeMeter, energy: [Float], pitch: [Float], duration: Double)
        -> [TimedPhoneme]
    {
        let activity = SpeechActivity(energy: energy, pitch: pitch, duration: duration)
        let frames = min(activity.level.count, pitch.count)
        let (lowShare, crossings) = meter.shape(frames: frames)
        var labels = [Phoneme](repeating: .SIL, count: frames)
        for i in 0..<frames where activity.speaking[i] {
            let level = activity.level[i]
            if isDip(activity.level, at: i) {
                labels[i] = .M
            } else if pitch[i] > 0 || crossings[i] < 0.12 {
                // Voiced: the pitch tracker found F0, or the waveform crosses zero rarely (vowels and
                // sonorants; YIN misses many frames of synthetic and breathy voices).
                // Openness from loudness (louder vowels are opener), shape from the spectrum.
                let rounded = lowShare[i] >= 0.92
                let spread = lowShare[i] < 0.6
                switch level {
                case 0.75...: labels[i] = rounded ? .AO : spread ? .AE : .AA
                case 0.55...: labels[i] = rounded ? .OW : spread ? .EH : .AH
                default: labels[i] = rounded ? .UW : spread ? .IY : .IH
                }
            } else {
                labels[i] = crossings[i] > 0.25 ? .S : .T
            }
        }
        // Runs of equal labels become phonemes; runs shorter than 30 ms join the one before.
        var phonemes: [TimedPhoneme] = []
        var start = 0
        for i in 1...max(frames, 1) where i == frames || labels[i] != labels[start] {
            guard start < frames else { break }
            let segment = TimedPhoneme(labels[start], start: Double(start) * 0.01, end: min(Double(i) * 0.01, duration))
            if segment.duration < 0.03, !phonemes.isEmpty {
                phonemes[phonemes.count - 1].end = segment.end
            } else {
                phonemes.append(segment)
            }
            start = i
        }
        return PhonemeTimeline.normalized(phonemes, duration: duration)
    }

    /// A frame well below the loudness 40-120 ms either side of it: a closure between syllables.
    private static func isDip(_ level: [Float], at i: Int) -> Bool {
        guard level[i] < 0.55 else { return false }
        let before = level[max(0, i - 12)..<max(0, i - 3)].max() ?? 0
        let after = level[min(level.count, i + 4)..<min(level.count, i + 13)].max() ?? 0
        return before > level[i] + 0.15 && after > level[i] + 0.15
    }

}

/// Per 10 ms frame: the share of energy below about 1 kHz (a one-pole low-pass) and the zero-crossing rate,
/// fed a stretch at a time (the filter and the last sample carry over, so any stretching gives the same result).
struct SpectralShapeMeter {
    private static let hop = AcousticPhonemes.hop
    private static let alpha = Float(1 - exp(-2 * Double.pi * 1000 / AcousticPhonemes.sampleRate))
    private var low: Float = 0
    private var previous: Float?
    /// The frame being filled: its sums and sample count.
    private var total: Float = 0, lowEnergy: Float = 0, zero = 0, filled = 0
    private var lowShare: [Double] = [], crossings: [Double] = []

    mutating func add(_ samples: [Float]) {
        for sample in samples {
            low += Self.alpha * (sample - low)
            total += sample * sample
            lowEnergy += low * low
            if let previous, (sample >= 0) != (previous >= 0) { zero += 1 }
            previous = sample
            filled += 1
            if filled == Self.hop { closeFrame() }
        }
    }

    private mutating func closeFrame() {
        lowShare.append(total > 0 ? Double(min(lowEnergy / total, 1)) : 0)
        crossings.append(filled == 0 ? 0 : Double(zero) / Double(filled))
        (total, lowEnergy, zero, filled) = (0, 0, 0, 0)
    }

    /// The first `frames` frames (a short last frame included; zeros past the end of the signal).
    func shape(frames: Int) -> (lowShare: [Double], crossings: [Double]) {
        var finished = self
        if finished.filled > 0 { finished.closeFrame() }
        let pad = max(0, frames - finished.lowShare.count)
        return (
            Array(finished.lowShare.prefix(frames)) + repeatElement(0, count: pad),
            Array(finished.crossings.prefix(frames)) + repeatElement(0, count: pad)
        )
    }
}
