import ArgumentParser
import Foundation
import Motion
import Pipeline
import StageBenchmarks

struct BenchLipSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lipsync",
        abstract: "Score every lip-sync mode on recordings of real people against their true words.",
        discussion: """
            Runs each --lipsync mode (without the transcript) on the LibriVox and card-reading clips of Debian's \
            pocketsphinx-testdata package (make deps installs it) and scores it against forced alignment to the \
            clip's transcript: true p/b/m found (a found bilabial overlapping the true one within 60 ms), false \
            closures, the longest speech phoneme, the jaw curve's correlation with the aligned one, and CPU seconds \
            per second of audio (model loading reported apart).

            Examples:
              vlogger-gpu bench lipsync
              vlogger-gpu bench lipsync --lipsync words --json
            """
    )

    @Option(help: "Only this mode: words (the default without a transcript), recognize, acoustic or neural.")
    var lipsync: String?
    @Option(help: "The folder holding librivox/ and cards/.") var clips: String = RealSpeechClips.defaultFolder
    @Flag(help: "Print JSON instead of a table.") var json = false
    @OptionGroup(title: "GPU (for the neural mode)") var gpu: GPUOptions

    func validate() throws {
        if let lipsync, !["words", "recognize", "acoustic", "neural", "auto"].contains(lipsync) {
            throw ValidationError(
                "--lipsync must be words, recognize, acoustic or neural (auto is words without a transcript), got \(lipsync)."
            )
        }
    }

    func run() throws {
        try reportingErrors {
            let modes =
                lipsync.map { [$0 == "auto" ? LipSync.words : LipSync(rawValue: $0) ?? .words] }
                ?? LipSyncEvaluation.modes
            let listener: PhonemeListener? =
                modes.contains(.neural)
                ? try gpu.withDevice { device in try NeuralLipSync.listener(device: device) } : nil
            let evaluation = try LipSyncEvaluation.run(
                clips: try RealSpeechClips.load(folder: clips), modes: modes, listener: listener)
            if json {
                try printJSON(evaluation)
                return
            }
            func pad(_ text: String, _ width: Int) -> String {
                text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
            }
            let clipWidth = evaluation.rows.map(\.clip.count).max() ?? 4
            print(pad("clip", clipWidth) + "  mode       p/b/m  false  longest   jaw r  CPU s/s  sources")
            for row in evaluation.rows {
                print(
                    pad(row.clip, clipWidth) + "  " + pad(row.mode, 9)
                        + String(
                            format: " %3d/%-3d  %4d  %4.2f ",
                            row.score.bilabialHits, row.score.trueBilabials, row.score.falseClosures,
                            row.score.longestPhonemeSeconds)
                        + pad(row.score.longestPhoneme, 3)
                        + String(
                            format: "  %5.2f  %7.3f  ", row.score.jawCorrelation, row.cpuSeconds / row.audioSeconds)
                        + row.sources)
            }
            print("")
            print(
                "mode       p/b/m found       false closures  longest phoneme  jaw r (lowest, mean)  CPU s per s of audio"
            )
            for s in evaluation.summaries {
                print(
                    pad(s.mode, 9)
                        + String(
                            format:
                                "  %3d/%-3d = %5.1f%%  %3d = %5.1f%%     %4.2f s           %5.2f, %5.2f          %.3f",
                            s.bilabialHits, s.trueBilabials,
                            100 * Double(s.bilabialHits) / Double(max(s.trueBilabials, 1)),
                            s.falseClosures, 100 * Double(s.falseClosures) / Double(max(s.trueBilabials, 1)),
                            s.longestPhonemeSeconds,
                            s.lowestJawCorrelation, s.meanJawCorrelation, s.cpuSecondsPerAudioSecond))
            }
            print(String(format: "model loading: %.2f s of CPU once", evaluation.modelLoadCPUSeconds))
        }
    }
}
