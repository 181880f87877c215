import ArgumentParser
import Foundation
import Pipeline
import StageBenchmarks

struct BenchMouthSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mouth-sync",
        abstract: "Measure lip sync on finished videos: the decoded frames' mouth against their own sound track.",
        discussion: """
            Every decoded frame is tracked with the face mesh (no smoothing); its mouth aperture is the inner-lip gap \
            (landmarks 13-14) over the eye-corner distance (33-263). The video's audio is decoded and its RMS taken over \
            each frame's display time. Inside speech (RMS above --speech-fraction of its 95th percentile) the two are \
            correlated (Pearson r) with the mouth taken 0, ±1 ... ±--max-lag frames after the sound; a video in sync \
            peaks at lag 0 or +1.

            Examples:
              vlogger-gpu bench mouth-sync talk.mp4
              vlogger-gpu bench mouth-sync render.mp4 dubbed.mp4 --json
            """
    )

    @Argument(help: "MP4 (or any video FFmpeg reads) with a face and an audio track.")
    var videos: [String]

    @Option(help: "Largest lag in frames, both ways.")
    var maxLag = 3

    @Option(help: "Speech: frames whose RMS is above this share of the 95th-percentile RMS.")
    var speechFraction: Float = 0.1

    @Flag(help: "Print JSON (with the per-frame curves) instead of a table.")
    var json = false

    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard !videos.isEmpty else { throw ValidationError("Give at least one video.") }
        guard (0...25).contains(maxLag) else { throw ValidationError("--max-lag must be 0...25, got \(maxLag).") }
        guard speechFraction > 0 && speechFraction < 1 else {
            throw ValidationError("--speech-fraction must be between 0 and 1, got \(speechFraction).")
        }
    }

    func run() throws {
        try reportingErrors(on: gpu) { device in
            let meter = try MouthSyncMeter(device: device)
            let options = MouthSyncMeasurement.Options(lags: -maxLag...maxLag, speechFraction: speechFraction)
            var results: [MouthSyncMeasurement] = []
            for video in videos {
                let result = try meter.measure(video: video, options: options)
                results.append(result)
                if !json { print(Self.table(result)) }
            }
            if json { try printJSON(results) }
        }
    }

    /// One block per video: counts, then r at each lag with the best marked.
    static func table(_ result: MouthSyncMeasurement) -> String {
        var lines = [
            "\(result.video): \(result.frames) frames (\(result.framesWithFace) with a face), "
                + "\(result.speechFrames) inside speech (RMS > \(String(format: "%.4f", result.speechThreshold)))"
        ]
        lines.append("  lag (frames)      r   pairs")
        for row in result.correlations {
            let r = row.r.map { String(format: "%6.3f", $0) } ?? "     -"
            let mark = row.lag == result.best?.lag ? "  best" : ""
            lines.append(String(format: "  %+12d  ", row.lag) + r + String(format: "  %6d", row.pairs) + mark)
        }
        return lines.joined(separator: "\n")
    }
}
