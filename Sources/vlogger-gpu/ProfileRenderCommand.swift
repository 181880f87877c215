import ArgumentParser
import Foundation
import Media
import Pipeline

struct ProfileRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render as `vlogger-gpu render` does and print time per stage, frames per second and peak memory.",
        discussion: """
            Stages: decode (the photo), perception (the four models), motion (TTS or decoding, phonemes, motion), \
            pose (posing the layers on the CPU), render (uploads, rasterization and warp on the GPU, readback; of \
            which rasterize and warp are GPU time from Vulkan timestamps), encode (H.264/AAC on its own thread, \
            overlapping rendering). Peak memory is the process's maximum \
            resident set size.

            Examples:
              vlogger-gpu profile render --image photo.jpg --text "Hello there." -o out.mp4
              vlogger-gpu profile render --image photo.jpg --audio talk.wav -o out.mp4 --json
            """
    )

    @OptionGroup var options: RenderOptions
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var gpu: GPUOptions

    struct Report: Encodable {
        let summary: TalkingVideoRenderer.Summary
        let framesPerSecond: Double
        /// Wall seconds per second of video.
        let secondsPerVideoSecond: Double
        let peakResidentBytes: Int
    }

    func run() throws {
        InterruptCleanup.install()
        try reportingErrors(on: gpu) { device in
            var request = try options.request()
            request.profileGPU = true
            let summary = try TalkingVideoRenderer(device: device).run(request)
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let report = Report(
                summary: summary, framesPerSecond: Double(summary.frames) / summary.wallSeconds,
                secondsPerVideoSecond: summary.wallSeconds / max(summary.durationSeconds, 1e-9),
                peakResidentBytes: usage.ru_maxrss * 1024)
            if json {
                try printJSON(report)
                return
            }
            let s = summary.stages
            print(
                String(
                    format: "%@: %d frames, %.2f s of video at %dx%d on %@", summary.output, summary.frames,
                    summary.durationSeconds,
                    summary.width, summary.height, summary.device))
            for (name, seconds) in [
                ("decode", s.decode), ("perception", s.perception), ("motion", s.motion), ("pose (CPU)", s.pose),
                ("render (GPU)", s.render), ("  rasterize", s.gpuRasterize ?? 0), ("  warp", s.gpuWarp ?? 0),
                ("encode (thread)", s.encode),
            ] {
                print(
                    "  " + name.padding(toLength: 16, withPad: " ", startingAt: 0)
                        + String(
                            format: "%8.2f s  %6.1f ms/frame", seconds, 1000 * seconds / Double(max(summary.frames, 1)))
                )
            }
            print(
                "  total           "
                    + String(
                        format: "%8.2f s  = %.2f s per second of video, %.1f frames/s", summary.wallSeconds,
                        report.secondsPerVideoSecond, report.framesPerSecond))
            print(String(format: "  peak memory      %8.1f MB", Double(report.peakResidentBytes) / 1e6))
        }
    }
}
