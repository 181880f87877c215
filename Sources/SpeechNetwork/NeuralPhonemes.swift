import Motion

/// A phoneme timeline from the network's per-frame classes, for the same coarticulation (`MouthTrack`) every other
/// lip-sync source feeds.
public enum NeuralPhonemes {
    /// The classes of the network's phoneme head, in Training/make_data.py's order.
    public static let classes: [Phoneme] = [
        .SIL, .AA, .AE, .AH, .AO, .AW, .AY, .EH, .ER, .EY, .IH, .IY, .OW, .OY, .UH, .UW, .B, .CH, .D, .DH, .F, .G, .HH,
        .JH, .K, .L, .M, .N, .NG, .P, .R, .S, .SH, .T, .TH, .V, .W, .Y, .Z, .ZH,
    ]

    /// Frames per second of the network's output.
    public static let frameRate = 50.0

    /// The most likely class of each frame, a lone frame that differs from both neighbours (which agree) taken as
    /// theirs, then runs of one class merged into timed phonemes covering `duration`.
    public static func timeline(_ frames: MouthFrames, duration: Double) -> [TimedPhoneme] {
        let count = NeuralPhonemes.classes.count
        var labels = (0..<frames.count).map { frame in
            let row = frames.logits[(frame * count)..<((frame + 1) * count)]
            return row.indices.max { row[$0] < row[$1] }.map { $0 - frame * count } ?? 0
        }
        guard !labels.isEmpty else { return duration > 0 ? [TimedPhoneme(.SIL, start: 0, end: duration)] : [] }
        if labels.count >= 3 {
            for i in 1..<(labels.count - 1) where labels[i - 1] == labels[i + 1] && labels[i] != labels[i - 1] {
                labels[i] = labels[i - 1]
            }
        }
        var timeline: [TimedPhoneme] = []
        var start = 0
        for i in 1...labels.count where i == labels.count || labels[i] != labels[start] {
            let end = i == labels.count ? duration : min(duration, Double(i) / frameRate)
            let begin = Double(start) / frameRate
            if end > begin { timeline.append(TimedPhoneme(classes[labels[start]], start: begin, end: end)) }
            start = i
        }
        return timeline
    }
}
