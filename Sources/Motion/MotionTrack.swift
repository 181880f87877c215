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
    /// Where the phonemes came from: "text" (espeak-ng), "recognition" (pocketsphinx), "alignment"
    /// (pocketsphinx with the transcript) or "acoustic" (energy and spectrum only).
    public var phonemeSource: String
    /// The phoneme timeline the mouth follows.
    public var phonemes: [TimedPhoneme]
    /// One `Controls` per frame.
    public var frames: [Controls]

    public init(fps: Double, duration: Double, seed: UInt64, phonemeSource: String,
                phonemes: [TimedPhoneme], frames: [Controls]) {
        version = Self.formatVersion
        self.fps = fps; self.duration = duration; self.seed = seed
        self.phonemeSource = phonemeSource; self.phonemes = phonemes; self.frames = frames
    }
}
