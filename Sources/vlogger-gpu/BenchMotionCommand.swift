import ArgumentParser
import Foundation
import Media
import Pipeline
import StageBenchmarks

struct BenchMotionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motion",
        abstract: "Time stage 1 on the CPU: prosody features, motion generation, acoustic phonemes, JSON.",
        discussion: """
            Speaks a paragraph with eSpeak until --seconds of speech exist (not timed), then reports the median \
            of --iterations runs of each step. Phoneme recognition (pocketsphinx) is separate and not included.

            Examples:
              vlogger-gpu bench motion
              vlogger-gpu bench motion --seconds 600 --json
            """
    )

    @Option(help: "Seconds of speech.") var seconds: Double = 60
    @Option(help: "Timed runs per step.") var iterations: Int = 5
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard (1...3600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 3600.") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1.") }
    }

    func run() throws {
        try reportingErrors {
            let result = try MotionBenchmark.run(seconds: seconds, iterations: iterations)
            if json {
                try printJSON(result)
                return
            }
            print(
                String(
                    format: "%.1f s of speech, %d phonemes, %d frames at 25 fps", result.audioSeconds, result.phonemes,
                    result.frames))
            print(String(format: "prosody features (energy + YIN pitch)  %9.1f ms", result.prosodyMilliseconds))
            print(String(format: "motion generation                      %9.1f ms", result.generateMilliseconds))
            print(String(format: "acoustic phonemes                      %9.1f ms", result.acousticMilliseconds))
            print(String(format: "JSON encoding                          %9.1f ms", result.jsonMilliseconds))
            let total = result.prosodyMilliseconds + result.generateMilliseconds + result.jsonMilliseconds
            print(
                String(
                    format: "total (text path)                      %9.1f ms = %.4f s of CPU per second of audio",
                    total,
                    total / 1000 / result.audioSeconds))
        }
    }
}
