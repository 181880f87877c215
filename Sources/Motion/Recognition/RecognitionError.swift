import Foundation

/// Why phoneme recognition or alignment failed: one plain sentence naming the file or input and
/// what to do. The CLI decides the exit code from the case (see docs/ARCHITECTURE.md).
public enum RecognitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A pocketsphinx model file or folder is not where it should be.
    case modelMissing(path: String)
    /// Too little audio to decode anything; `input` names it ("speech.wav", or "the audio").
    case audioTooShort(input: String, seconds: Double, minimum: Double)
    /// The decoder found no phonemes in the audio, or the audio does not fit the transcript.
    case nothingRecognized(String)
    /// A transcript with no word to align.
    case unusableTranscript(String)
    /// Alignment was asked for the audio at `path` without the words spoken in it.
    case transcriptRequired(path: String)
    /// An unexpected pocketsphinx failure.
    case `internal`(String)

    /// One sentence, ending with a full stop like every other error of the program.
    public var description: String {
        let text =
            switch self {
            case .modelMissing(let path):
                "The pocketsphinx model file \(path) is missing; install pocketsphinx-en-us (make deps)"
            case .audioTooShort(let input, let seconds, let minimum):
                "\(input) lasts \(formatted(seconds)) s, shorter than the \(formatted(minimum)) s phoneme recognition needs; give longer speech"
            case .nothingRecognized(let reason):
                reason
            case .unusableTranscript(let reason):
                reason
            case .transcriptRequired(let path):
                "Aligning the lips to \(path) needs the words spoken in it; give its transcript"
            case .internal(let reason):
                "pocketsphinx failed: \(reason)"
            }
        return text.hasSuffix(".") ? text : text + "."
    }

    private func formatted(_ seconds: Double) -> String {
        String(format: "%.2f", seconds)
    }
}
