import Media

/// Cuts long speech into utterances that pocketsphinx decodes one at a time. Its search keeps every
/// frame's history until an utterance ends, and its tables stay sized for the longest utterance seen, so
/// memory follows the longest piece: ten minutes decoded as one peaked at 1.7 GB, in 10 s pieces at the
/// memory of 10 s of speech. Pieces end at the quietest moment of their last third (a pause between
/// phrases, or at worst a stop's closure), so no phoneme of a phrase is cut in two.
/// It needs only the loudness of each 10 ms frame, so the signal itself can stay on disk.
struct UtteranceSplitter: Sendable {
    /// Longest piece decoded as one utterance.
    var maximumSeconds = 10.0
    /// Length of the window whose loudness decides a cut.
    var quietWindowSeconds = 0.3

    /// Sample ranges covering a signal of `sampleCount` samples end to end, in order, given the RMS of each of
    /// its 10 ms frames (Prosody's energy with a 10 ms hop).
    func pieces(frameLoudness: [Float], sampleCount: Int, sampleRate: Int = PhonemeRecognizer.sampleRate) -> [Range<
        Int
    >] {
        let maximum = Int(maximumSeconds * Double(sampleRate))
        guard sampleCount > maximum else { return [0..<sampleCount] }
        let hop = sampleRate / 100
        // Running sums of the frames' energy, to average any window of frames at once.
        var sums = [Double](repeating: 0, count: 1)
        sums.reserveCapacity(frameLoudness.count + 1)
        for rms in frameLoudness { sums.append(sums[sums.count - 1] + Double(rms) * Double(rms)) }
        let frames = sums.count - 1
        let window = max(1, Int(quietWindowSeconds * 100))
        let maximumFrames = maximum / hop
        var pieces: [Range<Int>] = []
        var first = 0
        while frames - first > maximumFrames {
            // The quietest window in the piece's last third; the cut is its middle.
            let earliest = first + maximumFrames * 2 / 3
            let latest = first + maximumFrames - window
            var best = earliest
            var bestEnergy = Double.infinity
            for start in earliest...latest {
                let energy = sums[start + window] - sums[start]
                if energy < bestEnergy { (best, bestEnergy) = (start, energy) }
            }
            let cut = best + window / 2
            pieces.append((first * hop)..<(cut * hop))
            first = cut
        }
        pieces.append((first * hop)..<sampleCount)
        return pieces
    }
}

extension UtteranceSplitter {
    /// The pieces of a 16 kHz signal in memory.
    func pieces(of samples: [Float]) -> [Range<Int>] {
        pieces(
            frameLoudness: Prosody.energy(samples, hop: PhonemeRecognizer.sampleRate / 100), sampleCount: samples.count)
    }
}
