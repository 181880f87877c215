import GPU
import Kernels
import Media

/// The speech-to-mouth network on the GPU: one command stream per window of log-mel frames, every layer a kernel
/// of the engine (Binary for the feature normalization, Conv1D with fused GELU, LayerNorm, GEMM, attention).
/// Weights are uploaded once; activations come from the device's buffer pool.
public final class SpeechToMouthNetwork {
    public let device: GPUDevice
    public let weights: SpeechToMouthWeights
    private let constants: Constants
    /// The log-mel kernel and its tables (window, twiddles, filterbank), made once: every window of a long
    /// recording uses them.
    private let mel: MelSpectrogram
    private let melTables: MelSpectrogram.Tables

    /// The uploaded weights, in the order of `SpeechToMouthWeights`.
    private struct Constants {
        struct Linear {
            let weight: GPUBuffer, bias: GPUBuffer
            let inputs: Int, outputs: Int
        }
        struct Norm { let gamma: GPUBuffer, beta: GPUBuffer }
        struct Convolution {
            let conv: Conv1D
            let weight: GPUBuffer, bias: GPUBuffer
        }
        struct Block {
            let attentionNorm: Norm
            let query: Linear, key: Linear, value: Linear, attentionOutput: Linear
            let convNorm: Norm, depthwise: Convolution
            let feedForwardNorm: Norm, feedForwardIn: Linear, feedForwardOut: Linear
        }
        let mean: GPUBuffer, std: GPUBuffer
        let subsample: Convolution, front: Convolution
        let blocks: [Block]
        let norm: Norm
        let controls: Linear, phonemes: Linear
    }

    public init(device: GPUDevice, weights: SpeechToMouthWeights) throws(GPUError) {
        self.device = device
        self.weights = weights
        mel = try MelSpectrogram(MelSpectrogram.Parameters(melCount: weights.architecture.mels))
        melTables = try mel.makeTables(on: device)
        func linear(_ l: SpeechToMouthWeights.Linear) throws(GPUError) -> Constants.Linear {
            Constants.Linear(
                weight: try device.makeBuffer(l.weight), bias: try device.makeBuffer(l.bias), inputs: l.inputs,
                outputs: l.outputs)
        }
        func norm(_ n: SpeechToMouthWeights.Norm) throws(GPUError) -> Constants.Norm {
            Constants.Norm(gamma: try device.makeBuffer(n.gamma), beta: try device.makeBuffer(n.beta))
        }
        func convolution(_ c: SpeechToMouthWeights.Convolution) throws(GPUError) -> Constants.Convolution {
            Constants.Convolution(
                conv: c.conv, weight: try device.makeBuffer(c.weight), bias: try device.makeBuffer(c.bias))
        }
        var blocks: [Constants.Block] = []
        for block in weights.blocks {
            blocks.append(
                Constants.Block(
                    attentionNorm: try norm(block.attentionNorm), query: try linear(block.query),
                    key: try linear(block.key), value: try linear(block.value),
                    attentionOutput: try linear(block.attentionOutput), convNorm: try norm(block.convNorm),
                    depthwise: try convolution(block.depthwise), feedForwardNorm: try norm(block.feedForwardNorm),
                    feedForwardIn: try linear(block.feedForwardIn), feedForwardOut: try linear(block.feedForwardOut)))
        }
        constants = Constants(
            mean: try device.makeBuffer(weights.featureMean), std: try device.makeBuffer(weights.featureStd),
            subsample: try convolution(weights.subsample), front: try convolution(weights.front), blocks: blocks,
            norm: try norm(weights.norm), controls: try linear(weights.controls), phonemes: try linear(weights.phonemes)
        )
    }

    /// Log-mel of `signal` (16 kHz) on the GPU, then the network: one window, ceil(ceil(samples / 160) / 2) frames.
    public func run(signal: [Float]) throws(GPUError) -> MouthFrames {
        let frames = mel.frameCount(sampleCount: signal.count)
        let features = try device.makeBuffer(byteCount: 4 * frames * weights.architecture.mels)
        let stream = try device.makeStream()
        try mel.encode(
            on: stream, signal: try device.makeBuffer(signal), sampleCount: signal.count, tables: melTables,
            output: features)
        return try run(features: features, frames: frames, on: stream)
    }

    /// `features`: [frames, mels] log-mel on the device.
    public func run(features: GPUBuffer, frames: Int) throws(GPUError) -> MouthFrames {
        try run(features: features, frames: frames, on: try device.makeStream())
    }

