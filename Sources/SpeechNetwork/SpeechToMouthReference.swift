import Kernels

/// The speech-to-mouth network on the CPU, layer by layer through the kernels' references: what the GPU
/// network is tested against, and a path where there is no GPU at all.
public enum SpeechToMouthReference {
    /// `features`: [frames, mels] log-mel (MelSpectrogram's, 100 Hz) -> ceil(frames / 2) frames at 50 Hz.
    public static func run(features: [Float], frames: Int, weights: SpeechToMouthWeights) -> MouthFrames {
        let (width, mels) = (weights.architecture.width, weights.architecture.mels)
        let normalized = features.indices.map {
            (features[$0] - weights.featureMean[$0 % mels]) / weights.featureStd[$0 % mels]
        }
        func convolve(_ x: [Float], _ length: Int, _ c: SpeechToMouthWeights.Convolution) -> [Float] {
            Conv1D.reference(c.conv, input: x, batch: 1, length: length, weights: c.weight, bias: c.bias)
        }
        func linear(_ x: [Float], _ rows: Int, _ l: SpeechToMouthWeights.Linear, _ activation: Activation = .none)
            -> [Float]
        {
            GEMM.reference(
                a: x, b: l.weight, bias: l.bias, shape: .init(m: rows, n: l.outputs, k: l.inputs), transposeB: true,
                activation: activation)
        }
        func norm(_ x: [Float], _ rows: Int, _ n: SpeechToMouthWeights.Norm) -> [Float] {
            LayerNorm.reference(x, rows: rows, length: width, gamma: n.gamma, beta: n.beta)
        }
        func add(_ a: [Float], _ b: [Float]) -> [Float] { zip(a, b).map { $0 + $1 } }

        let steps = weights.subsample.conv.outputLength(for: frames)
        var x = convolve(convolve(normalized, frames, weights.subsample), steps, weights.front)
        for block in weights.blocks {
            let h = norm(x, steps, block.attentionNorm)
            let attended = Attention.reference(
                query: linear(h, steps, block.query), key: linear(h, steps, block.key),
                value: linear(h, steps, block.value),
                shape: .init(heads: 1, queryLength: steps, keyLength: steps, headDimension: width))
            x = add(x, linear(attended, steps, block.attentionOutput))
            x = add(x, convolve(norm(x, steps, block.convNorm), steps, block.depthwise))
            let inner = linear(norm(x, steps, block.feedForwardNorm), steps, block.feedForwardIn, .gelu)
            x = add(x, linear(inner, steps, block.feedForwardOut))
        }
        let h = norm(x, steps, weights.norm)
        return MouthFrames(
            count: steps, controls: linear(h, steps, weights.controls, .sigmoid),
            logits: linear(h, steps, weights.phonemes))
    }
}
