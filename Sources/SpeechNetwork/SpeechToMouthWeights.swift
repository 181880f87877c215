import Kernels
import NN

/// The weights of the speech-to-mouth network (Training/model.py), read from a safetensors file that keeps
/// PyTorch's names and layouts, and rearranged once for the kernels: convolution weights from [out, in, k] to
/// Conv1D's [out, k, in], attention's packed Q/K/V projection split in three. Every tensor's shape is checked
/// against the architecture the file's metadata states, so weights of another network are a named error.
public struct SpeechToMouthWeights: Sendable {
    /// The sizes the metadata states (`width`, `blocks`, `heads`, `mels`, `kernel`).
    public struct Architecture: Sendable, Hashable {
        public var width: Int
        public var blocks: Int
        public var mels: Int
        /// The depthwise convolution's kernel in each block.
        public var kernel: Int
    }

    /// y = x W^T + b, W as PyTorch stores it ([output, input], read by GEMM with transposeB).
    public struct Linear: Sendable {
        public let weight: [Float]
        public let bias: [Float]
        public let inputs: Int
        public let outputs: Int
    }

    /// LayerNorm's scale and shift.
    public struct Norm: Sendable {
        public let gamma: [Float]
        public let beta: [Float]
    }

    /// A Conv1D and its weights in the kernel's [out, k, in / groups] layout.
    public struct Convolution: Sendable {
        public let conv: Conv1D
        public let weight: [Float]
        public let bias: [Float]
    }

    public struct Block: Sendable {
        public let attentionNorm: Norm
        public let query: Linear, key: Linear, value: Linear, attentionOutput: Linear
        public let convNorm: Norm
        public let depthwise: Convolution
        public let feedForwardNorm: Norm
        public let feedForwardIn: Linear, feedForwardOut: Linear
    }

    public static let controlCount = 7
    public static let phonemeCount = 40

    public let architecture: Architecture
    public let featureMean: [Float]
    public let featureStd: [Float]
    /// 80 mels -> width, kernel 5, stride 2 (100 Hz -> 50 Hz), GELU.
    public let subsample: Convolution
    /// width -> width, kernel 3, GELU.
    public let front: Convolution
    public let blocks: [Block]
    public let norm: Norm
    /// Mouth controls (sigmoid fused).
    public let controls: Linear
    /// ARPAbet class logits.
    public let phonemes: Linear

    public init(_ file: SafeTensorsFile) throws(NNError) {
        func size(_ key: String) throws(NNError) -> Int {
            guard let text = file.metadata[key], let value = Int(text), value > 0, value <= 4096 else {
                throw .corruptWeights(path: file.path, detail: "the metadata has no usable \(key)")
            }
            return value
        }
        guard file.metadata["network"] == "speech_to_mouth" else {
            throw .corruptWeights(path: file.path, detail: "the metadata does not name the speech_to_mouth network")
        }
        guard try size("heads") == 1 else {
            throw .corruptWeights(path: file.path, detail: "it has \(try size("heads")) attention heads; one is read")
        }
        let architecture = Architecture(
            width: try size("width"), blocks: try size("blocks"), mels: try size("mels"), kernel: try size("kernel"))
        let (width, mels) = (architecture.width, architecture.mels)

        func norm(_ prefix: String) throws(NNError) -> Norm {
            Norm(
                gamma: try file.floats(prefix + ".weight", shape: [width]),
                beta: try file.floats(prefix + ".bias", shape: [width]))
        }
        func linear(_ prefix: String, inputs: Int, outputs: Int) throws(NNError) -> Linear {
            Linear(
                weight: try file.floats(prefix + ".weight", shape: [outputs, inputs]),
                bias: try file.floats(prefix + ".bias", shape: [outputs]), inputs: inputs, outputs: outputs)
        }
        func convolution(
            _ prefix: String, inputs: Int, outputs: Int, kernel: Int, stride: Int = 1, groups: Int = 1
        ) throws(NNError) -> Convolution {
            let perGroup = inputs / groups
            let torch = try file.floats(prefix + ".weight", shape: [outputs, perGroup, kernel])
            var weight = [Float](repeating: 0, count: torch.count)
            for o in 0..<outputs {
                for c in 0..<perGroup {
                    for t in 0..<kernel {
                        weight[(o * kernel + t) * perGroup + c] = torch[(o * perGroup + c) * kernel + t]
                    }
                }
            }
            let conv = Conv1D(
                inputChannels: inputs, outputChannels: outputs, kernelSize: kernel, stride: stride,
                padding: .init(left: kernel / 2, right: kernel / 2), groups: groups, activation: .gelu)
            return Convolution(conv: conv, weight: weight, bias: try file.floats(prefix + ".bias", shape: [outputs]))
        }

        self.architecture = architecture
        featureMean = try file.floats("feature_mean", shape: [mels])
        featureStd = try file.floats("feature_std", shape: [mels])
        subsample = try convolution("subsample", inputs: mels, outputs: width, kernel: 5, stride: 2)
        front = try convolution("front", inputs: width, outputs: width, kernel: 3)
        var blocks: [Block] = []
        for index in 0..<architecture.blocks {
            let prefix = "blocks.\(index)."
            let packed = try file.floats(prefix + "attention.in_proj_weight", shape: [3 * width, width])
            let packedBias = try file.floats(prefix + "attention.in_proj_bias", shape: [3 * width])
            func projection(_ part: Int) -> Linear {
                Linear(
                    weight: Array(packed[(part * width * width)..<((part + 1) * width * width)]),
                    bias: Array(packedBias[(part * width)..<((part + 1) * width)]), inputs: width, outputs: width)
            }
            blocks.append(
                Block(
                    attentionNorm: try norm(prefix + "attention_norm"),
                    query: projection(0), key: projection(1), value: projection(2),
                    attentionOutput: try linear(prefix + "attention.out_proj", inputs: width, outputs: width),
                    convNorm: try norm(prefix + "conv_norm"),
                    depthwise: try convolution(
                        prefix + "depthwise", inputs: width, outputs: width, kernel: architecture.kernel, groups: width),
                    feedForwardNorm: try norm(prefix + "ff_norm"),
                    feedForwardIn: try linear(prefix + "ff_in", inputs: width, outputs: 2 * width),
                    feedForwardOut: try linear(prefix + "ff_out", inputs: 2 * width, outputs: width)))
        }
        self.blocks = blocks
        self.norm = try norm("norm")
        controls = try linear("controls", inputs: width, outputs: Self.controlCount)
        phonemes = try linear("phonemes", inputs: width, outputs: Self.phonemeCount)
    }
}
