import ArgumentParser
import Foundation
import Media
import Motion
import Pipeline

struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Dub a video: the mouth follows new speech, everything else stays as filmed.",
        discussion: """
        The new speech (an audio file, or text for the built-in TTS) becomes the sound track and drives the \
        mouth and jaw of the face in every frame; head motion, eyes and the rest of each frame are the \
        original's. A dub longer than the video holds the last frame; a shorter one ends the video early \
        (a line on stderr says which).

        Examples:
          vlogger-gpu translate --video talk.mp4 --audio dub.wav -o dubbed.mp4
          vlogger-gpu translate --video talk.mp4 --audio dub.wav --transcript "hola a todos" --lipsync acoustic -o dubbed.mp4
          vlogger-gpu translate --video talk.mp4 --text "Guten Tag!" --voice de -o dubbed.mp4
        """
    )

    @Option(help: "The video to dub.") var video: String
    @Option(help: "The new speech.") var audio: String?
    @Option(parsing: .unconditional, help: "New speech as text for the built-in TTS.") var text: String?
    @Option(help: "eSpeak voice for --text.") var voice: String = "en-us"
    @OptionGroup(title: "Lip sync") var words: TranscriptOptions
    @Option(name: [.short, .customLong("output")], help: "The MP4 to write.") var output: String
    @Option(help: "H.264 quality: 0 (lossless) ... 51.") var crf: Int = 18
    @Option(help: "Video encoder.") var encoder: String = "libx264"
    @Flag(help: "Replace an existing output.") var force = false
    @Flag(help: "No progress display.") var quiet = false
    @Flag(help: "Print a JSON summary on stdout.") var json = false
    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard (text == nil) != (audio == nil) else { throw ValidationError("Give either --audio or --text for the new speech.") }
        if text != nil && words.isSet {
            throw ValidationError("--transcript, --transcript-file and --lipsync apply to --audio; --text is already exact.")
        }
        guard output.lowercased().hasSuffix(".mp4") else { throw ValidationError("--output must name an .mp4 file, got \(output).") }
        guard (0...51).contains(crf) else { throw ValidationError("--crf must be between 0 and 51, got \(crf).") }
        do throws(MediaError) { try VideoEncoderChoice.validate(encoder) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        InterruptCleanup.install()
        try reportingErrors {
            let device = try gpu.openDevice()
            defer { reportValidationMessages(device.instance) }
            let dub: SpeechInput = try text.map { .text($0, voice: voice, rate: 175) } ?? words.speech(path: audio ?? "")
            var request = VideoTranslator.Request(video: video, dub: dub, output: output)
            request.crf = crf
            request.encoder = encoder
            request.overwrite = force
            let display = ProgressDisplay(enabled: !quiet)
            let summary = try VideoTranslator(device: device).run(request) { display.show($0) }
            display.done()
            if summary.heldFrames > 0 {
                printError("the new speech is longer than \(video): its last frame is held for \(summary.heldFrames) frames.")
            }
            if summary.cutFrames > 0 {
                printError("the new speech is shorter than \(video): the last \(summary.cutFrames) frames are left out.")
            }
            if summary.framesWithoutFace > 0 {
                printError("no face was found in \(summary.framesWithoutFace) frames; they are left as they were.")
            }
            if json {
                try printJSON(summary)
            } else if !quiet {
                print(String(format: "%@: %d frames in %.1f s", summary.output, summary.frames, summary.wallSeconds))
            }
        }
    }
}
