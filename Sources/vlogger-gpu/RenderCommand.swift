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
        as its AAC audio track. Frames stream to the encoder: memory does not grow with the length.

        Examples:
          vlogger-gpu render --image photo.jpg --text "Hello! Nice to meet you." -o hello.mp4
          vlogger-gpu render --image photo.jpg --audio speech.wav -o talk.mp4 --seed 3 --head-motion 0.5
          vlogger-gpu render --image photo.jpg --audio speech.wav --motion edited.json -o talk.mp4
        """
    )

    @Option(help: "The photo (PNG, JPEG, WebP, BMP).") var image: String
    @Option(help: "Text to speak with the built-in TTS.") var text: String?
    @Option(help: "eSpeak voice for --text.") var voice: String = "en-us"
    @Option(help: "Speaking rate for --text, words per minute.") var rate: Int = 175
    @Option(help: "Speech audio (any audio file, or a video's sound).") var audio: String?
    @Option(help: "The words spoken in --audio (forced alignment: better lips).") var transcript: String?
    @Option(help: "How --audio's phonemes are found: auto, recognize, align or acoustic.") var lipsync: String = "auto"
    @Option(help: "A motion file (from `vlogger-gpu motion`, possibly edited) to use instead of generating motion.") var motion: String?
    @Option(name: [.short, .customLong("output")], help: "The MP4 to write.") var output: String
    @Option(help: "Output long side in pixels (default: the photo's working size).") var size: Int?
    @Option(help: "H.264 quality: 0 (lossless) ... 51; lower is better and larger.") var crf: Int = 23
    @Option(help: "Video encoder (libx264, or e.g. h264_nvenc where FFmpeg has it).") var encoder: String = "libx264"
    @Option(help: "Which face to animate when the photo has several: 0 is the largest.") var face: Int = 0
    @Flag(help: "Replace an existing output.") var force = false
    @Flag(help: "No progress display.") var quiet = false
    @Flag(help: "Print a JSON summary on stdout.") var json = false
    @OptionGroup(title: "Motion") var motionOptions: MotionOptionsGroup
    @OptionGroup var gpu: GPUOptions

    func validate() throws {
        guard (text == nil) != (audio == nil) else { throw ValidationError("Give either --text or --audio.") }
        guard LipSync(rawValue: lipsync) != nil else {
            throw ValidationError("--lipsync must be one of \(LipSync.allCases.map(\.rawValue).joined(separator: ", ")), got \(lipsync).")
        }
        guard output.lowercased().hasSuffix(".mp4") else { throw ValidationError("--output must name an .mp4 file, got \(output).") }
        if let size, !(64...4096).contains(size) { throw ValidationError("--size must be between 64 and 4096, got \(size).") }
        guard (0...51).contains(crf) else { throw ValidationError("--crf must be between 0 and 51, got \(crf).") }
        guard face >= 0 else { throw ValidationError("--face must be 0 or more.") }
        guard motionOptions.fps == motionOptions.fps.rounded() else { throw ValidationError("--fps must be a whole number for video.") }
    }

    func run() throws {
        InterruptCleanup.install()
        try reportingErrors {
            let device = try gpu.openDevice()
            defer { reportValidationMessages(device.instance) }
            let speech: SpeechInput = text.map { .text($0, voice: voice, rate: rate) }
                ?? .audio(path: audio ?? "", transcript: transcript, lipSync: LipSync(rawValue: lipsync) ?? .auto)
            var request = TalkingVideoRenderer.Request(photo: image, speech: speech, output: output)
            request.motionFile = motion
            request.motion = try motionOptions.options()
            request.size = size
            request.crf = crf
            request.encoder = encoder
            request.overwrite = force
            request.face = face
            let display = ProgressDisplay(enabled: !quiet)
            let summary = try TalkingVideoRenderer(device: device).run(request) { display.show($0) }
            display.done()
            if summary.facesFound > 1 {
                printError("\(summary.facesFound) faces found in \(image); animated face \(face) (0 is the largest; --face chooses).")
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            } else if !quiet {
                print(String(format: "%@: %d frames, %.2f s, %dx%d, rendered at %.1f frames/s on %@ in %.1f s", summary.output,
                             summary.frames, summary.durationSeconds, summary.width, summary.height, summary.renderFramesPerSecond,
                             summary.device, summary.wallSeconds))
            }
        }
    }
}

