import Foundation
import Media
import Motion
import NN

/// One parser of untrusted input, run on arbitrary bytes. Each must return (an error is fine) and never
/// crash, hang or touch memory it does not own; `make fuzz` runs them under libFuzzer and AddressSanitizer.
enum FuzzTarget: String, CaseIterable {
    /// The .tflite FlatBuffer reader (models from VLOGGER_MODELS are user files).
    case tflite
    /// Still images: header sniffing, FFmpeg's image demuxers and decoders, conversion to RGB.
    case image
    /// Audio files through libsndfile or FFmpeg, resampled and checked like speech input.
    case audio
    /// Videos (MP4, MOV, MKV, AVI ...): demuxing, frame decoding, the audio track.
    case video
    /// Motion files (JSON) with their version, timing and control-range checks.
    case motion
    /// safetensors weights (header JSON, byte ranges, dtypes), every tensor read.
    case safetensors
    /// Phoneme timing files (`--phonemes`): labels or flite's end times.
    case phonemes

    /// Runs the target on `bytes` and says what came of it (the replay tool prints it). File-based parsers
    /// read the bytes from `scratch`, rewritten each time.
    @discardableResult
    func run(_ bytes: UnsafeRawBufferPointer, scratch: String) -> String {
        do {
            switch self {
            case .tflite:
                let model = try TFLiteModel(bytes: Array(bytes))
                return "\(model.tensors.count) tensors, \(model.operators.count) operators"
            case .image:
                try write(bytes, to: scratch)
                let image = try ImageDecoder.decode(path: scratch, maxLongSide: 64)
                return "\(image.width)x\(image.height) pixels"
            case .audio:
                try write(bytes, to: scratch)
                let audio = try SpeechAudio(path: scratch)
                return String(format: "%.2f s of sound", audio.original.duration)
            case .video:
                try write(bytes, to: scratch)
                let reader = try VideoReader(path: scratch)
                var frames = 0
                try reader.forEachFrame(maxLongSide: 64) { _ in
                    frames += 1
                    return frames < 8
                }
                let sound = (try? reader.audio()).map { "\($0.samples.count) audio samples" } ?? "no usable audio"
                return "\(frames) frames, \(sound)"
            case .motion:
                try write(bytes, to: scratch)
                let track = try MotionTrackFile.read(scratch)
                return "\(track.frames.count) frames"
            case .safetensors:
                let file = try SafeTensorsFile(data: Data(bytes), path: "input")
                let values = try file.tensors.reduce(0) { $0 + (try file.floats($1.key, shape: $1.value.shape)).count }
                return "\(file.tensors.count) tensors, \(values) values"
            case .phonemes:
                try write(bytes, to: scratch)
                return "\(try PhonemeTimingFile.read(scratch).count) phonemes"
            }
        } catch {
            return "refused: \(error)"
        }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FuzzError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw FuzzError(path: path) }
    }

    /// A private file for the parsers that take a path (in /dev/shm when there is one: no disk writes).
    static func scratchPath(for target: FuzzTarget) -> String {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(folder)/vlogger-fuzz-\(getpid())-\(target.rawValue)"
    }
}

/// The scratch file could not be written (a full /dev/shm); not a finding about the parser.
struct FuzzError: Error, CustomStringConvertible {
    let path: String
    var description: String { "the scratch file \(path) could not be written" }
}
