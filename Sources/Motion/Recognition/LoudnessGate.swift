import Foundation

/// Free phone recognition labels whatever it is given, hiss and digital silence included (it
/// hears vowels in a second of zeros). A phoneme whose loudest 10 ms is below `floor` cannot be
/// speech, so it becomes silence. The peak, not the mean, keeps stop consonants: their closure
/// is quiet but their burst is not.
struct LoudnessGate: Sendable {
    /// -50 dBFS RMS: far under any voiced speech, above room hiss and dither.
    static let floor: Float = 0.003_16
    static let frameLength = PhonemeRecognizer.sampleRate / 100

    /// RMS of each 10 ms frame.
    private let frameLoudness: [Float]

    /// `frameLoudness`: RMS of each `frameLength` samples (Prosody's energy at that hop).
    init(frameLoudness: [Float]) {
        self.frameLoudness = frameLoudness
    }

    /// Whether anything in `start..<end` seconds is loud enough to be speech.
    func isAudible(from start: Double, to end: Double) -> Bool {
        let first = max(0, Int(start * 100))
        let last = min(frameLoudness.count, Int((end * 100).rounded(.up)))
        guard first < last else { return false }
        return frameLoudness[first..<last].contains { $0 >= Self.floor }
    }

    /// `phonemes` with inaudible ones turned into silence, adjacent silences merged.
    func silencingInaudible(_ phonemes: [TimedPhoneme]) -> [TimedPhoneme] {
        var result: [TimedPhoneme] = []
        for var phoneme in phonemes {
            if phoneme.phoneme != .SIL && !isAudible(from: phoneme.start, to: phoneme.end) {
                phoneme.phoneme = .SIL
            }
            if phoneme.phoneme == .SIL, let last = result.last, last.phoneme == .SIL {
                result[result.count - 1].end = phoneme.end
            } else {
                result.append(phoneme)
            }
        }
        return result
    }
}
