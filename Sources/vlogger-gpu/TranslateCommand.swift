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
    @OptionGroup(title: "New speech") var speech: SpeechOptions
    @OptionGroup(title: "Output") var output: VideoOutputOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var gpu: GPUOptions

    func run() throws {
        InterruptCleanup.install()
        try reportingErrors(on: gpu) { device in
            var request = VideoTranslator.Request(video: video, dub: try speech.input(), output: output.output)
            request.crf = output.crf(default: 18)
            request.encoder = output.encoder
            request.overwrite = output.force
            let display = ProgressDisplay(enabled: !report.quiet)
            let summary = try VideoTranslator(device: device).run(request) { display.show($0) }
            display.done()
            if summary.heldFrames > 0 {
                printError(
                    "the new speech is longer than \(video): its last frame is held for \(summary.heldFrames) frames.")
            }
            if summary.cutFrames > 0 {
                printError(
                    "the new speech is shorter than \(video): the last \(summary.cutFrames) frames are left out.")
            }
            if summary.framesWithoutFace > 0 {
                printError("no face was found in \(summary.framesWithoutFace) frames; they are left as they were.")
            }
            try report.finish(summary) {
                String(format: "%@: %d frames in %.1f s", summary.output, summary.frames, summary.wallSeconds)
            }
        }
    }
}
