/// Cuts long speech into utterances that pocketsphinx decodes one at a time. Its search keeps every
/// frame's history until an utterance ends, so memory grows with the utterance: ten minutes decoded as one
/// peaked at 1.7 GB. Pieces are at most `maximumSeconds` long and end at the quietest moment of their last
/// third (a pause between phrases, or at worst a stop's closure), so no phoneme of a phrase is cut in two.
struct UtteranceSplitter: Sendable {
    /// Longest piece decoded as one utterance.
    var maximumSeconds = 30.0
    /// Length of the window whose loudness decides a cut.
    var quietWindowSeconds = 0.3

    /// Sample ranges covering `samples` (16 kHz) end to end, in order.
    func pieces(of samples: [Float], sampleRate: Int = PhonemeRecognizer.sampleRate) -> [Range<Int>] {
        let maximum = Int(maximumSeconds * Double(sampleRate))
        guard samples.count > maximum else { return [0..<samples.count] }
        let hop = sampleRate / 100
        // Energy of every 10 ms frame, and running sums to average any window of frames at once.
        var sums = [Double](repeating: 0, count: 1)
        sums.reserveCapacity(samples.count / hop + 2)
        for start in stride(from: 0, to: samples.count, by: hop) {
            var energy = 0.0
            for index in start..<min(start + hop, samples.count) { energy += Double(samples[index] * samples[index]) }
            sums.append(sums[sums.count - 1] + energy)
        }
        let frames = sums.count - 1
        let window = max(1, Int(quietWindowSeconds * 100))
        let maximumFrames = maximum / hop
        var pieces: [Range<Int>] = []
        var first = 0
        while frames - first > maximumFrames {
            // The quietest window in the piece's last third; the cut is its middle.
            let earliest = first + maximumFrames * 2 / 3, latest = first + maximumFrames - window
            var best = earliest, bestEnergy = Double.infinity
            for start in earliest...latest {
                let energy = sums[start + window] - sums[start]
                if energy < bestEnergy { (best, bestEnergy) = (start, energy) }
            }
            let cut = best + window / 2
            pieces.append((first * hop)..<(cut * hop))
            first = cut
        }
        pieces.append((first * hop)..<samples.count)
        return pieces
    }
}
