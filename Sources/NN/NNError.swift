import GPU
import ModelFiles

/// Everything reading or running a model can fail with. Each case reads as one sentence.
public enum NNError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The bytes are not a well-formed .tflite FlatBuffer (truncated, offsets out of range, ...).
    case corrupt(String)
    /// The model file at `path` is not a well-formed .tflite model.
    case corruptModel(path: String, detail: String)
    /// The model uses an operator the executor does not implement.
    case unsupportedOperator(String)
    /// The model is well formed but uses something outside what the executor handles
    /// (a tensor type, an option, a shape).
    case unsupported(String)
    /// Inputs handed to `run` do not match the graph.
    case invalidInput(String)
    /// A weights file (safetensors) that is damaged, or not the weights of this network.
    case corruptWeights(path: String, detail: String)
    /// A shipped model file is missing or damaged.
    case modelFile(ModelFileError)
    /// The GPU runtime failed.
    case gpu(GPUError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "Cannot read the model file \(path) (\(reason)); check that it exists and is readable."
        case .corrupt(let detail):
            "The model file is corrupt or not a .tflite model: \(detail)."
        case .corruptModel(let path, let detail):
            "The model file \(path) is corrupt or not a .tflite model (\(detail)); replace it with the shipped one (git checkout Models/) or a valid export."
        case .corruptWeights(let path, let detail):
            "The weights file \(path) is damaged or not this network's weights (\(detail)); replace it with the shipped one (git checkout Models/)."
        case .unsupportedOperator(let name):
            "The model uses the operator \(name), which vlogger-gpu's graph executor does not support."
        case .unsupported(let detail):
            "The model uses something vlogger-gpu's graph executor does not support: \(detail)."
        case .invalidInput(let detail):
            "Invalid model input: \(detail)."
        case .modelFile(let error):
            error.description
        case .gpu(let error):
            error.description
        }
    }
}
