/// Decoded audio as the file had it: interleaved float samples in -1...1 at the file's own rate
/// and channel count. This is what the output video's sound track is made from.
public struct AudioClip: Sendable, Equatable {
    /// `frameCount * channels` samples, channel-interleaved.
    public var samples: [Float]
    public let sampleRate: Int
    public let channels: Int

    public init(samples: [Float], sampleRate: Int, channels: Int) {
        precondition(sampleRate > 0 && channels > 0 && samples.count % channels == 0, "AudioClip shape mismatch")
        self.samples = samples
        self.sampleRate = sampleRate
        self.channels = channels
    }

    public var frameCount: Int { samples.count / channels }
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// Largest absolute sample value.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }

    /// The clip as `rate` Hz mono (channels averaged), resampled by libswresample.
    public func mono(sampleRate rate: Int) throws(MediaError) -> [Float] {
        if rate == sampleRate && channels == 1 { return samples }
        return try Resampler(inputRate: sampleRate, inputChannels: channels, outputRate: rate, outputChannels: 1)
            .convertAll(samples)
    }
}
