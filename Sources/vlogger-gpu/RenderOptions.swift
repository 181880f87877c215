import ArgumentParser
import Foundation
import Media
import Motion
import Pipeline

/// What `render` and `profile render` take: the photo, the speech, the output and the motion knobs.
struct RenderOptions: ParsableArguments {
    @Option(help: "The photo (PNG, JPEG, WebP, BMP).") var image: String
    @Option(parsing: .unconditional, help: "Text to speak with the built-in TTS.") var text: String?
    @Option(help: "eSpeak voice for --text.") var voice: String = "en-us"
    @Option(help: "Speaking rate for --text, words per minute.") var rate: Int = 175
    @Option(help: "Speech audio (any audio file, or a video's sound).") var audio: String?
    @OptionGroup(title: "Lip sync") var words: TranscriptOptions
    @Option(help: "A motion file (from `vlogger-gpu motion`, possibly edited) to use instead of generating motion.") var motion: String?
    @Option(name: [.short, .customLong("output")], help: "The MP4 to write.") var output: String
    @Option(help: "Output long side in pixels (default: the photo's working size).") var size: Int?
    @Option(help: "H.264 quality: 0 (lossless) ... 51; lower is better and larger.") var crf: Int = 23
    @Option(help: "Video encoder (libx264, or e.g. h264_nvenc where FFmpeg has it).") var encoder: String = "libx264"
    @Option(help: "Which face to animate when the photo has several: 0 is the largest.") var face: Int = 0
    @Option(help: "Framing: none (the whole photo), auto (head and shoulders, square) or WxH (head and shoulders in that shape, e.g. 16x9).")
    var crop: String = "none"
    @Flag(help: "Replace an existing output.") var force = false
    @OptionGroup(title: "Motion") var motionOptions: MotionOptionsGroup

    func validate() throws {
        guard (text == nil) != (audio == nil) else { throw ValidationError("Give either --text or --audio.") }
        if text != nil && words.isSet {
            throw ValidationError("--transcript, --transcript-file and --lipsync apply to --audio; --text is already exact.")
        }
        guard output.lowercased().hasSuffix(".mp4") else { throw ValidationError("--output must name an .mp4 file, got \(output).") }
        if let size, !(64...4096).contains(size) { throw ValidationError("--size must be between 64 and 4096, got \(size).") }
        guard (0...51).contains(crf) else { throw ValidationError("--crf must be between 0 and 51, got \(crf).") }
        do throws(MediaError) { try VideoEncoderChoice.validate(encoder) } catch { throw ValidationError(error.description) }
        guard face >= 0 else { throw ValidationError("--face must be 0 or more.") }
        guard cropChoice != nil else { throw ValidationError("--crop must be none, auto or WxH (e.g. 16x9), got \(crop).") }
        guard motionOptions.fps == motionOptions.fps.rounded() else { throw ValidationError("--fps must be a whole number for video.") }
    }


    /// The request these options describe.
    func request() throws -> TalkingVideoRenderer.Request {
        let speech: SpeechInput = try text.map { .text($0, voice: voice, rate: rate) } ?? words.speech(path: audio ?? "")
        var request = TalkingVideoRenderer.Request(photo: image, speech: speech, output: output)
        request.motionFile = motion
        request.motion = try motionOptions.options()
        request.size = size
        request.crf = crf
        request.encoder = encoder
        request.overwrite = force
        request.face = face
        request.crop = cropChoice ?? .none
        return request
    }

    private var cropChoice: TalkingVideoRenderer.Crop? {
        switch crop {
        case "none": return TalkingVideoRenderer.Crop.none
        case "auto": return .auto
        default:
            let sides = crop.split(separator: "x").compactMap { Int($0) }
            guard sides.count == 2, (1...100).contains(sides[0]), (1...100).contains(sides[1]) else { return nil }
            return .aspect(width: sides[0], height: sides[1])
        }
    }
}
