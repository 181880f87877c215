import CFFmpeg
import CSndFile
import Foundation

/// The rate and channel count a decoded file's samples come in.
public struct AudioFormat: Sendable, Equatable {
    public let sampleRate: Int
    public let channels: Int
}

/// Reads audio files: WAV/AIFF/FLAC/OGG/AU/CAF through libsndfile,
/// everything else (MP3, M4A/AAC, Opus, the audio track of a video) through libavformat.
public enum AudioDecoder {
    /// The file's audio at its own rate and channel count. An empty result is not an error here
    /// (SpeechAudio decides what is usable); a file with no audio stream is.
    public static func decode(path: String) throws(MediaError) -> AudioClip {
        var samples: [Float] = []
        let format = try stream(path: path) { chunk, _ in samples += chunk }
        return AudioClip(samples: samples, sampleRate: format.sampleRate, channels: format.channels)
    }

    /// One decoded stretch, interleaved, and the format it is in (the same for every stretch of a file).
    public typealias Chunk = ([Float], AudioFormat) throws(MediaError) -> Void

    /// Decodes `path` a few thousand frames at a time, handing each stretch to `body`, so a long file
    /// never sits in memory whole. Returns the format (also for a file with no samples).
    @discardableResult
    public static func stream(path: String, _ body: Chunk) throws(MediaError) -> AudioFormat {
        try requireReadableFile(path)
        if let format = try streamWithSndFile(path: path, body) { return format }
        return try streamWithFFmpeg(path: path, body)
    }

    /// nil when libsndfile does not recognise the format (FFmpeg gets a try).
    static func streamWithSndFile(path: String, _ body: Chunk) throws(MediaError) -> AudioFormat? {
        guard isSndFileContainer(path) else { return nil }
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else { return nil }
        defer { sf_close(file) }
        let channels = Int(info.channels)
        let rate = Int(info.samplerate)
        guard channels > 0, rate > 0 else { throw .corrupt(path: path, reason: "invalid channel count or sample rate") }
        try requireSupportedFormat(channels: channels, sampleRate: rate, path: path)
        // Normalise integer formats to -1...1 (libsndfile's default for float reads).
        var chunk = [Float](repeating: 0, count: 8192 * channels)
        var decoded = 0
        while true {
            let read = chunk.withUnsafeMutableBufferPointer { sf_readf_float(file, $0.baseAddress, 8192) }
            if read <= 0 { break }
            try body(Array(chunk[0..<(Int(read) * channels)]), AudioFormat(sampleRate: rate, channels: channels))
            decoded += Int(read)
        }
        if sf_error(file) != 0 && decoded == 0 {
            throw .corrupt(path: path, reason: String(cString: sf_strerror(file)))
        }
        return AudioFormat(sampleRate: rate, channels: channels)
    }

    /// The containers libsndfile is given (WAV, RF64, AIFF, FLAC, Ogg, AU, CAF, by their first four bytes).
    /// Anything else goes straight to FFmpeg: libsndfile also guesses MP3 from its frame headers, and its libmpg123
    /// then prints "Note: Illegal Audio-MPEG-Header" lines on stderr that no setting of ours can silence.
    static func isSndFileContainer(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4), head.count == 4 else { return false }
        return ["RIFF", "RIFX", "RF64", "BW64", "FORM", "fLaC", "OggS", ".snd", "caff"].contains(
            String(decoding: head, as: UTF8.self))
    }

    /// The most channels libswresample mixes (its SWR_CH_MAX); a file with more is refused by name.
    static let maxChannels = 64

    /// Sample rates a recording can have (telephone speech to 768 kHz studio audio). A header claiming 500 MHz is
    /// damage, and resampling its few samples would take seconds for nothing.
    static let sampleRates = 1_000...768_000

    static func requireSupportedFormat(channels: Int, sampleRate: Int, path: String) throws(MediaError) {
        guard channels <= maxChannels else {
            throw .unsupported(
                path: path, reason: "it has \(channels) audio channels, at most \(maxChannels) can be mixed")
        }
        guard sampleRates.contains(sampleRate) else {
            throw .unsupported(
                path: path,
                reason:
                    "its sample rate is \(sampleRate) Hz, outside \(sampleRates.lowerBound)...\(sampleRates.upperBound) Hz"
            )
        }
    }

    static func decodeWithFFmpeg(path: String) throws(MediaError) -> AudioClip {
        var samples: [Float] = []
        let format = try streamWithFFmpeg(path: path) { chunk, _ in samples += chunk }
        return AudioClip(samples: samples, sampleRate: format.sampleRate, channels: format.channels)
    }

    static func streamWithFFmpeg(path: String, _ body: Chunk) throws(MediaError) -> AudioFormat {
        let input = try FormatInput(path: path)
        guard let index = input.bestStream(AVMEDIA_TYPE_AUDIO) else { throw .noAudioStream(path: path) }
        let decoder = try StreamDecoder(stream: input.stream(index), path: path)
        var format: AudioFormat?
        var converter: SwrContextBox?
        var chunk: [Float] = []
        var decoded = false
        var timeline = DecodedTimeline(timeBase: input.stream(index).pointee.time_base)
        try decodeFrames(input, stream: index, decoder: decoder) { frame throws(MediaError) in
            let rate = Int(frame.pointee.sample_rate)
            let channels = Int(frame.pointee.ch_layout.nb_channels)
            guard rate > 0, channels > 0 else { return true }
            try requireSupportedFormat(channels: channels, sampleRate: rate, path: path)
            let target = format ?? AudioFormat(sampleRate: rate, channels: channels)
            format = target
            // A mid-stream format change (rare: concatenated streams) is converted to the first format.
            let active: SwrContextBox
            if let converter, converter.matches(frame) {
                active = converter
            } else {
                active = try SwrContextBox(frame: frame, outputRate: target.sampleRate, outputChannels: target.channels)
                converter = active
            }
            let gap = timeline.missingFrames(before: frame.pointee.best_effort_timestamp, sampleRate: target.sampleRate)
            chunk += [Float](repeating: 0, count: gap * target.channels)
            let before = chunk.count
            try active.convert(frame, into: &chunk, path: path)
            timeline.emitted += (chunk.count - before) / target.channels
            if chunk.count >= 8192 * target.channels {
                try body(chunk, target)
                decoded = true
                chunk.removeAll(keepingCapacity: true)
            }
            return true
        }
        if let format, !chunk.isEmpty {
            try body(chunk, format)
            decoded = true
        }
        guard let format else {
            // Nothing decoded: a corrupt or truncated stream, or a genuinely empty one.
            if input.stream(index).pointee.codecpar.pointee.sample_rate > 0 && !decoded
                && input.context.pointee.duration <= 0
            {
                throw .emptyAudio(path: path)
            }
            throw .corrupt(path: path, reason: "no audio could be decoded")
        }
        return format
    }
}

