import Foundation
import GPU

/// Log-mel spectrogram of a mono signal (Shaders/mel_spectrogram.comp), fp32.
///
/// Framing: frame `i` describes the hop-long slot starting at sample `i * hop`; its window is centred
/// on that slot (it starts at `i * hop + hop / 2 - windowLength / 2`) and samples outside the signal
/// are zero. So a signal of `n` samples has `ceil(n / hop)` frames, the same frames as per-hop energy.
/// Each frame: periodic Hann window, zero-padded to `fftSize`, power spectrum |X_k|^2 for
/// k = 0...fftSize/2, HTK-formula mel filterbank (mel = 2595 log10(1 + f / 700); triangles with peak 1,
/// no area normalisation, as librosa's `htk=True, norm=None`), then ln(max(x, 1e-10)).
/// Output layout: [frameCount][melCount], row-major.
public struct MelSpectrogram: Sendable {
    public struct Parameters: Sendable, Hashable {
        public var sampleRate: Int
        public var windowLength: Int
        public var hopLength: Int
        public var fftSize: Int
        public var melCount: Int
        public var minFrequency: Double
        /// nil: sampleRate / 2.
        public var maxFrequency: Double?

        /// 16 kHz, 25 ms window, 10 ms hop, 512-point FFT, 80 mels from 0 Hz to Nyquist.
        public init(
            sampleRate: Int = 16_000, windowLength: Int = 400, hopLength: Int = 160, fftSize: Int = 512,
            melCount: Int = 80, minFrequency: Double = 0, maxFrequency: Double? = nil
        ) {
            self.sampleRate = sampleRate
            self.windowLength = windowLength
            self.hopLength = hopLength
            self.fftSize = fftSize
            self.melCount = melCount
            self.minFrequency = minFrequency
            self.maxFrequency = maxFrequency
        }

        public var binCount: Int { fftSize / 2 + 1 }
        var upperFrequency: Double { maxFrequency ?? Double(sampleRate) / 2 }
        /// First sample of frame 0's window.
        var frameOffset: Int { hopLength / 2 - windowLength / 2 }
    }

    /// The constant tables the shader reads, uploaded once per parameter set.
    public struct Tables {
        public let window: GPUBuffer
        public let twiddles: GPUBuffer
        public let filterbank: GPUBuffer
        public let bands: GPUBuffer
    }

    public static let logFloor: Float = 1e-10
    static let maxWorkgroupSize = 256

