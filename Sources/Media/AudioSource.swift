/// Interleaved float audio read a stretch at a time, so its consumers (the MP4 writer, the analysis
/// resampler) work the same whether it lives in memory (`AudioClip`) or on disk (`AudioSpool`, which
/// keeps speech of any length out of memory).
public protocol AudioSource: Sendable {
    var sampleRate: Int { get }
    var channels: Int { get }
    var frameCount: Int { get }
    /// The frames in `range`, clamped to the source, channel-interleaved.
    func read(_ range: Range<Int>) throws(MediaError) -> [Float]
}

extension AudioSource {
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// Calls `body` with consecutive stretches of at most `chunkFrames` frames, start to end.
    public func forEachChunk(
        frames chunkFrames: Int = 65_536,
        _ body: ([Float]) throws(MediaError) -> Void
    ) throws(MediaError) {
        for start in stride(from: 0, to: frameCount, by: chunkFrames) {
            try body(try read(start..<min(start + chunkFrames, frameCount)))
        }
    }
}

extension AudioClip: AudioSource {
    public func read(_ range: Range<Int>) throws(MediaError) -> [Float] {
        let frames = range.clamped(to: 0..<frameCount)
        return Array(samples[(frames.lowerBound * channels)..<(frames.upperBound * channels)])
    }
}
