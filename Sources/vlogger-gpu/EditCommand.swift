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
    @Flag(help: "Close the eyes.") var closeEyes = false
    @Flag(help: "Close the mouth.") var closeMouth = false
    @Option(help: "Give the face this expression.") var expression: EditedExpression?
    @Option(help: "Start of the range in seconds (default: the start).") var from: Double?
    @Option(help: "End of the range in seconds (default: the end).") var to: Double?
    @OptionGroup(title: "Output") var output: VideoOutputOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var gpu: GPUOptions

    private var change: ControlOverride.Change? {
        if closeEyes { return .eyesClosed }
        if closeMouth { return .mouthClosed }
        return expression.map { .expression($0.expression) }
    }

    func validate() throws {
        let chosen = [closeEyes, closeMouth, expression != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("Choose one change: --close-eyes, --close-mouth or --expression smile|serious.")
        }
        // NaN passes every comparison, so finiteness is checked first; --to is checked on its own too (the range
        // built from it would trap on a lower bound above the upper one).
        if let from, !from.isFinite || from < 0 {
            throw ValidationError("--from must be a number of seconds, 0 or more, got \(from).")
        }
        if let to, !to.isFinite || to <= 0 {
            throw ValidationError("--to must be a number of seconds after the start, got \(to).")
        }
        if let from, let to, to <= from { throw ValidationError("--to must come after --from.") }
    }

    func run() throws {
        InterruptCleanup.install()
        try reportingErrors(on: gpu) { device in
            guard let change else { return }
            let range: ClosedRange<Double>? =
                from == nil && to == nil ? nil : (from ?? 0)...(to ?? .greatestFiniteMagnitude)
            var request = VideoEditor.Request(input: video, output: output.output, change: change, range: range)
            request.crf = output.crf(default: 18)
            request.encoder = output.encoder
            request.overwrite = output.force
            let display = ProgressDisplay(enabled: !report.quiet)
            let summary = try VideoEditor(device: device).run(request) { display.show($0) }
            display.done()
            if summary.framesWithoutFace > 0 {
                printError(
                    "no face was found in \(summary.framesWithoutFace) frames of the range; they are left as they were."
                )
            }
            try report.finish(summary) {
                String(
                    format: "%@: %d frames, %d edited, audio %@, in %.1f s", summary.output, summary.frames,
                    summary.editedFrames, summary.audio, summary.wallSeconds)
            }
        }
    }
}

/// The expressions `edit --expression` gives a face (neutral is the face as filmed: nothing to edit).
enum EditedExpression: String, CaseIterable, ExpressibleByArgument {
    case smile, serious

    var expression: Motion.Expression {
        switch self {
        case .smile: .smile
        case .serious: .serious
        }
    }
}
