import Media

/// Why a phoneme timing file (`PhonemeTimingFile`) cannot be used.
public enum PhonemeTimingError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(path: String)
    /// A folder, a device or no permission: the media error says which.
    case unreadable(MediaError)
    /// `line` is 1-based; nil when the file as a whole is wrong.
    case invalid(path: String, line: Int?, reason: String)
    /// The timing runs past the end of the recording it was given for: most likely another recording's.
    case longerThanAudio(path: String, end: Double, audio: String, duration: Double)

    public var description: String {
        switch self {
        case .missing(let path):
            "\(path) does not exist; check the path of the phoneme timing file."
        case .unreadable(let error): error.description
        case .invalid(let path, let line, let reason):
            "\(path)\(line.map { " line \($0)" } ?? "") is not usable phoneme timing (\(reason)); give START END PHONE lines (seconds, ARPAbet) or flite -psdur's phone:end pairs."
        case .longerThanAudio(let path, let end, let audio, let duration):
            "\(path) times phonemes up to \(Self.format(end)) s but \(audio) lasts \(Self.format(duration)) s; give the timing made for this recording."
        }
    }

    private static func format(_ seconds: Double) -> String {
        String(Double((seconds * 100).rounded()) / 100)
    }
}
