import Foundation

/// How well a video's mouth follows its own sound track, measured on the decoded frames: the mouth
/// aperture of each frame against the loudness of the sound shown with it, inside speech, at a few
/// frame lags. A talking head in sync opens its mouth with the loud syllables of its audio, so the two
/// correlate best at lag 0 (or +1: the aperture is a frame's start, the envelope a whole frame's sound).
///
/// Made by `MouthSyncMeter` from an MP4; `analyze` is the arithmetic alone, for curves from anywhere.
public struct MouthSyncMeasurement: Sendable, Encodable {
    /// Pearson r of aperture and envelope with the mouth taken `lag` frames after the sound.
    public struct LagCorrelation: Sendable, Encodable, Equatable {
        /// +k: frame t's sound against frame t+k's mouth (the mouth follows the audio by k frames).
        public let lag: Int
        /// nil when fewer than `minimumPairs` frames pair up or either side is constant over them.
        public let r: Double?
        /// Speech frames whose lagged partner has a face.
        public let pairs: Int
    }

    /// What counts as speech: frames whose envelope is above `speechFraction` of its `speechPercentile`
    /// percentile. A percentile rather than the maximum, so one click or plosive does not set the bar.
    public struct Options: Sendable {
        public var lags: ClosedRange<Int>
        public var speechFraction: Float
        public var speechPercentile: Float
        /// Fewer pairs than this give no r: a correlation of a handful of frames says nothing.
        public var minimumPairs: Int

        public init(
            lags: ClosedRange<Int> = -3...3, speechFraction: Float = 0.1, speechPercentile: Float = 0.95,
            minimumPairs: Int = 10
        ) {
            self.lags = lags
            self.speechFraction = speechFraction
            self.speechPercentile = speechPercentile
            self.minimumPairs = minimumPairs
        }
    }

    public let video: String
    public let frameRate: Double
    /// Inner-lip gap (landmarks 13 to 14) over the eye-corner distance (33 to 263), per decoded frame; nil
    /// where no face was found.
    public let aperture: [Float?]
    /// RMS of the sound shown with each frame (from its time for its duration), full scale 1.
    public let envelope: [Float]
    /// The RMS above which a frame is inside speech.
    public let speechThreshold: Float
    public let speechFrames: Int
    public let correlations: [LagCorrelation]
    /// The lag with the highest r; nil when no lag has one.
    public let best: LagCorrelation?

    public var frames: Int { aperture.count }
    public var framesWithFace: Int { aperture.count(where: { $0 != nil }) }

    /// r at `lag`, if it was measured and defined.
    public func r(atLag lag: Int) -> Double? { correlations.first { $0.lag == lag }?.r }

    /// Correlates `aperture` with `envelope` (the same frames; the shorter one sets the count) over the frames
    /// inside speech, at every lag of `options.lags`.
    public static func analyze(
        video: String, frameRate: Double, aperture: [Float?], envelope: [Float],
        options: Options = Options()
    ) -> MouthSyncMeasurement {
        let count = min(aperture.count, envelope.count)
        let sorted = envelope.prefix(count).sorted()
        let reference =
            sorted.isEmpty
            ? 0
            : sorted[min(Int((Float(sorted.count - 1) * options.speechPercentile).rounded()), sorted.count - 1)]
        let threshold = reference * options.speechFraction
        let speech = (0..<count).filter { envelope[$0] > threshold && threshold > 0 }
        let correlations = options.lags.map { lag -> LagCorrelation in
            var mouth: [Double] = []
            var sound: [Double] = []
            for t in speech where t + lag >= 0 && t + lag < count {
                guard let open = aperture[t + lag] else { continue }
                mouth.append(Double(open))
                sound.append(Double(envelope[t]))
            }
            let r = mouth.count >= options.minimumPairs ? pearson(mouth, sound) : nil
            return LagCorrelation(lag: lag, r: r, pairs: mouth.count)
        }
        let best = correlations.filter { $0.r != nil }.max { ($0.r ?? 0) < ($1.r ?? 0) }
        return MouthSyncMeasurement(
            video: video, frameRate: frameRate, aperture: Array(aperture.prefix(count)),
            envelope: Array(envelope.prefix(count)), speechThreshold: threshold,
            speechFrames: speech.count, correlations: correlations, best: best)
    }

    /// Pearson's r; nil when either side does not vary.
    static func pearson(_ a: [Double], _ b: [Double]) -> Double? {
        let n = Double(a.count)
        guard n > 1 else { return nil }
        let (meanA, meanB) = (a.reduce(0, +) / n, b.reduce(0, +) / n)
        var (ab, aa, bb) = (0.0, 0.0, 0.0)
        for (x, y) in zip(a, b) {
            ab += (x - meanA) * (y - meanB)
            aa += (x - meanA) * (x - meanA)
            bb += (y - meanB) * (y - meanB)
        }
        guard aa > 0, bb > 0 else { return nil }
        return ab / (aa * bb).squareRoot()
    }
}

extension MouthSyncMeasurement {
    /// The sound's RMS over each frame's display interval. `samples` is mono at `sampleRate`; a sample at `s`
    /// seconds plays at frame time `s + audioOffset`. Frames outside the sound get 0.
    public static func envelope(
        samples: [Float], sampleRate: Int, audioOffset: Double,
        frames: [(time: Double, duration: Double)]
    ) -> [Float] {
        let rate = Double(sampleRate)
        return frames.map { frame in
            let start = max(0, Int(((frame.time - audioOffset) * rate).rounded()))
            let end = min(samples.count, Int(((frame.time + frame.duration - audioOffset) * rate).rounded()))
            guard end > start else { return 0 }
            var sum: Double = 0
            for index in start..<end { sum += Double(samples[index]) * Double(samples[index]) }
            return Float((sum / Double(end - start)).squareRoot())
        }
    }
}
