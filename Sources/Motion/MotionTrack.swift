import Body

/// Per-frame controls for a clip: what stage 1 hands to stage 2, and what `vlogger-gpu motion` writes as
/// JSON (documented in the README). Frame `i` is the instant `i / fps` seconds into the audio.
public struct MotionTrack: Sendable, Codable, Equatable {
    /// The JSON format's version; readers reject other versions.
    public static let formatVersion = 1

    public var version: Int
    /// Frames per second.
    public var fps: Double
    /// Seconds of audio the track covers.
    public var duration: Double
    /// The seed the stochastic parts (idle motion, blinks, saccades, gestures) were drawn with.
    public var seed: UInt64
    /// Where the phonemes came from (`PhonemeSource`: "text" from espeak-ng, "alignment" to the transcript,
    /// "words" recognized and aligned, "recognition" of free phones, "acoustic" from energy and spectrum); for a
    /// recording, the source of most of it.
    public var phonemeSource: String
    /// For a recording: which source each stretch came from, covering the whole audio in order (several when
    /// stretches the main source did not explain were handed to another). Absent for text.
    public var phonemeSources: [PhonemeSourceSpan]?
    /// The phoneme timeline the mouth follows.
    public var phonemes: [TimedPhoneme]
    /// One `Controls` per frame.
    public var frames: [Controls]

    public init(
        fps: Double, duration: Double, seed: UInt64, phonemeSource: String,
        phonemes: [TimedPhoneme], frames: [Controls]
    ) {
        version = Self.formatVersion
        self.fps = fps
        self.duration = duration
        self.seed = seed
        self.phonemeSource = phonemeSource
        self.phonemes = phonemes
        self.frames = frames
    }
}
