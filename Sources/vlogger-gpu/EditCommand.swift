import ArgumentParser
import Foundation
import Media
import Motion
import Pipeline

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change the face in an existing video over a time range: close the eyes or the mouth, or smile.",
        discussion: """
        Tracks the face in every frame of the range, fits the face model to it, poses it with the change and \
        re-renders the face from that same frame; pixels the face does not cover, and every frame outside the \
        range, are the input's decoded pixels (then encoded again; with --crf 0 losslessly). The change eases in \
        and out over 150 ms. Every frame keeps its time (variable frame rate stays variable) and the audio \
        stream is copied as it is (encoded to AAC only when MP4 cannot hold its codec).

        Examples:
          vlogger-gpu edit --video in.mp4 -o out.mp4 --close-eyes --from 1.5 --to 3.0
          vlogger-gpu edit --video in.mp4 -o out.mp4 --close-mouth
          vlogger-gpu edit --video in.mp4 -o out.mp4 --expression smile --from 4
        """
    )

    @Option(help: "The video to edit.") var video: String
    @Option(name: [.short, .customLong("output")], help: "The MP4 to write.") var output: String
    @Flag(help: "Close the eyes.") var closeEyes = false
    @Flag(help: "Close the mouth.") var closeMouth = false
    @Option(help: "smile or serious.") var expression: String?
    @Option(help: "Start of the range in seconds (default: the start).") var from: Double?
    @Option(help: "End of the range in seconds (default: the end).") var to: Double?
    @Option(help: "H.264 quality: 0 (lossless) ... 51.") var crf: Int = 18
    @Option(help: "Video encoder.") var encoder: String = "libx264"
    @Flag(help: "Replace an existing output.") var force = false
    @Flag(help: "No progress display.") var quiet = false
    @Flag(help: "Print a JSON summary on stdout.") var json = false
    @OptionGroup var gpu: GPUOptions

    private var change: ControlOverride.Change? {
        if closeEyes { return .eyesClosed }
        if closeMouth { return .mouthClosed }
        return expression.flatMap(Expression.init(rawValue:)).map { .expression($0) }
    }

    func validate() throws {
        let chosen = [closeEyes, closeMouth, expression != nil].filter { $0 }.count
        guard chosen == 1 else { throw ValidationError("Choose one change: --close-eyes, --close-mouth or --expression smile|serious.") }
        if let expression, !["smile", "serious"].contains(expression) {
            throw ValidationError("--expression must be smile or serious, got \(expression).")
        }
        // NaN passes every comparison, so finiteness is checked first; --to is checked on its own too (the range
        // built from it would trap on a lower bound above the upper one).
        if let from, !from.isFinite || from < 0 { throw ValidationError("--from must be a number of seconds, 0 or more, got \(from).") }
        if let to, !to.isFinite || to <= 0 { throw ValidationError("--to must be a number of seconds after the start, got \(to).") }
        if let from, let to, to <= from { throw ValidationError("--to must come after --from.") }
        guard output.lowercased().hasSuffix(".mp4") else { throw ValidationError("--output must name an .mp4 file, got \(output).") }
        guard (0...51).contains(crf) else { throw ValidationError("--crf must be between 0 and 51, got \(crf).") }
        do throws(MediaError) { try VideoEncoderChoice.validate(encoder) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        InterruptCleanup.install()
        try reportingErrors {
            guard let change else { return }
            let device = try gpu.openDevice()
            defer { reportValidationMessages(device.instance) }
            let range: ClosedRange<Double>? = from == nil && to == nil ? nil : (from ?? 0)...(to ?? .greatestFiniteMagnitude)
            var request = VideoEditor.Request(input: video, output: output, change: change, range: range)
            request.crf = crf
            request.encoder = encoder
            request.overwrite = force
            let display = ProgressDisplay(enabled: !quiet)
            let summary = try VideoEditor(device: device).run(request) { display.show($0) }
            display.done()
            if summary.framesWithoutFace > 0 {
                printError("no face was found in \(summary.framesWithoutFace) frames of the range; they are left as they were.")
            }
            if json {
                try printJSON(summary)
            } else if !quiet {
                print(String(format: "%@: %d frames, %d edited, audio %@, in %.1f s", summary.output, summary.frames,
                             summary.editedFrames, summary.audio, summary.wallSeconds))
            }
        }
    }
}
