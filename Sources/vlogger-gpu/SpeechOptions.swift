import ArgumentParser
import Motion
import Pipeline

/// The speech a command takes: text for the built-in TTS, or a recording with what is known about its words
/// (`motion`, `render`, `profile render`, `translate`).
struct SpeechOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Text to speak with the built-in TTS.") var text: String?
    @Option(help: "eSpeak voice for --text (espeak-ng --voices lists them).") var voice: String = "en-us"
    @Option(help: "Speaking rate for --text, words per minute.") var rate: Int = 175
    @Option(help: "Speech audio (any audio file, or a video's sound).") var audio: String?
    @OptionGroup(title: "Lip sync") var words: TranscriptOptions

    func validate() throws {
        guard (text == nil) != (audio == nil) else { throw ValidationError("Give either --text or --audio.") }
        if text != nil && words.isSet {
            throw ValidationError(
                "--transcript, --transcript-file, --lipsync and --phonemes apply to --audio; --text is already exact.")
        }
    }

    /// The speech these options name.
    func input() throws(PipelineError) -> SpeechInput {
        if let text { return .text(text, voice: voice, rate: rate) }
        return try words.speech(path: audio ?? "")
    }
}
