import Foundation
import Media

/// Motion tracks as JSON files (the schema is `MotionTrack`'s; README documents it): keys sorted so the
/// same track is the same bytes, written atomically, read back with a version check.
public enum MotionTrackFile {
    public static func encode(_ track: MotionTrack) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Every field is a plain number, string or array of them; encoding cannot fail.
        guard let data = try? encoder.encode(track) else { preconditionFailure("a MotionTrack always encodes") }
        return data
    }

    public static func write(_ track: MotionTrack, to path: String, overwrite: Bool) throws(MediaError) {
        try AtomicFileWriter.write(encode(track), to: path, overwrite: overwrite)
    }

    /// Reads a track written by `write` (or edited by hand), checking its version and that its frames
    /// fit its fps and duration.
    public static func read(_ path: String) throws(MotionFileError) -> MotionTrack {
        do {
            try requireReadableFile(path)
        } catch .missingInput {
            throw .missing(path: path)
        } catch {
            throw .unreadable(error)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(.unreadable(path: path, reason: "it could not be read"))
        }
        let track: MotionTrack
        do {
            track = try JSONDecoder().decode(MotionTrack.self, from: data)
        } catch {
            throw .invalid(path: path, reason: Self.describe(error, in: data))
        }
        guard track.version == MotionTrack.formatVersion else {
            throw .invalid(
                path: path,
                reason: "it is format version \(track.version), this program reads version \(MotionTrack.formatVersion)"
            )
        }
        guard track.fps > 0, track.fps <= 240, track.duration > 0, !track.frames.isEmpty,
            abs(Double(track.frames.count) - (track.duration * track.fps).rounded(.up)) <= 1
        else {
            throw .invalid(
                path: path,
                reason: "its \(track.frames.count) frames do not match \(track.duration) s at \(track.fps) fps")
        }
        return track
    }

    private static func describe(_ error: Error, in data: Data) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing \"\(key.stringValue)\" at \(location(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong value at \(location(context.codingPath))"
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            "\(context.debugDescription) at \(location(context.codingPath))"
        default:
            // The decoder says only "not valid JSON"; the parser says where or what (e.g. a number too large).
            syntaxProblem(in: data).map { "not valid JSON: \($0)" } ?? "not valid JSON"
        }
    }

    /// A coding path as a reader writes it: `frames[5].headYaw`, not `frames.Index 5.headYaw`.
    private static func location(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }

    private static func syntaxProblem(in data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
            return nil
        } catch {
            return ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String).map {
                String($0.prefix(120)).trimmingCharacters(in: CharacterSet(charactersIn: "."))
            }
        }
    }
}

/// Why a motion file could not be read.
public enum MotionFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(path: String)
    /// A folder, a device or no permission: the media error says which.
    case unreadable(MediaError)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "\(path) does not exist; check the path or make a motion file with `vlogger-gpu motion`."
        case .unreadable(let error): error.description
        case .invalid(let path, let reason):
            "\(path) is not a usable motion file (\(reason)); make one with `vlogger-gpu motion` or fix the edit."
        }
    }
}
