import Foundation
import Media

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

    let decoder: SphinxDecoder
    /// The decoder that listens for lip closures beside word recognition (loaded on first use).
    let closureEvidenceDecoder: LazySphinxDecoder
    /// How long speech is cut into utterances.
    var splitter = UtteranceSplitter()

    /// Loads the model in `modelDirectory` (the layout of Debian's pocketsphinx-en-us).
    public init(modelDirectory: String = "/usr/share/pocketsphinx/model/en-us") throws(RecognitionError) {
        try self.init(modelDirectory: modelDirectory, settings: SphinxSettings())
    }

    init(modelDirectory: String, settings: SphinxSettings) throws(RecognitionError) {
        let files = try SphinxModelFiles(modelDirectory: modelDirectory)
        decoder = try SphinxDecoder(files: files, settings: settings)
        closureEvidenceDecoder = LazySphinxDecoder(files: files, settings: .closureEvidence)
    }

    /// Loads now what recognition without a transcript loads on first use (the word language model and the
    /// closure evidence decoder), so a benchmark can time the searches apart from loading.
    public func loadRecognitionModels() throws(RecognitionError) {
        try decoder.loadWordSearchIfNeeded()
        _ = try closureEvidenceDecoder.decoder()
    }

    /// The phonemes heard in `samples16k` (mono, 16 kHz, [-1, 1]), silence and noise as `.SIL`
    /// (also any phoneme quieter than `LoudnessGate.floor`). Throws `.nothingRecognized` when
    /// no speech is heard at all.
    public func recognize(_ samples16k: [Float]) throws(RecognitionError) -> [TimedPhoneme] {
        try recognize(AudioClip(samples: samples16k, sampleRate: Self.sampleRate, channels: 1))
    }

    /// The same for a 16 kHz mono source (a spooled signal), read a piece at a time.
    public func recognize(_ signal: some AudioSource) throws(RecognitionError) -> [TimedPhoneme] {
        try recognize(signal, with: decoder)
    }

    /// Free recognition through the closure evidence decoder: a faster, narrower phone search whose
    /// bilabials back up word recognition (`RecordedSpeechPhonemes.wordsWithPhoneEvidence`).
    func recognizeClosureEvidence(_ signal: some AudioSource) throws(RecognitionError) -> [TimedPhoneme] {
        try recognize(signal, with: closureEvidenceDecoder.decoder())
    }

    private func recognize(_ signal: some AudioSource, with decoder: SphinxDecoder) throws(RecognitionError)
        -> [TimedPhoneme]
    {
        try Self.requireDecodable(signal)
        let loudness = try Self.reading { () throws(MediaError) in
            try Prosody.energy(of: signal, hop: LoudnessGate.frameLength)
        }
        // Long speech is decoded a piece at a time (see UtteranceSplitter); each piece's frames are moved to
        // its place in the whole (pieces start on frame boundaries).
        var segments: [SphinxSegment] = []
        for piece in splitter.pieces(frameLoudness: loudness, sampleCount: signal.frameCount) {
            let samples = try Self.reading { () throws(MediaError) in try signal.read(piece) }
            let offset = piece.lowerBound * decoder.framesPerSecond / Self.sampleRate
            segments += try decoder.recognizePhones(Self.pcm(samples[...])).map { $0.shifted(by: offset) }
        }
        let duration = signal.duration
        let phonemes = LoudnessGate(frameLoudness: loudness).silencingInaudible(timed(segments, duration: duration))
        guard phonemes.contains(where: { $0.phoneme != .SIL }) else {
            throw .nothingRecognized(
                "pocketsphinx heard no speech in \(String(format: "%.2f", duration)) s of audio; check that the audio holds speech"
            )
        }
        return phonemes
    }

    /// The phonemes of `transcript`, in order, placed on `samples16k` by forced alignment.
    /// Words the dictionary lacks are aligned as free phones (see `AlignmentGrammar`).
    ///
    /// Speech longer than the splitter's `maximumSeconds` is aligned a stretch at a time, so memory stays
    /// bounded: the next `wordsPerStretch` words against the next `maximumSeconds` of audio, the grammar ending
    /// in free phones that take whatever audio follows them; the next stretch starts where the last of those
    /// words ends. The word count is sized for slow speech; where the words still reach the end of their stretch
    /// (a long pause), half as many are placed instead.
    public func align(_ samples16k: [Float], transcript: String) throws(RecognitionError) -> [TimedPhoneme] {
        try align(AudioClip(samples: samples16k, sampleRate: Self.sampleRate, channels: 1), transcript: transcript)
    }

    /// The same for a 16 kHz mono source (a spooled signal), read a stretch at a time.
    public func align(_ signal: some AudioSource, transcript: String) throws(RecognitionError) -> [TimedPhoneme] {
        try Self.requireDecodable(signal)
        let words = AlignmentGrammar.words(of: transcript)
        guard !words.isEmpty else {
            throw .unusableTranscript(
                "The transcript \(transcript.quotedExcerpt()) has no words to align; give the text that is spoken")
        }
        let stretch = Int(splitter.maximumSeconds * Double(Self.sampleRate))
        let wordsPerStretch = max(1, Int(splitter.maximumSeconds * Self.slowWordsPerSecond))
        let samplesPerFrame = Self.sampleRate / decoder.framesPerSecond
        var segments: [SphinxSegment] = []
        var start = 0
        var placed = 0
        stretches: while placed < words.count {
            let isLast = signal.frameCount - start <= stretch || words.count - placed <= wordsPerStretch
            let end = isLast ? signal.frameCount : start + stretch
            let pcm = Self.pcm(try Self.reading { () throws(MediaError) in try signal.read(start..<end) }[...])
            var count = isLast ? words.count - placed : wordsPerStretch
            while true {
                let grammar = AlignmentGrammar(
                    words: Array(words[placed..<(placed + count)]),
                    pronunciations: decoder.pronunciations(of:), freeTail: !isLast)
                let found = try decoder.decode(pcm, grammar: grammar.jsgf)
                    .map { $0.shifted(by: start / samplesPerFrame) }
                if isLast {
                    segments += found
                    break stretches
                }
                // Keep the segments up to the last phone of the words; the free tail is decoded again next time.
                let speech = found.indices.filter { Self.phoneme(named: found[$0].name) != .SIL }
                let length =
                    grammar.spellingLength(of: speech.map { Self.phoneme(named: found[$0].name).rawValue }) ?? 0
                let lastFrame = length > 0 ? found[speech[length - 1]].lastFrame : Int.max
                // No path, or words reaching into the stretch's last second, mean the words were squeezed in: a long
                // pause left fewer of them in the stretch than assumed. Place half as many and look again; when not
                // even one fits, the stretch is a pause: look past its first half.
                if lastFrame == .max || lastFrame + 1 >= end / samplesPerFrame - decoder.framesPerSecond {
                    if count > 1 {
                        count = (count + 1) / 2
                        continue
                    }
                    start += stretch / 2 / samplesPerFrame * samplesPerFrame
                    continue stretches
                }
                segments += found[...speech[length - 1]]
                start = (lastFrame + 1) * samplesPerFrame
                placed += count
                break
            }
        }
        let phonemes = timed(segments, duration: signal.duration)
        guard phonemes.contains(where: { $0.phoneme != .SIL }) else {
            throw .nothingRecognized(
                "The audio does not fit the transcript \(transcript.quotedExcerpt()) (pocketsphinx found no path through its phonemes); check that the transcript is what is spoken"
            )
        }
        return phonemes
    }

    /// Words a stretch of speech is sure to hold at least of (slow, deliberate speech; 2.5 is typical).
    static let slowWordsPerSecond = 1.0

    /// Segments as phonemes with seconds; fillers and silence become one `.SIL` per pause.
    func timed(_ segments: [SphinxSegment], duration: Double) -> [TimedPhoneme] {
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
        let bare =
            name.hasPrefix(SphinxDecoder.phoneWordPrefix)
            ? String(name.dropFirst(SphinxDecoder.phoneWordPrefix.count)) : name
        return Phoneme(rawValue: bare) ?? .SIL
    }

    static func duration(of samples: [Float]) -> Double {
        Double(samples.count) / Double(sampleRate)
    }

    /// Rejects audio that is not 16 kHz mono or too short to hold a phoneme.
    static func requireDecodable(_ signal: some AudioSource, input: String = "The audio") throws(RecognitionError) {
        guard signal.sampleRate == sampleRate, signal.channels == 1 else {
            throw .internal("recognition takes \(sampleRate) Hz mono, got \(signal.sampleRate) Hz x \(signal.channels)")
        }
        guard signal.duration >= minimumDuration else {
            throw .audioTooShort(input: input, seconds: signal.duration, minimum: minimumDuration)
        }
    }

    /// Runs a read of the (spooled) signal; failing to read temporary space back is not the speech's fault.
    static func reading<T>(_ body: () throws(MediaError) -> T) throws(RecognitionError) -> T {
        do { return try body() } catch { throw .internal("the speech could not be read back: \(error)") }
    }

    /// 16-bit PCM, what the decoder reads.
    static func pcm(_ samples: ArraySlice<Float>) -> [Int16] {
        samples.map { Int16((max(-1, min(1, $0)) * 32_767).rounded()) }
    }
}

extension PhonemeRecognizer {
    /// The dictionary's pronunciations of a lower-case word (alternates included); empty if unknown.
    func pronunciations(of word: String) -> [[String]] {
        decoder.pronunciations(of: word)
    }
}
