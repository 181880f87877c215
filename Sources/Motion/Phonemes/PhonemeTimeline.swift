import Media

/// Building the phoneme timeline the mouth follows.
public enum PhonemeTimeline {
    /// The longest a final phoneme is taken to last: eSpeak reports when phonemes start, not when the
    /// last one ends, and the audio usually runs on in silence after it.
    static let finalPhonemeLimit = 0.25

    /// The timeline of synthesized speech from eSpeak's phoneme events: each phoneme lasts until the
    /// next event; pauses and the time before the first and after the last phoneme are silence.
    public static func fromEspeak(_ events: [PhonemeEvent], duration: Double) -> [TimedPhoneme] {
        let sorted = events.filter { $0.time.isFinite }.sorted { $0.time < $1.time }
        var timeline: [TimedPhoneme] = []
        for (index, event) in sorted.enumerated() {
            let start = min(max(event.time, 0), duration)
            let next = index + 1 < sorted.count ? sorted[index + 1].time : min(duration, start + finalPhonemeLimit)
            let end = min(max(next, start), duration)
            guard end > start else { continue }
            timeline.append(TimedPhoneme(Phoneme(espeak: event.name) ?? .SIL, start: start, end: end))
        }
        return normalized(timeline, duration: duration)
    }

    /// Sorted, gap-free, silence-padded to `0...duration`, adjacent silences merged.
    public static func normalized(_ phonemes: [TimedPhoneme], duration: Double) -> [TimedPhoneme] {
        var result: [TimedPhoneme] = []
        var cursor = 0.0
        func append(_ p: TimedPhoneme) {
            guard p.end > p.start else { return }
            if p.phoneme == .SIL, let last = result.last, last.phoneme == .SIL {
                result[result.count - 1].end = p.end
            } else {
                result.append(p)
            }
        }
        for p in phonemes.sorted(by: { $0.start < $1.start }) {
            let start = max(p.start, cursor)
            let end = min(p.end, duration)
            guard end > start else { continue }
            if start > cursor { append(TimedPhoneme(.SIL, start: cursor, end: start)) }
            append(TimedPhoneme(p.phoneme, start: start, end: end))
            cursor = end
        }
        if cursor < duration { append(TimedPhoneme(.SIL, start: cursor, end: duration)) }
        return result
    }
}
