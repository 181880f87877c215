import GPU
import Media
import NN

/// Why the speech-to-mouth network could not run.
public enum SpeechNetworkError: Error, CustomStringConvertible {
    /// The weights file is missing or damaged.
    case weights(NNError)
    /// The speech could not be read.
    case audio(MediaError)
    /// Audio other than 16 kHz mono (the network's input; SpeechAudio's analysis signal is).
    case unsupportedAudio(sampleRate: Int, channels: Int)
    case gpu(GPUError)

    public var description: String {
        switch self {
        case .weights(let error): error.description
        case .audio(let error): error.description
        case .unsupportedAudio(let sampleRate, let channels):
            "Internal error: the speech-to-mouth network takes 16 kHz mono audio, got \(channels) channels at \(sampleRate) Hz."
        case .gpu(let error): error.description
        }
    }
}
