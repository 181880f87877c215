import Media

/// How the phonemes of a recording are found.
public enum LipSync: String, Sendable, CaseIterable {
    /// Alignment when a transcript is given, otherwise `words`.
    case auto
    /// Word recognition with the en-us language model, then forced alignment of the recognized words.
    case words
    /// Free phone recognition (pocketsphinx allphone search).
    case recognize
    /// Forced alignment to the transcript.
    case align
    /// Loudness and spectrum only: any language.
    case acoustic
    /// The speech-to-mouth network (Training/), any language; it runs on the GPU, so whoever makes the motion
    /// hands a `PhonemeListener` in.
    case neural
}

/// Phonemes of a 16 kHz mono signal heard by something outside Motion: the speech-to-mouth network, which runs on
/// the GPU (Motion itself stays CPU only).
public typealias PhonemeListener = (any AudioSource) throws(RecognitionError) -> [TimedPhoneme]

/// Where the phonemes of a stretch of speech came from (the motion file's `phonemeSource` names).
public enum PhonemeSource: String, Sendable, Codable, Hashable, CustomStringConvertible {
    /// eSpeak's own events for text it spoke.
    case text
    /// Forced alignment to the user's transcript.
    case alignment
    /// Words recognized with the language model, then aligned.
    case words
    /// Free phone recognition.
    case recognition
    /// The sound alone (`AcousticPhonemes`).
    case acoustic
    /// The speech-to-mouth network.
    case neural
    /// Timing given with the recording (`PhonemeTimingFile`).
    case given

    /// In a sentence: "the phonemes of the ...".
    public var description: String {
        switch self {
        case .text: "synthesized text"
        case .alignment: "transcript"
        case .words: "recognized words"
        case .recognition: "free phone recognition"
        case .acoustic: "sound"
        case .neural: "speech-to-mouth network"
        case .given: "given phoneme timing"
        }
    }
}

/// A stretch of the timeline and the source its phonemes came from.
public struct PhonemeSourceSpan: Sendable, Codable, Hashable {
    public var source: PhonemeSource
    public var start: Double
    public var end: Double

    public init(_ source: PhonemeSource, start: Double, end: Double) {
        self.source = source
        self.start = start
        self.end = end
    }
}
