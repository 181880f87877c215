import Foundation

/// Phonemes with times from audio, through pocketsphinx's US English model: free recognition
/// (allphone search) for speech with no transcript, forced alignment when the words are known.
/// For speech we synthesize ourselves eSpeak's own events are exact; this is for user audio.
///
/// Measured on eSpeak speech (8 sentences, 57 p/b/m, a hit = a recognized bilabial within 60 ms):
/// alignment finds all of them at ~0.015 s per second of audio; free recognition finds a third
/// to two fifths at ~0.25 s per second. Give the transcript whenever it is known.
///
/// The decoder is loaded once per recognizer (~0.3 s) and shared by its copies; calls are
/// serialised because pocketsphinx is not thread safe.
public struct PhonemeRecognizer: Sendable {
    /// The sample rate the model was trained on.
    public static let sampleRate = 16_000
    /// Shortest audio worth decoding: a few frames of 10 ms.
    public static let minimumDuration = 0.1

    private let decoder: SphinxDecoder

    /// Loads the model in `modelDirectory` (the layout of Debian's pocketsphinx-en-us).
    public init(modelDirectory: String = "/usr/share/pocketsphinx/model/en-us") throws(RecognitionError) {
        try self.init(modelDirectory: modelDirectory, settings: SphinxSettings())
    }

    init(modelDirectory: String, settings: SphinxSettings) throws(RecognitionError) {
        decoder = try SphinxDecoder(files: SphinxModelFiles(modelDirectory: modelDirectory), settings: settings)
    }

    /// The phonemes heard in `samples16k` (mono, 16 kHz, [-1, 1]), silence and noise as `.SIL`
    /// (also any phoneme quieter than `LoudnessGate.floor`). Throws `.nothingRecognized` when
    /// no speech is heard at all.
    public func recognize(_ samples16k: [Float]) throws(RecognitionError) -> [TimedPhoneme] {
        let pcm = try Self.pcm(samples16k)
        let segments = try decoder.recognizePhones(pcm)
        let duration = Self.duration(of: samples16k)
        let phonemes = LoudnessGate(samples: samples16k).silencingInaudible(timed(segments, duration: duration))
        guard phonemes.contains(where: { $0.phoneme != .SIL }) else {
            throw .nothingRecognized("pocketsphinx heard no speech in \(String(format: "%.2f", duration)) s of audio; check that the audio holds speech")
        }
        return phonemes
    }

    /// The phonemes of `transcript`, in order, placed on `samples16k` by forced alignment.
    /// Words the dictionary lacks are aligned as free phones (see `AlignmentGrammar`).
    public func align(_ samples16k: [Float], transcript: String) throws(RecognitionError) -> [TimedPhoneme] {
        let pcm = try Self.pcm(samples16k)
        let grammar = try AlignmentGrammar(transcript: transcript, pronunciations: decoder.pronunciations(of:))
        let segments = try decoder.decode(pcm, grammar: grammar.jsgf)
        let phonemes = timed(segments, duration: Self.duration(of: samples16k))
        guard phonemes.contains(where: { $0.phoneme != .SIL }) else {
            throw .nothingRecognized("The audio does not fit the transcript \"\(transcript)\" (pocketsphinx found no path through its phonemes); check that the transcript is what is spoken")
        }
        return phonemes
    }

    /// Segments as phonemes with seconds; fillers and silence become one `.SIL` per pause.
    private func timed(_ segments: [SphinxSegment], duration: Double) -> [TimedPhoneme] {
        let secondsPerFrame = 1 / Double(decoder.framesPerSecond)
        var result: [TimedPhoneme] = []
        for segment in segments {
            // Grammar searches can report a frame in two neighbouring segments; the later one yields.
            let start = max(min(Double(max(segment.firstFrame, 0)) * secondsPerFrame, duration), result.last?.end ?? 0)
            let end = min(Double(segment.lastFrame + 1) * secondsPerFrame, duration)
            guard end > start else { continue }
            let phoneme = Self.phoneme(named: segment.name)
            if phoneme == .SIL, let last = result.last, last.phoneme == .SIL {
                result[result.count - 1].end = end
            } else {
                result.append(TimedPhoneme(phoneme, start: start, end: end))
            }
        }
        return result
    }

    /// ARPAbet names ("B", or "ph_B" from the alignment grammar) map to themselves; everything
    /// else pocketsphinx emits ("SIL", "<sil>", "+NSN+", "[NOISE]", "+BREATH+", ...) is not speech.
    static func phoneme(named name: String) -> Phoneme {
        let bare = name.hasPrefix(SphinxDecoder.phoneWordPrefix) ? String(name.dropFirst(SphinxDecoder.phoneWordPrefix.count)) : name
        return Phoneme(rawValue: bare) ?? .SIL
    }

    static func duration(of samples: [Float]) -> Double {
        Double(samples.count) / Double(sampleRate)
    }

    /// 16-bit PCM, what the decoder reads; rejects audio too short to hold a phoneme.
    static func pcm(_ samples: [Float]) throws(RecognitionError) -> [Int16] {
        let seconds = duration(of: samples)
        guard seconds >= minimumDuration else { throw .audioTooShort(seconds: seconds, minimum: minimumDuration) }
        return samples.map { Int16((max(-1, min(1, $0)) * 32_767).rounded()) }
    }
}

extension PhonemeRecognizer {
    /// The dictionary's pronunciations of a lower-case word (alternates included); empty if unknown.
    func pronunciations(of word: String) -> [[String]] {
        decoder.pronunciations(of: word)
    }
}
