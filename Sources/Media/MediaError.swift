/// Why reading or writing media failed: one plain sentence naming the file and what to do.
/// The CLI decides the exit code from the case (see docs/ARCHITECTURE.md).
public enum MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case missingInput(path: String)
    /// The file exists but cannot be opened, e.g. no read permission.
    case unreadable(path: String, reason: String)
    /// The input path names a folder, device or pipe rather than a file.
    case inputNotAFile(path: String, kind: String)
    /// The file's bytes are not a valid image/audio/video of a format we read.
    case corrupt(path: String, reason: String)
    /// The file is valid media of a kind this operation does not take.
    case unsupported(path: String, reason: String)
    /// An image larger than the decoder can hold.
    case imageTooLarge(path: String, width: Int, height: Int)
    /// A video or container without the audio stream the operation needs.
    case noAudioStream(path: String)
    /// Audio that decodes to no samples at all.
    case emptyAudio(path: String)
    /// Audio whose every sample is (near) zero: nothing to lip-sync to.
    case silentAudio(path: String)
    /// An output file or its temporary file cannot be created or written.
    case cannotCreateOutput(path: String, reason: String)
    /// Temporary space (where long audio is spooled) cannot be created or written.
    case scratchUnavailable(reason: String)
    /// The output exists and replacing it was not asked for.
    case outputExists(path: String)
    /// The output names a folder, device or pipe, which is never replaced, even when overwriting is allowed.
    case outputNotAFile(path: String)
    /// The requested encoder (or another codec) is not built into this FFmpeg.
    case codecUnavailable(name: String)
    /// A request the user can fix by changing an option, e.g. an unknown TTS voice or empty text.
    case invalidRequest(String)
    /// A programming error or an unexpected library failure.
    case `internal`(String)

    public var description: String {
        switch self {
        case .missingInput(let path):
            "\(path) does not exist; check the path and try again."
        case .unreadable(let path, let reason):
            "\(path) cannot be opened (\(reason)); check its permissions."
        case .inputNotAFile(let path, let kind):
            "\(path) is \(kind), not a file; give the path of the file itself."
        case .corrupt(let path, let reason):
            "\(path) is not a readable image, audio or video file (\(reason)); re-export it as PNG/JPEG, WAV/MP3 or MP4."
        case .unsupported(let path, let reason):
            "\(path) cannot be used here (\(reason)); convert it to a supported format."
        case .imageTooLarge(let path, let width, let height):
            "\(path) is too large to decode (\(width)×\(height) pixels; the limit is about 268 million); shrink it, e.g. to 4000 pixels on the long side."
        case .noAudioStream(let path):
            "\(path) has no audio track; give an audio file or a video with sound."
        case .emptyAudio(let path):
            "\(path) contains no audio samples; give a file with speech in it."
        case .silentAudio(let path):
            "\(path) is completely silent; give a file with audible speech."
        case .cannotCreateOutput(let path, let reason):
            "\(path) cannot be written (\(reason)); check that the folder exists, is writable and has free space."
        case .scratchUnavailable(let reason):
            "Temporary audio cannot be stored (\(reason)); free space in the temporary folder or point TMPDIR at one with room."
        case .outputExists(let path):
            "\(path) already exists; allow replacing it or choose another name."
        case .outputNotAFile(let path):
            "\(path) is a folder, device or pipe, not a file; give a file name for the output."
        case .codecUnavailable(let name):
            "The \(name) codec is not available in this FFmpeg build; install one that has it or pick another encoder."
        case .invalidRequest(let message):
            "\(message)."
        case .internal(let message):
            "Internal media error: \(message)."
        }
    }
}
