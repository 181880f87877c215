import ArgumentParser
import Foundation
import Media
import Motion
import Pipeline

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Make a video of the person in a photo speaking: audio or text in, MP4 out.",
        discussion: """
            Finds the face and body in the photo, fits the 3D model, turns the speech into motion (lips, blinks, \
            gaze, head, shoulders, gestures), and renders every frame on the GPU into an H.264 MP4 with the speech \
            as its AAC audio track. Frames stream to the encoder one at a time; only the speech itself is held \
            in memory (about 0.16 MB per second of TTS speech).

            Examples:
              vlogger-gpu render --image photo.jpg --text "Hello! Nice to meet you." -o hello.mp4
              vlogger-gpu render --image photo.jpg --audio speech.wav -o talk.mp4 --seed 3 --head-motion 0.5
              vlogger-gpu render --image photo.jpg --audio speech.wav --motion edited.json -o talk.mp4
            """
    )

    @OptionGroup var options: RenderOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var gpu: GPUOptions

    func run() throws {
        InterruptCleanup.install()
        try reportingErrors(on: gpu) { device in
            let display = ProgressDisplay(enabled: !report.quiet)
            let summary = try TalkingVideoRenderer(device: device).run(try options.request()) { display.show($0) }
            display.done()
            if summary.facesFound > 1 {
                printError(
                    "\(summary.facesFound) faces found in \(options.image); animated face \(options.face) (0 is the largest; --face chooses)."
                )
            }
            try report.finish(summary) {
                String(
                    format: "%@: %d frames, %.2f s, %dx%d, rendered at %.1f frames/s on %@ in %.1f s", summary.output,
                    summary.frames, summary.durationSeconds, summary.width, summary.height,
                    summary.renderFramesPerSecond,
                    summary.device, summary.wallSeconds)
            }
        }
    }
}
