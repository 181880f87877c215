/// Speech as the rest of the program wants it: the original sound (for the output's sound track) and
/// 16 kHz mono float for analysis (mel, energy, pitch, phonemes), both spooled to disk so that speech of
/// any length costs no memory; the analyses read the signal a block at a time.
public struct SpeechAudio: Sendable {
    public static let analysisSampleRate = 16_000
    /// Samples quieter than one 16-bit step count as digital silence.
    public static let silenceThreshold: Float = 1.0 / 32_768

    /// The sound at the file's own rate and channel count.
    public let original: AudioSpool
    /// 16 kHz mono, channels averaged.
    public let signal: AudioSpool

    /// The whole 16 kHz signal in memory (64 KB per second): for plots, tests and short clips.
    public var analysis: [Float] {
        get throws(MediaError) { try signal.read(0..<signal.frameCount) }
    }

    /// Decodes `path` (any audio file, or a video's audio track) a stretch at a time into the spool, then
    /// makes the analysis signal from it, and rejects audio that has no samples or is entirely silent.
    public init(path: String) throws(MediaError) {
        try self.init(spool: try AudioSpool.decoding(path: path), path: path)
    }

    /// Wraps an already decoded clip (tests, benchmarks); `path` names it in errors.
    public init(clip: AudioClip, path: String) throws(MediaError) {
        guard clip.frameCount > 0 else { throw .emptyAudio(path: path) }
        try self.init(spool: try AudioSpool.spooling(clip), path: path)
    }

    /// Speech already spooled (synthesized speech); `path` names it in errors.
    public init(spool: AudioSpool, path: String) throws(MediaError) {
        guard spool.frameCount > 0 else { throw .emptyAudio(path: path) }
        let analysis = try AnalysisSignal(sampleRate: spool.sampleRate, channels: spool.channels)
        var peak: Float = 0
        try spool.forEachChunk { chunk throws(MediaError) in
            peak = max(peak, Self.peak(chunk))
            try analysis.append(chunk)
        }
        guard peak >= Self.silenceThreshold else { throw .silentAudio(path: path) }
        original = spool
        signal = try analysis.finish()
    }

    private static func peak(_ samples: [Float]) -> Float {
        samples.reduce(0) { max($0, abs($1)) }
    }
}

/// Builds the 16 kHz mono analysis signal a stretch at a time into its own spool (libswresample keeps its
/// filter state between stretches, so the result equals converting the whole clip at once).
private final class AnalysisSignal {
    private let resampler: Resampler?
    private let spool: AudioSpool.Writer
    private var converted: [Float] = []

    init(sampleRate: Int, channels: Int) throws(MediaError) {
        spool = try AudioSpool.Writer(sampleRate: SpeechAudio.analysisSampleRate, channels: 1)
        resampler =
            sampleRate == SpeechAudio.analysisSampleRate && channels == 1
            ? nil
            : try Resampler(
                inputRate: sampleRate, inputChannels: channels,
                outputRate: SpeechAudio.analysisSampleRate, outputChannels: 1)
    }

    func append(_ chunk: [Float]) throws(MediaError) {
        guard let resampler else { return try spool.append(chunk) }
        converted.removeAll(keepingCapacity: true)
        try resampler.convert(chunk, into: &converted)
        try spool.append(converted)
    }

    func finish() throws(MediaError) -> AudioSpool {
        if let resampler {
            converted.removeAll(keepingCapacity: true)
            try resampler.convert(nil, frames: 0, into: &converted)
            try spool.append(converted)
        }
        return spool.finish()
    }
}