/// Where decoded audio stands against the stream's timestamps. A packet the decoder cannot decode (damage in the
/// file) yields no frame; the gap it leaves is filled with silence so that everything after it keeps its time and
/// stays in sync with the video.
struct DecodedTimeline {
    let timeBase: AVRational
    /// Timestamp of the first frame: time 0 of the decoded sound.
    private var origin: Int64?
    /// Sample frames handed on so far (silence included).
    var emitted = 0
    /// Longest gap filled: a larger jump is a broken timestamp, not missing sound.
    static let maxGapSeconds = 10.0

    init(timeBase: AVRational) { self.timeBase = timeBase }

    /// Sample frames of silence owed before a frame stamped `timestamp` (0 when on time or unstamped).
    mutating func missingFrames(before timestamp: Int64, sampleRate: Int) -> Int {
        guard timestamp != vlg_av_nopts_value() else { return 0 }
        let start = origin ?? timestamp
        origin = start
        let due = Int((Double(timestamp - start) * av_q2d(timeBase) * Double(sampleRate)).rounded())
        let gap = due - emitted
        // Under 10 ms is codec priming and rounding, not a lost packet.
        guard gap > sampleRate / 100, Double(gap) <= Self.maxGapSeconds * Double(sampleRate) else { return 0 }
        emitted += gap
        return gap
    }
}

/// A libswresample context converting decoded frames (any sample format and layout) to
/// interleaved float at a fixed rate and channel count.
final class SwrContextBox {
    private let context: OpaquePointer
    private let inputFormat: Int32, inputRate: Int32, inputChannels: Int32
    private let outputChannels: Int, outputRate: Int

    init(frame: UnsafeMutablePointer<AVFrame>, outputRate: Int, outputChannels: Int) throws(MediaError) {
        inputFormat = frame.pointee.format
        inputRate = frame.pointee.sample_rate
        inputChannels = frame.pointee.ch_layout.nb_channels
        self.outputRate = outputRate
        self.outputChannels = outputChannels
        var outputLayout = AVChannelLayout()
        av_channel_layout_default(&outputLayout, Int32(outputChannels))
        defer { av_channel_layout_uninit(&outputLayout) }
        var context: OpaquePointer? = nil
        var status = swr_alloc_set_opts2(
            &context, &outputLayout, AV_SAMPLE_FMT_FLT, Int32(outputRate),
            &frame.pointee.ch_layout, AVSampleFormat(inputFormat), inputRate, 0, nil)
        guard status >= 0, let context else { throw .internal("swr_alloc_set_opts2: \(ffmpegMessage(status))") }
        self.context = context
        status = swr_init(context)
        guard status >= 0 else { throw .internal("swr_init: \(ffmpegMessage(status))") }
    }

    deinit {
        var pointer: OpaquePointer? = context
        swr_free(&pointer)
    }

    func matches(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        frame.pointee.format == inputFormat && frame.pointee.sample_rate == inputRate
            && frame.pointee.ch_layout.nb_channels == inputChannels
    }

    func convert(_ frame: UnsafeMutablePointer<AVFrame>, into output: inout [Float], path: String) throws(MediaError) {
        let planes = UnsafeMutablePointer<UnsafePointer<UInt8>?>(OpaquePointer(frame.pointee.extended_data))
        let produced = swrConvertAppending(
            context, outputChannels: outputChannels, inputPlanes: planes,
            inputFrames: Int(frame.pointee.nb_samples), into: &output)
        guard produced >= 0 else {
            throw .corrupt(path: path, reason: "audio conversion failed: \(ffmpegMessage(produced))")
        }
    }
}
