import Foundation

/// What the audio says about speaking, on a 10 ms grid: how loud (0...1, relative to this recording's
/// loud parts), where the speaker pauses, and the pitch accents (prominent syllables) that drive nods,
/// brows and beat gestures.
struct SpeechActivity: Sendable {
    static let hop = 0.01

    /// Loudness per 10 ms frame, 0 (35 dB below the recording's loud level, or quieter) ... 1.
    let level: [Float]
    /// Speaking per frame (loudness hysteresis, short gaps bridged).
    let speaking: [Bool]
    /// Pauses of at least `minimumPause`, seconds.
    let pauses: [ClosedRange<Double>]
    /// Prominent syllables: time and strength (semitones of pitch rise plus loudness, 0...~6).
    let accents: [(time: Double, strength: Double)]
    let duration: Double

    static let minimumPause = 0.25

    /// `energy` is RMS per 10 ms frame and `pitch` F0 in Hz per frame (0 unvoiced), as Media's Prosody computes them.
    init(energy: [Float], pitch: [Float], duration: Double) {
        self.duration = duration
        let decibels = energy.map { 20 * log10(max($0, 1e-6)) }
        let loud = decibels.sorted()
        let reference = loud.isEmpty ? 0 : loud[min(loud.count - 1, Int(Double(loud.count) * 0.95))]
        let raw = decibels.map { min(max(($0 - (reference - 35)) / 35, 0), 1) }
        let level = Self.movingAverage(raw, radius: 2)
        self.level = level

        // Speaking: above 0.45 starts, below 0.3 ends; gaps shorter than 150 ms are bridged.
        var speaking = [Bool](repeating: false, count: level.count)
        var on = false
        for i in level.indices {
            if on { on = level[i] > 0.3 } else { on = level[i] > 0.45 }
            speaking[i] = on
        }
        var i = 0
        while i < speaking.count {
            guard !speaking[i] else {
                i += 1
                continue
            }
            var j = i
            while j < speaking.count && !speaking[j] { j += 1 }
            if i > 0 && j < speaking.count && Double(j - i) * Self.hop < 0.15 {
                for k in i..<j { speaking[k] = true }
            }
            i = j
        }
        self.speaking = speaking

        var pauses: [ClosedRange<Double>] = []
        i = 0
        while i < speaking.count {
            guard !speaking[i] else {
                i += 1
                continue
            }
            var j = i
            while j < speaking.count && !speaking[j] { j += 1 }
            let (start, end) = (Double(i) * Self.hop, min(Double(j) * Self.hop, duration))
            if end - start >= Self.minimumPause { pauses.append(start...end) }
            i = j
        }
        self.pauses = pauses
        accents = Self.accents(level: level, speaking: speaking, pitch: pitch)
    }

    /// Local peaks of (pitch in semitones above a 0.6 s running median) + 3 x loudness rise, inside speech,
    /// at least 0.35 s apart, stronger than 1.5.
    private static func accents(level: [Float], speaking: [Bool], pitch: [Float]) -> [(time: Double, strength: Double)]
    {
        let count = min(level.count, pitch.count)
        guard count > 0 else { return [] }
        let voiced = pitch.prefix(count).filter { $0 > 0 }.sorted()
        let median = voiced.isEmpty ? 1 : voiced[voiced.count / 2]
        let semitones = (0..<count).map { pitch[$0] > 0 ? 12 * log2(Double(pitch[$0]) / Double(median)) : Double.nan }
        let window = 30
        var score = [Double](repeating: 0, count: count)
        for i in 0..<count where speaking[i] {
            let lo = max(0, i - window)
            let hi = min(count - 1, i + window)
            let neighbours = (lo...hi).compactMap { semitones[$0].isNaN ? nil : semitones[$0] }.sorted()
            let localPitch =
                neighbours.isEmpty || semitones[i].isNaN ? 0 : semitones[i] - neighbours[neighbours.count / 2]
            let localLevel = (lo...hi).map { Double(level[$0]) }.reduce(0, +) / Double(hi - lo + 1)
            score[i] = max(0, localPitch) + 3 * max(0, Double(level[i]) - localLevel)
        }
        var peaks: [(time: Double, strength: Double)] = []
        for i in 1..<max(1, count - 1) where score[i] > 1.5 && score[i] >= score[i - 1] && score[i] > score[i + 1] {
            let time = Double(i) * hop
            if let last = peaks.last, time - last.time < 0.35 {
                if score[i] > last.strength { peaks[peaks.count - 1] = (time, score[i]) }
            } else {
                peaks.append((time, score[i]))
            }
        }
        return peaks
    }

    static func movingAverage(_ values: [Float], radius: Int) -> [Float] {
        guard !values.isEmpty else { return [] }
        var prefix = [Float](repeating: 0, count: values.count + 1)
        for i in values.indices { prefix[i + 1] = prefix[i] + values[i] }
        return values.indices.map { i in
            let lo = max(0, i - radius)
            let hi = min(values.count - 1, i + radius)
            return (prefix[hi + 1] - prefix[lo]) / Float(hi - lo + 1)
        }
    }

    /// How loud `time` is against the loudest moment within `syllableReach` of it, as an amplitude ratio (0...1):
    /// near 1 on a syllable's nucleus, low in the consonants and closures between. The jaw follows this from frame to
    /// frame; `level` alone, in decibels over the whole recording, stays near 1 through all of speech.
    func syllableLoudness(at time: Double) -> Float {
        guard !level.isEmpty else { return 0 }
        let centre = min(max(Int((time / Self.hop).rounded()), 0), level.count - 1)
        let reach = Int(Self.syllableReach / Self.hop)
        let peak = level[max(0, centre - reach)...min(level.count - 1, centre + reach)].max() ?? 0
        // `level` spans 35 dB in 0...1.
        return Float(pow(10, Double(level(at: time) - peak) * 35 / 20))
    }

    /// Half the span a syllable's loudness is compared over (a syllable lasts ~0.2 s).
    static let syllableReach = 0.15

    /// Loudness at `time`, linearly interpolated.
    func level(at time: Double) -> Float {
        guard !level.isEmpty else { return 0 }
        let x = min(max(time / Self.hop, 0), Double(level.count - 1))
        let i = Int(x)
        let f = Float(x - Double(i))
        return i + 1 < level.count ? level[i] * (1 - f) + level[i + 1] * f : level[i]
    }

    func isSpeaking(at time: Double) -> Bool {
        guard !speaking.isEmpty else { return false }
        return speaking[min(max(Int(time / Self.hop), 0), speaking.count - 1)]
    }
}
