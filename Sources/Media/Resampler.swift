import CFFmpeg

/// Sample-rate and channel conversion of interleaved float audio through libswresample.
/// Mono output is the average of the input channels (a custom rematrix: swresample's default
/// stereo -> mono mix would add the channels at -3 dB each and raise a centred signal by 3 dB).
final class Resampler {
    private let context: OpaquePointer
    let inputRate: Int, inputChannels: Int, outputRate: Int, outputChannels: Int

    init(inputRate: Int, inputChannels: Int, outputRate: Int, outputChannels: Int) throws(MediaError) {
        quietFFmpegLogging()
        guard inputRate > 0, outputRate > 0, inputChannels > 0, outputChannels > 0 else {
            throw .internal(
                "resampler needs positive rates and channel counts (\(inputRate) Hz x \(inputChannels) -> \(outputRate) Hz x \(outputChannels))"
            )
        }
        self.inputRate = inputRate
        self.inputChannels = inputChannels
        self.outputRate = outputRate
        self.outputChannels = outputChannels
        var inputLayout = AVChannelLayout()
        var outputLayout = AVChannelLayout()
        av_channel_layout_default(&inputLayout, Int32(inputChannels))
        av_channel_layout_default(&outputLayout, Int32(outputChannels))
        defer {
            av_channel_layout_uninit(&inputLayout)
            av_channel_layout_uninit(&outputLayout)
        }
        var context: OpaquePointer? = nil
        var status = swr_alloc_set_opts2(
            &context, &outputLayout, AV_SAMPLE_FMT_FLT, Int32(outputRate),
            &inputLayout, AV_SAMPLE_FMT_FLT, Int32(inputRate), 0, nil)
        guard status >= 0, let context else { throw .internal("swr_alloc_set_opts2: \(ffmpegMessage(status))") }
        self.context = context
        if outputChannels == 1 && inputChannels > 1 {
            let matrix = [Double](repeating: 1 / Double(inputChannels), count: inputChannels)
            status = swr_set_matrix(context, matrix, Int32(inputChannels))
            guard status >= 0 else { throw .internal("swr_set_matrix: \(ffmpegMessage(status))") }
        }
        status = swr_init(context)
        guard status >= 0 else { throw .internal("swr_init: \(ffmpegMessage(status))") }
    }

    deinit {
        var pointer: OpaquePointer? = context
        swr_free(&pointer)
    }

    /// Converts `frames` interleaved input frames starting at `input` (nil flushes the filter's tail)
    /// and appends the output frames to `output`.
    func convert(_ input: UnsafePointer<Float>?, frames: Int, into output: inout [Float]) throws(MediaError) {
        var plane: UnsafePointer<UInt8>? = input.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
        let produced = withUnsafeMutablePointer(to: &plane) { planes in
            swrConvertAppending(
                context, outputChannels: outputChannels, inputPlanes: input == nil ? nil : planes,
                inputFrames: frames, into: &output)
        }
        guard produced >= 0 else { throw .internal("swr_convert: \(ffmpegMessage(produced))") }
    }

    /// Input frames per swr_convert call in `convertAll`: libswresample buffers a call's whole input
    /// internally, so one call over an hour of audio would hold several copies of it at once.
    static let chunkFrames = 65_536

    /// Converts interleaved `samples` of any length, `chunkFrames` per swr_convert call, appending to `output`.
    func convert(_ samples: [Float], into output: inout [Float]) throws(MediaError) {
        let frames = samples.count / inputChannels
        try samples.withUnsafeBufferPointer { buffer throws(MediaError) in
            guard let base = buffer.baseAddress else { return }
            for start in stride(from: 0, to: frames, by: Self.chunkFrames) {
                try convert(base + start * inputChannels, frames: min(Self.chunkFrames, frames - start), into: &output)
            }
        }
    }

    /// The whole of `samples` (interleaved), converted, including the filter's tail.
    func convertAll(_ samples: [Float]) throws(MediaError) -> [Float] {
        var output: [Float] = []
        output.reserveCapacity(samples.count / inputChannels * outputRate / inputRate * outputChannels + 64)
        try convert(samples, into: &output)
        try convert(nil, frames: 0, into: &output)
        return output
    }
}

/// Runs `swr_convert` on `inputFrames` frames (nil planes flush the filter's tail) and appends the
/// interleaved float output to `output`. Returns swr_convert's status (frames produced, or < 0).
func swrConvertAppending(
    _ context: OpaquePointer, outputChannels: Int,
    inputPlanes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, inputFrames: Int,
    into output: inout [Float]
) -> Int32 {
    let capacity = Int(swr_get_out_samples(context, Int32(inputFrames))) + 32
    let start = output.count
    output.append(contentsOf: repeatElement(0, count: capacity * outputChannels))
    let produced = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
        guard let base = buffer.baseAddress else { return -1 }
        var outPlane: UnsafeMutablePointer<UInt8>? = UnsafeMutableRawPointer(base + start).assumingMemoryBound(
            to: UInt8.self)
        return swr_convert(
            context, &outPlane, Int32(capacity), inputPlanes, inputPlanes == nil ? 0 : Int32(inputFrames))
    }
    output.removeLast(produced >= 0 ? (capacity - Int(produced)) * outputChannels : capacity * outputChannels)
    return produced
}
