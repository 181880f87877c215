import ArgumentParser
import Media

/// Where and how a command writes its MP4 (`render`, `profile render`, `edit`, `translate`).
struct VideoOutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "The MP4 to write.") var output: String
    @Option(
        help: ArgumentHelp(
            "H.264 quality: 0 (lossless) ... 51; lower is better and larger.",
            discussion: "Default: 23 for render; 18 for edit and translate, which re-encode a filmed video."))
    var crf: Int?
    @Option(help: "Video encoder (libx264, or e.g. h264_nvenc where FFmpeg has it).") var encoder: String = "libx264"
    @Flag(help: "Replace an existing output.") var force = false

    func validate() throws {
        guard output.lowercased().hasSuffix(".mp4") else {
            throw ValidationError("--output must name an .mp4 file, got \(output).")
        }
        if let crf, !(0...51).contains(crf) { throw ValidationError("--crf must be between 0 and 51, got \(crf).") }
        do throws(MediaError) { try VideoEncoderChoice.validate(encoder) } catch {
            throw ValidationError(error.description)
        }
    }

    /// --crf, or the command's default.
    func crf(default value: Int) -> Int { crf ?? value }
}
