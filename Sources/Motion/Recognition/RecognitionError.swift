import Foundation

/// Why phoneme recognition or alignment failed: one plain sentence naming the file or input and
/// what to do, and the sysexits code the CLI exits with (see docs/ARCHITECTURE.md).
public enum RecognitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A pocketsphinx model file or folder is not where it should be (66).
    case modelMissing(path: String)
    /// Too little audio to decode anything; `input` names it ("speech.wav", or "the audio") (65).
    case audioTooShort(input: String, seconds: Double, minimum: Double)
    /// The decoder found no phonemes in the audio, or the audio does not fit the transcript (65).
    case nothingRecognized(String)
    /// A transcript with no word to align (65).
    case unusableTranscript(String)
    /// An unexpected pocketsphinx failure (70).
    case `internal`(String)

    /// Exit code from sysexits.h.
    public var exitCode: Int32 {
        switch self {
        case .modelMissing: 66
        case .audioTooShort, .nothingRecognized, .unusableTranscript: 65
        case .internal: 70
        }
    }

    /// One sentence, ending with a full stop like every other error of the program.
    public var description: String {
        let text = switch self {
        case .modelMissing(let path):
            "The pocketsphinx model file \(path) is missing; install pocketsphinx-en-us (make deps)"
        case .audioTooShort(let input, let seconds, let minimum):
            "\(input) lasts \(formatted(seconds)) s, shorter than the \(formatted(minimum)) s phoneme recognition needs; give longer speech"
        case .nothingRecognized(let reason):
            reason
        case .unusableTranscript(let reason):
            reason
        case .internal(let reason):
            "pocketsphinx failed: \(reason)"
        }
        return text.hasSuffix(".") ? text : text + "."
    }

    private func formatted(_ seconds: Double) -> String {
        String(format: "%.2f", seconds)
    }
}
