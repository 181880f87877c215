import ArgumentParser
import Foundation
import Media
import Motion
import Pipeline

extension LipSync: ExpressibleByArgument {}

/// How a recording's phonemes are found: its words, if known, and the lip-sync mode (`motion`, `render`,
/// `profile render` and `translate` share them).
struct TranscriptOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "The words spoken in --audio (forced alignment: the best lips).")
    var transcript: String?
    @Option(help: "A UTF-8 text file holding the words spoken in --audio.") var transcriptFile: String?
    // Six modes are more than argument-parser names in one sentence (it lists them on lines of their own), so the
    // value is parsed here and a wrong one is refused in one sentence like every other error.
    @Option(
        help: ArgumentHelp(
            "How --audio's phonemes are found: auto (align with a transcript, else words), words (recognized words, aligned), recognize (free phones), align, acoustic (any language) or neural (the speech-to-mouth network, any language, on the GPU).",
            valueName: "mode"),
        completion: .list(LipSync.allCases.map(\.rawValue)),
        transform: { value in
            guard let mode = LipSync(rawValue: value) else {
                let names = LipSync.allCases.map { "'\($0.rawValue)'" }
                throw ValidationError(
                    "--lipsync must be \(names.dropLast().joined(separator: ", ")) or \(names.last ?? ""), got '\(value)'."
                )
            }
            return mode
        })
    var lipsync: LipSync = .auto
    @Option(
        help: ArgumentHelp(
            "Phoneme timing for --audio from an aligner or synthesizer, used as given: START END PHONE lines (seconds, ARPAbet) or flite -psdur's phone:end pairs.",
            valueName: "file"))
    var phonemes: String?

    /// Whether any of these options was given (they apply to --audio only).
    var isSet: Bool { transcript != nil || transcriptFile != nil || lipsync != .auto || phonemes != nil }

    func validate() throws {
        if transcript != nil && transcriptFile != nil {
            throw ValidationError("Give --transcript or --transcript-file, not both.")
        }
        if phonemes != nil && (transcript != nil || transcriptFile != nil || lipsync != .auto) {
            throw ValidationError(
                "--phonemes gives the timing itself; leave out --transcript, --transcript-file and --lipsync.")
        }
    }

    /// The transcript, read from --transcript-file when that is given.
    func words() throws(PipelineError) -> String? {
        guard let transcriptFile else { return transcript }
        do { try requireReadableFile(transcriptFile) } catch { throw .media(error) }
        guard let data = FileManager.default.contents(atPath: transcriptFile) else {
            throw .media(.unreadable(path: transcriptFile, reason: "it could not be read"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .media(.unsupported(path: transcriptFile, reason: "a transcript must be plain UTF-8 text"))
        }
        return text
    }

    /// The speech input for the recording at `path`.
    func speech(path: String) throws(PipelineError) -> SpeechInput {
        if let phonemes { return .timed(path: path, phonemes: phonemes) }
        return .audio(path: path, transcript: try words(), lipSync: lipsync)
    }
}