    public let parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) throws(GPUError) {
        let p = parameters
        try require(
            p.fftSize >= 2 && p.fftSize <= 2048 && p.fftSize & (p.fftSize - 1) == 0,
            "mel fftSize must be a power of two in 2...2048, got \(p.fftSize)")
        try require(
            p.windowLength >= 1 && p.windowLength <= p.fftSize,
            "mel windowLength must be in 1...fftSize (\(p.fftSize)), got \(p.windowLength)")
        try require(p.hopLength >= 1, "mel hopLength must be positive, got \(p.hopLength)")
        try require(p.melCount >= 1, "mel melCount must be positive, got \(p.melCount)")
        try require(p.sampleRate > 0, "mel sampleRate must be positive, got \(p.sampleRate)")
        try require(
            p.minFrequency >= 0 && p.minFrequency < p.upperFrequency && p.upperFrequency <= Double(p.sampleRate) / 2,
            "mel frequencies need 0 <= min < max <= sampleRate/2, got \(p.minFrequency)...\(p.upperFrequency)")
        self.parameters = p
    }

    /// ceil(sampleCount / hop): one frame per hop-long slot.
    public func frameCount(sampleCount: Int) -> Int { (sampleCount + parameters.hopLength - 1) / parameters.hopLength }

    /// Uploads the window, twiddle factors and filterbank.
    public func makeTables(on device: GPUDevice) throws(GPUError) -> Tables {
        let twiddles = (0..<(parameters.fftSize / 2)).flatMap { k -> [Float] in
            let angle = -2 * Double.pi * Double(k) / Double(parameters.fftSize)
            return [Float(cos(angle)), Float(sin(angle))]
        }
        let bank = Self.filterbank(parameters)
        return Tables(
            window: try device.makeBuffer(Self.window(parameters)),
            twiddles: try device.makeBuffer(twiddles),
            filterbank: try device.makeBuffer(bank.weights),
            bands: try device.makeBuffer(bank.bands.flatMap { [UInt32($0.lowerBound), UInt32($0.upperBound)] }))
    }

    /// Records the kernel: `signal` holds `sampleCount` floats, `output` receives
    /// `frameCount(sampleCount:) * melCount` floats.
    public func encode(
        on stream: CommandStream, signal: GPUBuffer, sampleCount: Int, tables: Tables,
        output: GPUBuffer
    ) throws(GPUError) {
        let p = parameters
        try require(sampleCount > 0, "mel spectrogram needs at least one sample")
        let frames = frameCount(sampleCount: sampleCount)
        try requireCapacity(signal, sampleCount, .float32, "mel signal")
        try requireCapacity(output, frames * p.melCount, .float32, "mel output")
        try requireCapacity(tables.window, p.windowLength, .float32, "mel window table")
        try requireCapacity(tables.filterbank, p.melCount * p.binCount, .float32, "mel filterbank table")
        let workgroupSize = min(p.fftSize / 2, Self.maxWorkgroupSize)
        let pipeline = try stream.device.kernelPipeline(
            .melSpectrogram,
            specialization: [
                .uint(UInt32(max(workgroupSize, 1))), .uint(UInt32(p.fftSize)),
                .uint(UInt32(p.fftSize.trailingZeroBitCount)),
            ])
        try stream.dispatch(
            pipeline,
            [
                .read(signal), .read(tables.window), .read(tables.twiddles),
                .read(tables.filterbank), .read(tables.bands), .write(output),
            ],
            push: [
                .uint(UInt32(sampleCount)), .uint(UInt32(frames)), .uint(UInt32(p.hopLength)),
                .uint(UInt32(p.windowLength)), .int(p.frameOffset), .uint(UInt32(p.melCount)),
            ],
            groups: linearGroups(frames), label: "mel_spectrogram")
    }

    /// Periodic Hann window (as torch.hann_window): 0.5 - 0.5 cos(2 pi n / N).
    public static func window(_ p: Parameters) -> [Float] {
        (0..<p.windowLength).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(p.windowLength))) }
    }

    public static func hertzToMel(_ hertz: Double) -> Double { 2595 * log10(1 + hertz / 700) }
    public static func melToHertz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }

    /// HTK-formula triangular filters, [melCount][binCount], and each filter's nonzero bin range.
    public static func filterbank(_ p: Parameters) -> (weights: [Float], bands: [Range<Int>]) {
        let low = hertzToMel(p.minFrequency)
        let high = hertzToMel(p.upperFrequency)
        let edges = (0...(p.melCount + 1)).map { melToHertz(low + (high - low) * Double($0) / Double(p.melCount + 1)) }
        var weights = [Float](repeating: 0, count: p.melCount * p.binCount)
        var bands: [Range<Int>] = []
        for m in 0..<p.melCount {
            var first = p.binCount
            var end = 0
            for k in 0..<p.binCount {
                let frequency = Double(k) * Double(p.sampleRate) / Double(p.fftSize)
                let rising = (frequency - edges[m]) / (edges[m + 1] - edges[m])
                let falling = (edges[m + 2] - frequency) / (edges[m + 2] - edges[m + 1])
                let weight = max(0, min(rising, falling))
                if weight > 0 {
                    weights[m * p.binCount + k] = Float(weight)
                    first = min(first, k)
                    end = k + 1
                }
            }
            bands.append(first < end ? first..<end : 0..<0)
        }
        return (weights, bands)
    }

    /// CPU reference: a direct DFT per frame in Double (O(windowLength * binCount) per frame), the same
    /// window and filterbank. Also usable where there is no GPU.
    public static func reference(signal: [Float], parameters p: Parameters) -> [Float] {
        let window = window(p)
        let weights = filterbank(p).weights
        let frames = (signal.count + p.hopLength - 1) / p.hopLength
        let cosTable = (0..<p.fftSize).map { cos(2 * Double.pi * Double($0) / Double(p.fftSize)) }
        let sinTable = (0..<p.fftSize).map { sin(2 * Double.pi * Double($0) / Double(p.fftSize)) }
        var output = [Float](repeating: 0, count: frames * p.melCount)
        var windowed = [Double](repeating: 0, count: p.windowLength)
        var power = [Double](repeating: 0, count: p.binCount)
        for frame in 0..<frames {
            let start = frame * p.hopLength + p.frameOffset
            for n in 0..<p.windowLength {
                let s = start + n
                windowed[n] = s >= 0 && s < signal.count ? Double(signal[s]) * Double(window[n]) : 0
            }
            for k in 0..<p.binCount {
                var re = 0.0
                var im = 0.0
                for n in 0..<p.windowLength where windowed[n] != 0 {
                    let index = (k * n) % p.fftSize
                    re += windowed[n] * cosTable[index]
                    im -= windowed[n] * sinTable[index]
                }
                power[k] = re * re + im * im
            }
            for m in 0..<p.melCount {
                var sum = 0.0
                for k in 0..<p.binCount { sum += Double(weights[m * p.binCount + k]) * power[k] }
                output[frame * p.melCount + m] = Float(log(max(sum, Double(logFloor))))
            }
        }
        return output
    }
}
