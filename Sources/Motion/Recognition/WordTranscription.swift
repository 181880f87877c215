import Foundation
import Media

/// A word the word search heard, seconds from the start of the audio.
public struct RecognizedWord: Sendable, Hashable {
    /// Lower case, as the dictionary spells it (alternate pronunciations' "(2)" removed).
    public let text: String
    public let start: Double
    public let end: Double
}

extension PhonemeRecognizer {
    /// The words heard in a 16 kHz mono signal under the en-us trigram language model, a piece at a time
    /// (`UtteranceSplitter`); silence, noise and breath fillers are left out.
    public func transcribe(_ signal: some AudioSource) throws(RecognitionError) -> [RecognizedWord] {
        try decodeWords(signal).flatMap(\.words)
    }

    /// Phonemes of speech whose words are not given: each piece's words are recognized with the language model,
    /// then that piece is force-aligned to those words, so phone boundaries come from the acoustics and the phones
    /// themselves from real words (a bilabial is found where a word has one). On real read speech this finds
    /// far more of the p/b/m than free phone recognition (see README, "Lip sync on real speech").
    /// A piece whose words find no alignment path is left as silence for `PhonemeGuard` to fill.
    public func recognizeThroughWords(_ signal: some AudioSource) throws(RecognitionError) -> [TimedPhoneme] {
        try alignWords(of: decodeWords(signal), duration: signal.duration)
    }

    /// The phonemes of pieces whose words are already recognized, each piece aligned to its own words.
    func alignWords(of pieces: [WordPiece], duration: Double) throws(RecognitionError) -> [TimedPhoneme] {
        var segments: [SphinxSegment] = []
        for piece in pieces where !piece.words.isEmpty {
            let grammar = AlignmentGrammar(
                words: piece.words.map(\.text), pronunciations: decoder.pronunciations(of:), freeTail: false)
            segments += try decoder.decode(piece.pcm, grammar: grammar.jsgf).map { $0.shifted(by: piece.firstFrame) }
        }
        let phonemes = PhonemeTimeline.normalized(timed(segments, duration: duration), duration: duration)
        guard phonemes.contains(where: { $0.phoneme != .SIL }) else {
            throw .nothingRecognized(
                "pocketsphinx heard no words in \(String(format: "%.2f", duration)) s of audio; check that the audio holds speech"
            )
        }
        return phonemes
    }

    /// One utterance piece: its samples, where it starts (in decoder frames) and the words heard in it.
    struct WordPiece {
        let pcm: [Int16]
        let firstFrame: Int
        let words: [RecognizedWord]
    }

    /// The signal cut into utterances (`UtteranceSplitter`), each with the words heard in it.
    func decodeWords(_ signal: some AudioSource) throws(RecognitionError) -> [WordPiece] {
        try Self.requireDecodable(signal)
        let loudness = try Self.reading { () throws(MediaError) in
            try Prosody.energy(of: signal, hop: LoudnessGate.frameLength)
        }
        let secondsPerFrame = 1 / Double(decoder.framesPerSecond)
        var pieces: [WordPiece] = []
        for piece in splitter.pieces(frameLoudness: loudness, sampleCount: signal.frameCount) {
            let pcm = Self.pcm(try Self.reading { () throws(MediaError) in try signal.read(piece) }[...])
            let offset = piece.lowerBound * decoder.framesPerSecond / Self.sampleRate
            let words = try decoder.recognizeWords(pcm).compactMap { segment -> RecognizedWord? in
                guard let text = Self.word(named: segment.name) else { return nil }
                return RecognizedWord(
                    text: text, start: Double(segment.firstFrame + offset) * secondsPerFrame,
                    end: Double(segment.lastFrame + offset + 1) * secondsPerFrame)
            }
            pieces.append(WordPiece(pcm: pcm, firstFrame: offset, words: words))
        }
        return pieces
    }

    /// A dictionary word from the word search's name for it ("mr(2)" -> "mr"); nil for fillers
    /// ("<s>", "</s>", "<sil>", "[NOISE]", "+BREATH+").
    static func word(named name: String) -> String? {
        guard let first = name.first, first.isLetter || first.isNumber else { return nil }
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") { return String(name[..<open]) }
        return name
    }
}
