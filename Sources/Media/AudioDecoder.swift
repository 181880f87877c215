import CFFmpeg
import CSndFile

/// Speech as the rest of the program wants it: the original clip (for the output sound track) and
/// 16 kHz mono float for analysis (mel, energy, pitch, phonemes).
public struct SpeechAudio: Sendable {
    public static let analysisSampleRate = 16_000
    /// Samples quieter than one 16-bit step count as digital silence.
    public static let silenceThreshold: Float = 1.0 / 32_768

    public let original: AudioClip
    /// 16 kHz mono, channels averaged.
    public let analysis: [Float]

    /// Decodes `path` (any audio file, or a video's audio track) and rejects audio that has no
    /// samples or is entirely silent.
    public init(path: String) throws(MediaError) {
        try self.init(clip: AudioDecoder.decode(path: path), path: path)
    }

    /// Wraps an already decoded clip (e.g. TTS output); `path` names it in errors.
    public init(clip: AudioClip, path: String) throws(MediaError) {
        guard clip.frameCount > 0 else { throw .emptyAudio(path: path) }
        guard clip.peak >= Self.silenceThreshold else { throw .silentAudio(path: path) }
        original = clip
        analysis = try clip.mono(sampleRate: Self.analysisSampleRate)
    }
}

/// Reads audio files: WAV/FLAC/OGG (and whatever else libsndfile knows) through libsndfile,
/// everything else (MP3, M4A/AAC, Opus, the audio track of a video) through libavformat.
public enum AudioDecoder {
    /// The file's audio at its own rate and channel count. An empty result is not an error here
    /// (SpeechAudio decides what is usable); a file with no audio stream is.
    public static func decode(path: String) throws(MediaError) -> AudioClip {
        try requireReadableFile(path)
        if let clip = try decodeWithSndFile(path: path) { return clip }
        return try decodeWithFFmpeg(path: path)
    }

    /// nil when libsndfile does not recognise the format (FFmpeg gets a try).
    static func decodeWithSndFile(path: String) throws(MediaError) -> AudioClip? {
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else { return nil }
        defer { sf_close(file) }
        let channels = Int(info.channels), rate = Int(info.samplerate)
        guard channels > 0, rate > 0 else { throw .corrupt(path: path, reason: "invalid channel count or sample rate") }
        // Normalise integer formats to -1...1 (libsndfile's default for float reads).
        var samples: [Float] = []
        var chunk = [Float](repeating: 0, count: 8192 * channels)
        while true {
            let read = chunk.withUnsafeMutableBufferPointer { sf_readf_float(file, $0.baseAddress, 8192) }
            if read <= 0 { break }
            samples += chunk[0..<(Int(read) * channels)]
        }
        if sf_error(file) != 0 && samples.isEmpty {
            throw .corrupt(path: path, reason: String(cString: sf_strerror(file)))
        }
        return AudioClip(samples: samples, sampleRate: rate, channels: channels)
    }

    static func decodeWithFFmpeg(path: String) throws(MediaError) -> AudioClip {
        let input = try FormatInput(path: path)
        guard let index = input.bestStream(AVMEDIA_TYPE_AUDIO) else { throw .noAudioStream(path: path) }
        let decoder = try StreamDecoder(stream: input.stream(index), path: path)
        var samples: [Float] = []
        var format: (rate: Int, channels: Int)?
        var converter: SwrContextBox?
        try decodeFrames(input, stream: index, decoder: decoder) { frame throws(MediaError) in
            let rate = Int(frame.pointee.sample_rate), channels = Int(frame.pointee.ch_layout.nb_channels)
            guard rate > 0, channels > 0 else { return true }
            let target = format ?? (rate, channels)
            format = target
            // A mid-stream format change (rare: concatenated streams) is converted to the first format.
            let active: SwrContextBox
            if let converter, converter.matches(frame) {
                active = converter
            } else {
                active = try SwrContextBox(frame: frame, outputRate: target.rate, outputChannels: target.channels)
                converter = active
            }
            try active.convert(frame, into: &samples, path: path)
            return true
        }
        guard let format else {
            // Nothing decoded: a corrupt or truncated stream, or a genuinely empty one.
            if input.stream(index).pointee.codecpar.pointee.sample_rate > 0 && samples.isEmpty
                && input.context.pointee.duration <= 0 {
                throw .emptyAudio(path: path)
            }
            throw .corrupt(path: path, reason: "no audio could be decoded")
        }
        return AudioClip(samples: samples, sampleRate: format.rate, channels: format.channels)
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
        var status = swr_alloc_set_opts2(&context, &outputLayout, AV_SAMPLE_FMT_FLT, Int32(outputRate),
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
        let produced = swrConvertAppending(context, outputChannels: outputChannels, inputPlanes: planes,
                                           inputFrames: Int(frame.pointee.nb_samples), into: &output)
        guard produced >= 0 else { throw .corrupt(path: path, reason: "audio conversion failed: \(ffmpegMessage(produced))") }
    }
}