    /// Records the network after whatever `stream` holds (the log-mel, for `run(signal:)`), submits and reads back.
    private func run(features: GPUBuffer, frames: Int, on stream: CommandStream) throws(GPUError) -> MouthFrames {
        let (width, mels) = (weights.architecture.width, weights.architecture.mels)
        func buffer(_ count: Int) throws(GPUError) -> GPUBuffer { try device.makeBuffer(byteCount: 4 * count) }
        func convolve(_ x: GPUBuffer, _ length: Int, _ c: Constants.Convolution) throws(GPUError) -> GPUBuffer {
            let output = try buffer(c.conv.outputLength(for: length) * c.conv.outputChannels)
            try c.conv.encode(
                on: stream, input: x, batch: 1, length: length, weights: c.weight, bias: c.bias, output: output)
            return output
        }
        func linear(
            _ x: GPUBuffer, _ rows: Int, _ l: Constants.Linear, _ activation: Activation = .none
        ) throws(GPUError) -> GPUBuffer {
            let output = try buffer(rows * l.outputs)
            try GEMM(transposeB: true, activation: activation).encode(
                on: stream, a: x, b: l.weight, bias: l.bias, c: output, shape: .init(m: rows, n: l.outputs, k: l.inputs)
            )
            return output
        }
        func norm(_ x: GPUBuffer, _ rows: Int, _ n: Constants.Norm) throws(GPUError) -> GPUBuffer {
            let output = try buffer(rows * width)
            try LayerNorm().encode(
                on: stream, input: x, output: output, rows: rows, length: width, gamma: n.gamma, beta: n.beta)
            return output
        }
        func add(_ a: GPUBuffer, _ b: GPUBuffer, _ rows: Int) throws(GPUError) -> GPUBuffer {
            let output = try buffer(rows * width)
            try Binary(.add).encode(
                on: stream, a: a, aShape: [rows, width], b: b, bShape: [rows, width], output: output)
            return output
        }

        let centred = try buffer(frames * mels)
        let normalized = try buffer(frames * mels)
        try Binary(.subtract).encode(
            on: stream, a: features, aShape: [frames, mels], b: constants.mean, bShape: [mels], output: centred)
        try Binary(.divide).encode(
            on: stream, a: centred, aShape: [frames, mels], b: constants.std, bShape: [mels], output: normalized)
        let steps = constants.subsample.conv.outputLength(for: frames)
        var x = try convolve(try convolve(normalized, frames, constants.subsample), steps, constants.front)
        let attention = Attention()
        for block in constants.blocks {
            let h = try norm(x, steps, block.attentionNorm)
            let attended = try buffer(steps * width)
            try attention.encode(
                on: stream, query: try linear(h, steps, block.query), key: try linear(h, steps, block.key),
                value: try linear(h, steps, block.value), output: attended,
                shape: .init(heads: 1, queryLength: steps, keyLength: steps, headDimension: width))
            x = try add(x, try linear(attended, steps, block.attentionOutput), steps)
            x = try add(x, try convolve(try norm(x, steps, block.convNorm), steps, block.depthwise), steps)
            let inner = try linear(try norm(x, steps, block.feedForwardNorm), steps, block.feedForwardIn, .gelu)
            x = try add(x, try linear(inner, steps, block.feedForwardOut), steps)
        }
        let h = try norm(x, steps, constants.norm)
        let controls = try linear(h, steps, constants.controls, .sigmoid)
        let logits = try linear(h, steps, constants.phonemes)
        try stream.submitAndWait()
        return MouthFrames(
            count: steps, controls: try controls.read(Float.self, count: steps * SpeechToMouthWeights.controlCount),
            logits: try logits.read(Float.self, count: steps * SpeechToMouthWeights.phonemeCount))
    }
}

extension SpeechToMouthNetwork {
    /// The network over a whole recording (16 kHz mono), a window at a time so memory stays the same for any length:
    /// each window holds `window` frames (3.2 s, what the network was trained on) of which the middle ones are kept,
    /// `context` frames on each side seeing speech beyond them. A signal of n samples gives ceil(ceil(n / 160) / 2)
    /// frames, the same as one run over the whole signal.
    public func run(audio: some AudioSource, window: Int = 160, context: Int = 40) throws(SpeechNetworkError)
        -> MouthFrames
    {
        guard audio.sampleRate == 16_000, audio.channels == 1 else {
            throw .unsupportedAudio(sampleRate: audio.sampleRate, channels: audio.channels)
        }
        precondition(window > 2 * context && context >= 0, "a window must keep some frames")
        let samplesPerFrame = 320
        let melFrames = (audio.frameCount + 159) / 160
        let total = (melFrames + 1) / 2
        var result = MouthFrames(count: 0, controls: [], logits: [])
        result.controls.reserveCapacity(total * SpeechToMouthWeights.controlCount)
        result.logits.reserveCapacity(total * SpeechToMouthWeights.phonemeCount)
        let kept = window - 2 * context
        var start = 0
        while start < total {
            let end = min(start + kept, total)
            let first = max(0, start - context)
            let last = min(total, end + context)
            let samples: [Float]
            do {
                samples = try audio.read((first * samplesPerFrame)..<min(audio.frameCount, last * samplesPerFrame))
            } catch {
                throw .audio(error)
            }
            let frames: MouthFrames
            do { frames = try run(signal: samples) } catch { throw .gpu(error) }
            let offset = start - first
            let count = min(end - start, frames.count - offset)
            result.controls +=
                frames.controls[
                    (offset * SpeechToMouthWeights.controlCount)..<((offset + count) * SpeechToMouthWeights.controlCount)
                ]
            result.logits +=
                frames.logits[
                    (offset * SpeechToMouthWeights.phonemeCount)..<((offset + count) * SpeechToMouthWeights.phonemeCount)
                ]
            result.count += count
            start = end
        }
        return result
    }
}
