/// Finds the stretches of a phoneme timeline that the sound does not bear out, so they can be decoded again
/// or handed to another source: a speech phoneme held longer than any phoneme lasts in speech (a collapsed
/// search holds one vowel for seconds: a frozen mouth), and silence laid over loud speech for long (an alignment
/// that found no path for a piece, or words squeezed out of where they are spoken).
struct PhonemeGuard: Sendable {
    /// Longest a speech phoneme may last. Stressed vowels in slow read speech last up to ~0.35 s.
    static let longestPhoneme = 0.6
    /// Longest silence allowed over frames that `SpeechActivity` calls speaking.
    static let longestSilentSpeech = 0.5

    let activity: SpeechActivity

    /// The time ranges (seconds, sorted, disjoint) that need another source.
    func unexplained(_ phonemes: [TimedPhoneme]) -> [ClosedRange<Double>] {
        var ranges: [ClosedRange<Double>] = []
        for p in phonemes {
            if p.phoneme != .SIL {
                if p.duration > Self.longestPhoneme { ranges.append(p.start...p.end) }
            } else {
                ranges += speakingRuns(from: p.start, to: p.end).filter {
                    $0.upperBound - $0.lowerBound > Self.longestSilentSpeech
                }
            }
        }
        return Self.merged(ranges)
    }

    /// Runs of speaking frames inside `start..<end`.
    private func speakingRuns(from start: Double, to end: Double) -> [ClosedRange<Double>] {
        let hop = SpeechActivity.hop
        let first = max(0, Int((start / hop).rounded(.up)))
        let last = min(activity.speaking.count, Int(end / hop))
        var runs: [ClosedRange<Double>] = []
        var i = first
        while i < last {
            guard activity.speaking[i] else {
                i += 1
                continue
            }
            var j = i
            while j < last && activity.speaking[j] { j += 1 }
            runs.append((Double(i) * hop)...(Double(j) * hop))
            i = j
        }
        return runs
    }

    static func merged(_ ranges: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        var result: [ClosedRange<Double>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// `base` with `range` taken from `replacement` instead (both gap-free timelines of the same audio); phonemes
    /// crossing the range's edges are cut there.
    static func splice(_ base: [TimedPhoneme], _ replacement: [TimedPhoneme], over range: ClosedRange<Double>)
        -> [TimedPhoneme]
    {
        func clipped(_ phonemes: [TimedPhoneme], _ lower: Double, _ upper: Double) -> [TimedPhoneme] {
            phonemes.compactMap { p in
                let start = max(p.start, lower)
                let end = min(p.end, upper)
                return end > start ? TimedPhoneme(p.phoneme, start: start, end: end) : nil
            }
        }
        return clipped(base, -.infinity, range.lowerBound) + clipped(replacement, range.lowerBound, range.upperBound)
            + clipped(base, range.upperBound, .infinity)
    }
}
