import ArgumentParser
import Drawing
import Foundation
import Media
import Motion
import Pipeline

struct MotionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motion",
        abstract: "Turn speech into a motion track: per-frame face, head and body controls as JSON (and a plot).",
        discussion: """
            Phonemes come from eSpeak for --text (exact), from pocketsphinx for --audio (forced alignment with \
            --transcript; otherwise the recognized words, aligned, with the lip closures phone recognition hears), or \
            from the sound alone with --lipsync acoustic (any language), or as given with --phonemes (an aligner's \
            or synthesizer's timing). Stretches the phonemes do not explain follow \
            the sound alone, and a warning says so. Visemes \
            are coarticulated (lips close on p/b/m, round ahead of oo/w, rest in silence); head, brows, gestures \
            and breathing follow the prosody; blinks and gaze are seeded. The JSON schema is in the README; \
            `render --motion` takes an edited file.

            Examples:
              vlogger-gpu motion --text "Hello, my name is Anna." -o motion.json --plot motion.png
              vlogger-gpu motion --audio speech.wav -o motion.json --seed 7
              vlogger-gpu motion --audio speech.wav --transcript "hello my name is anna" -o motion.json
              vlogger-gpu motion --audio speech.wav --phonemes speech.lab -o motion.json
              vlogger-gpu motion --audio rede.wav --lipsync acoustic --eyes closed:2-3.5 -o motion.json
            """
    )

    @OptionGroup(title: "Speech") var speech: SpeechOptions
    @Option(name: [.short, .customLong("output")], help: "The motion JSON to write.") var output: String
    @Option(help: "Also draw the waveform, phonemes and main control curves to this PNG.") var plot: String?
    @Option(help: "Also write the speech synthesized for --text to this WAV file (16-bit PCM, eSpeak's sample rate).")
    var speechOut: String?
    @Flag(help: "Replace existing output files.") var force = false
    @OptionGroup(title: "Motion") var motion: MotionOptionsGroup
    @OptionGroup(title: "GPU (for --lipsync neural)") var gpu: GPUOptions

    func validate() throws {
        guard output.lowercased().hasSuffix(".json") else {
            throw ValidationError("--output must name a .json file, got \(output).")
        }
        if let plot, !plot.lowercased().hasSuffix(".png") {
            throw ValidationError("--plot must name a .png file, got \(plot).")
        }
        if let speechOut {
            guard speech.text != nil else {
                throw ValidationError(
                    "--speech-out saves the speech synthesized for --text; with --audio the speech is "
                        + "already in \(speech.audio ?? "the audio file").")
            }
            guard speechOut.lowercased().hasSuffix(".wav") else {
                throw ValidationError("--speech-out must name a .wav file, got \(speechOut).")
            }
        }
    }

    func run() throws {
        try reportingErrors {
            let outputs = [output] + [plot, speechOut].compactMap { $0 }
            for path in outputs {
                try OutputPath.check(path, inputs: speech.audio.map { [$0] } ?? [], overwrite: force)
            }
            let input = try speech.input()
            // Only the neural lip sync runs on the GPU; every other motion is made on the CPU, with no device opened.
            let listener: PhonemeListener? =
                if case .audio(_, _, .neural) = input {
                    try gpu.withDevice { device in try NeuralLipSync.listener(device: device) }
                } else {
                    nil
                }
            let result = try SpeechMotion.make(input, options: try motion.options(), listener: listener)
            // All the outputs or none: one that fails takes those written before it away again.
            var written: [String] = []
            do {
                try MotionTrackFile.write(result.track, to: output, overwrite: force)
                written.append(output)
                if let plot {
                    try PNGWriter.write(
                        try MotionPlot.render(track: result.track, sound: result.audio.signal), to: plot,
                        overwrite: force)
                    written.append(plot)
                }
                if let speechOut { try WAVWriter.write(result.audio.original, to: speechOut, overwrite: force) }
            } catch {
                for path in written { try? FileManager.default.removeItem(atPath: path) }
                throw error
            }
            for warning in result.warnings { FileHandle.standardError.write(Data(("warning: " + warning + "\n").utf8)) }
            let track = result.track
            print(
                String(
                    format: "%@: %d frames at %g fps (%.2f s), %d phonemes from %@, seed %llu",
                    output, track.frames.count, track.fps, track.duration,
                    track.phonemes.filter { $0.phoneme != .SIL }.count,
                    track.phonemeSource, track.seed))
        }
    }
}
