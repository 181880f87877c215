import ArgumentParser
import Foundation
import Media
import Motion
import Pipeline

/// What `render` and `profile render` take: the photo, the speech, the output and the motion knobs.
struct RenderOptions: ParsableArguments {
    @Option(help: "The photo (PNG, JPEG, WebP, BMP).") var image: String
    @OptionGroup(title: "Speech") var speech: SpeechOptions
    @Option(help: "A motion file (from `vlogger-gpu motion`, possibly edited) to use instead of generating motion.")
    var motion: String?
    @OptionGroup(title: "Output") var video: VideoOutputOptions
    @Option(help: "Output long side in pixels (default: the photo's working size).") var size: Int?
    @Option(help: "Which face to animate when the photo has several: 0 is the largest.") var face: Int = 0
    @Option(
        help:
            "Framing: none (the whole photo), auto (head and shoulders, square) or WxH (head and shoulders in that shape, e.g. 16x9)."
    )
    var crop: String = "none"
    @OptionGroup(title: "Motion") var motionOptions: MotionOptionsGroup

    func validate() throws {
        if let size, !(64...4096).contains(size) {
            throw ValidationError("--size must be between 64 and 4096, got \(size).")
        }
        guard face >= 0 else { throw ValidationError("--face must be 0 or more.") }
        guard cropChoice != nil else {
            throw ValidationError("--crop must be none, auto or WxH (e.g. 16x9), got \(crop).")
        }
        guard motionOptions.fps == motionOptions.fps.rounded() else {
            throw ValidationError("--fps must be a whole number for video.")
        }
    }

    /// The request these options describe.
    func request() throws -> TalkingVideoRenderer.Request {
        var request = TalkingVideoRenderer.Request(photo: image, speech: try speech.input(), output: video.output)
        request.motionFile = motion
        request.motion = try motionOptions.options()
        request.size = size
        request.crf = video.crf(default: 23)
        request.encoder = video.encoder
        request.overwrite = video.force
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
