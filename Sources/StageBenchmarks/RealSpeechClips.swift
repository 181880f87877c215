import Foundation
import Pipeline

/// Recordings of real people with their transcripts, for evaluating lip sync (never for tuning a model):
/// Debian's pocketsphinx-testdata package (`make deps` installs it) holds five LibriVox sentences read by a
/// woman (16 kHz, 3-7 s) and five card names read by a man (1-3.5 s).
public struct RealSpeechClip: Sendable, Hashable {
    public let name: String
    public let path: String
    public let transcript: String
}

public enum RealSpeechClips {
    public static let defaultFolder = "/usr/share/pocketsphinx/test/data"

    /// Every clip whose audio is there, in name order; throws when the folder or its transcripts are missing.
    public static func load(folder: String = defaultFolder) throws(PipelineError) -> [RealSpeechClip] {
        let sets = [("librivox", "transcription"), ("cards", "cards.transcription")]
        var clips: [RealSpeechClip] = []
        for (subfolder, listing) in sets {
            let directory = folder + "/" + subfolder
            guard let text = try? String(contentsOfFile: directory + "/" + listing, encoding: .utf8) else {
                throw .media(
                    .invalidRequest(
                        "the real-speech clips' transcripts are not at \(directory)/\(listing); install pocketsphinx-testdata (make deps)"
                    ))
            }
            clips += text.split(separator: "\n").compactMap { line in
                Self.parse(String(line), directory: directory)
            }
        }
        guard !clips.isEmpty else {
            throw .media(
                .invalidRequest("no real-speech clip was found in \(folder); install pocketsphinx-testdata (make deps)")
            )
        }
        return clips.sorted { $0.name < $1.name }
    }

    /// "<s> words </s> (id)" -> the clip `directory/id.wav`, when that file exists.
    static func parse(_ line: String, directory: String) -> RealSpeechClip? {
        guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { return nil }
        let id = String(line[line.index(after: open)..<close])
        let words = line[..<open].split(separator: " ").filter { $0 != "<s>" && $0 != "</s>" }.joined(separator: " ")
        let path = directory + "/" + id + ".wav"
        guard !words.isEmpty, FileManager.default.fileExists(atPath: path) else { return nil }
        return RealSpeechClip(name: id, path: path, transcript: words)
    }
}
