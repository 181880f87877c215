import CFFmpeg
import Foundation

/// Streams frames into an MP4 file: H.264 yuv420p video (libx264 by default) and, when given sound,
/// AAC audio encoded from samples or another file's audio stream copied packet for packet, with
/// `+faststart` (index at the front). Frames are encoded as they are appended, audio is interleaved up
/// to each frame's time, so memory does not grow with length.
///
/// The file is written under a temporary name in the target folder and renamed on `finish()`;
/// `cancel()`, a failure, dropping an unfinished writer, or an interrupt once `InterruptCleanup.install()`
/// ran removes it, so no partial output is left.
/// Odd frame sizes are padded to even (edge pixels repeated), as yuv420p needs.
public final class MP4Writer {
    public struct Options: Sendable {
        public var frameRate: Int
        /// x264 constant rate factor: 0 lossless ... 51 worst; 23 is x264's default.
        public var crf: Int
        public var encoder: String
        public var preset: String
        public var audioBitRate: Int
        /// Replace an existing file at the target path (the CLI's --force).
        public var overwrite: Bool
        /// How frames are timed: one every 1/`frameRate` s, or at the times given to `append`.
        public var timing: Timing

        public init(
            frameRate: Int = 25, crf: Int = 23, encoder: String = "libx264", preset: String = "medium",
            audioBitRate: Int = 128_000, overwrite: Bool = false, timing: Timing = .constantRate
        ) {
            self.frameRate = frameRate
            self.timing = timing
            self.crf = crf
            self.encoder = encoder
            self.preset = preset
            self.audioBitRate = audioBitRate
            self.overwrite = overwrite
        }
    }

    /// How frames are placed in time.
    public enum Timing: Sendable {
        /// Frame n is shown at n / frameRate (`frameRate` is exact).
        case constantRate
        /// Each frame at the `FrameTime` given to `append`, on a 90 kHz clock: a variable-frame-rate video
        /// keeps its timing (`frameRate` is then only the nominal rate players are told).
        case frameTimes
    }

    /// When an appended frame is shown, in seconds from the start.
    public struct FrameTime: Sendable, Equatable {
        public var start: Double
        public var duration: Double
        public init(start: Double, duration: Double) {
            self.start = start
            self.duration = duration
        }
    }

    /// Where the sound track comes from.
    public enum Sound: Sendable {
        /// Samples (any rate and channel count), encoded to AAC.
        case samples(any AudioSource)
        /// The audio stream of a media file: its packets carried over unchanged when MP4 can hold its
        /// codec (AAC, MP3, Opus, ALAC, FLAC ...), otherwise decoded and encoded to AAC.
        case copy(fromFile: String)
    }

    /// Layout of the pixels handed to `append`.
    public enum PixelLayout: Sendable {
        case rgb, rgba
        var channels: Int { self == .rgb ? 3 : 4 }
        var format: AVPixelFormat { self == .rgb ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_RGBA }
    }

    public let path: String
    public let width: Int
    public let height: Int
    public let options: Options
    /// The temporary file being written; it becomes `path` on `finish()`.
    public let temporaryPath: String
    public private(set) var framesWritten = 0
    /// The codec whose packets were carried over unchanged (`Sound.copy`); nil when the sound was encoded.
    public private(set) var copiedAudioCodec: String?

    private let encodedWidth: Int, encodedHeight: Int
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var video: UnsafeMutablePointer<AVCodecContext>?
    private var videoStream: UnsafeMutablePointer<AVStream>
    private var audio: UnsafeMutablePointer<AVCodecContext>?
    private var audioStream: UnsafeMutablePointer<AVStream>?
    private var scaler: OpaquePointer?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    /// The caller's sound (in memory or spooled on disk) and its conversion to the encoder's rate and channel
    /// count, read and made a chunk at a time as video advances, so memory does not grow with its length.
    private var audioSource: (any AudioSource)?
    private var audioResampler: Resampler?
    private var audioSourceFramesFed = 0
    private var audioSourceFlushed = false
    /// Converted, interleaved frames not yet encoded start at `audioPendingStart` in `audioPending`.
    private var audioPending: [Float] = []
    private var audioPendingStart = 0
    private var audioChannels = 0
    private var audioRate = 0
    private var audioFramesSent = 0
    private var audioCopy: AudioStreamCopy?
    /// `.frameTimes`: the next free timestamp (timestamps must grow) and each queued frame's duration by timestamp.
    private var nextTimestamp: Int64 = 0
    private var frameDurations: [Int64: Int64] = [:]
    private static let frameClock: Int32 = 90_000
    private var state: State = .open

    private enum State { case open, finished, cancelled }

    /// Opens the temporary output. `audio` (any rate and channel count) becomes the AAC track.
    public convenience init(
        path: String, width: Int, height: Int, audio: (any AudioSource)? = nil,
        options: Options = Options()
    ) throws(MediaError) {
        try self.init(path: path, width: width, height: height, sound: audio.map { .samples($0) }, options: options)
    }

    /// Opens the temporary output with `sound` as its audio track (none when nil).
    public init(path: String, width: Int, height: Int, sound: Sound?, options: Options = Options()) throws(MediaError) {
        quietFFmpegLogging() // x264 and the muxer would otherwise print [info] lines on stderr
        guard width > 0, height > 0 else {
            throw .internal("MP4Writer needs a positive frame size, got \(width)x\(height)")
        }
        guard options.frameRate > 0 else {
            throw .internal("MP4Writer needs a positive frame rate, got \(options.frameRate)")
        }
        self.path = path
        self.width = width
        self.height = height
        self.options = options
        encodedWidth = (width + 1) & ~1
        encodedHeight = (height + 1) & ~1

        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotCreateOutput(path: path, reason: "the folder \(folder) does not exist")
        }
        try OutputPath.check(path, overwrite: options.overwrite)
        temporaryPath = OutputPath.temporaryPath(for: path)

        InterruptCleanup.register(temporaryPath)
        var format: UnsafeMutablePointer<AVFormatContext>?
        guard avformat_alloc_output_context2(&format, nil, "mp4", temporaryPath) >= 0, let format else {
            InterruptCleanup.unregister(temporaryPath)
            throw .internal("the mp4 muxer is missing from this FFmpeg")
        }
        self.format = format
        guard let stream = avformat_new_stream(format, nil) else { throw .internal("avformat_new_stream failed") }
        videoStream = stream
        do {
            try openVideo()
            switch sound {
            case .samples(let source): try openAudio(source)
            case .copy(let file):
                if let copy = try AudioStreamCopy.make(path: file, into: format) {
                    audioCopy = copy
                    copiedAudioCodec = copy.codecName
                } else {
                    try openAudio(try AudioSpool.decoding(path: file))
                }
            case nil: break
            }
            try openFile()
        } catch {
            release()
            unlink(temporaryPath)
            InterruptCleanup.unregister(temporaryPath)
            throw error
        }
    }

    deinit {
        if state == .open { cancel() }
    }

    // MARK: Appending

    /// Encodes one frame of `width * height` pixels, rows top to bottom, shown at `time` (needed with
    /// `.frameTimes`, ignored otherwise). Any failure cancels the writer.
    public func append(_ pixels: [UInt8], layout: PixelLayout = .rgba, at time: FrameTime? = nil) throws(MediaError) {
        guard state == .open else { throw .internal("append after the MP4 writer was finished or cancelled") }
        do throws(MediaError) {
            // A wrong-sized frame means the render went wrong: the file would be incomplete, so it is dropped too.
            guard pixels.count == width * height * layout.channels else {
                throw .internal("frame has \(pixels.count) bytes, expected \(width)x\(height)x\(layout.channels)")
            }
            let timestamp = try self.timestamp(time)
            try encodeVideoFrame(pixels, layout: layout, timestamp: timestamp.pts)
            try writeSound(upTo: timestamp.end)
        } catch {
            cancel()
            throw error
        }
    }

    /// Encodes one frame given as 8-bit planar YUV 4:2:0 (BT.601, limited range), e.g. converted on the
    /// GPU: `y` is width x height, `u` and `v` are (width/2) x (height/2). Needs an even frame size.
    public func appendYUV420(y: [UInt8], u: [UInt8], v: [UInt8], at time: FrameTime? = nil) throws(MediaError) {
        guard state == .open else { throw .internal("append after the MP4 writer was finished or cancelled") }
        do throws(MediaError) {
            guard width == encodedWidth, height == encodedHeight else {
                throw .internal("YUV 4:2:0 frames need an even size, the writer is \(width)x\(height)")
            }
            let chroma = (width / 2) * (height / 2)
            guard y.count == width * height, u.count == chroma, v.count == chroma else {
                throw .internal(
                    "YUV 4:2:0 planes have \(y.count)/\(u.count)/\(v.count) bytes, expected \(width * height)/\(chroma)/\(chroma)"
                )
            }
            guard let frame, let video else { return }
            guard av_frame_make_writable(frame) >= 0 else { throw .internal("av_frame_make_writable failed") }
            copyPlane(y, width: width, height: height, to: frame.pointee.data.0!, stride: Int(frame.pointee.linesize.0))
            copyPlane(
                u, width: width / 2, height: height / 2, to: frame.pointee.data.1!,
                stride: Int(frame.pointee.linesize.1))
            copyPlane(
                v, width: width / 2, height: height / 2, to: frame.pointee.data.2!,
                stride: Int(frame.pointee.linesize.2))
            let timestamp = try self.timestamp(time)
            frame.pointee.pts = timestamp.pts
            try send(frame, to: video)
            framesWritten += 1
            try writeSound(upTo: timestamp.end)
        } catch {
            cancel()
            throw error
        }
    }

    /// The next frame's timestamp in the encoder's time base, and when it stops being shown (seconds).
    private func timestamp(_ time: FrameTime?) throws(MediaError) -> (pts: Int64, end: Double) {
        switch options.timing {
        case .constantRate:
            return (Int64(framesWritten), Double(framesWritten + 1) / Double(options.frameRate))
        case .frameTimes:
            guard let time, time.start.isFinite, time.duration.isFinite else {
                throw .internal("a writer with .frameTimes needs a finite time for every frame")
            }
            let clock = Double(Self.frameClock)
            let pts = max(nextTimestamp, Int64((max(time.start, 0) * clock).rounded()))
            let duration = max(1, Int64((time.duration * clock).rounded()))
            nextTimestamp = pts + 1
            frameDurations[pts] = duration
            return (pts, Double(pts + duration) / clock)
        }
    }

    private func copyPlane(
        _ plane: [UInt8], width: Int, height: Int, to destination: UnsafeMutablePointer<UInt8>, stride: Int
    ) {
        plane.withUnsafeBufferPointer { source in
            for row in 0..<height {
                (destination + row * stride).update(from: source.baseAddress! + row * width, count: width)
            }
        }
    }

    /// Flushes the encoders, writes the index and renames the temporary file to `path`.
    public func finish() throws(MediaError) {
        guard state == .open else { throw .internal("finish called twice or after cancel") }
        do throws(MediaError) {
            try writeSound(upTo: .infinity)
            try flush(video!)
            if let audio { try flush(audio) }
            let status = av_write_trailer(format)
            guard status >= 0 else { throw MediaError.cannotCreateOutput(path: path, reason: ffmpegMessage(status)) }
            closeFile()
            try OutputPath.commit(temporary: temporaryPath, to: path, overwrite: options.overwrite)
            state = .finished
            InterruptCleanup.unregister(temporaryPath)
            release()
        } catch {
            cancel()
            throw error
        }
    }

    /// Abandons the file: the temporary output is removed and nothing appears at `path`.
    public func cancel() {
        guard state == .open else { return }
        state = .cancelled
        closeFile()
        release()
        unlink(temporaryPath)
        InterruptCleanup.unregister(temporaryPath)
    }

    // MARK: Setup

    private func openVideo() throws(MediaError) {
        guard let codec = avcodec_find_encoder_by_name(options.encoder) else {
            throw .codecUnavailable(name: options.encoder)
        }
        guard let context = avcodec_alloc_context3(codec) else { throw .internal("avcodec_alloc_context3 failed") }
        video = context
        context.pointee.width = Int32(encodedWidth)
        context.pointee.height = Int32(encodedHeight)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.time_base =
            options.timing == .frameTimes
            ? AVRational(num: 1, den: Self.frameClock)
            : AVRational(num: 1, den: Int32(options.frameRate))
        context.pointee.framerate = AVRational(num: Int32(options.frameRate), den: 1)
        context.pointee.gop_size = Int32(options.frameRate * 2)
        // swscale's RGB -> YUV uses BT.601 limited range; say so, so players convert back the same way.
        context.pointee.colorspace = AVCOL_SPC_SMPTE170M
        context.pointee.color_range = AVCOL_RANGE_MPEG
        if let format, vlg_format_needs_global_header(format.pointee.oformat) != 0 {
            context.pointee.flags |= vlg_av_codec_flag_global_header()
        }
        if options.encoder == "libx264" {
            av_opt_set(context.pointee.priv_data, "crf", "\(options.crf)", 0)
            av_opt_set(context.pointee.priv_data, "preset", options.preset, 0)
        }
        let status = avcodec_open2(context, codec, nil)
        guard status >= 0 else {
            throw .unsupported(
                path: path,
                reason:
                    "the \(options.encoder) encoder refused \(encodedWidth)x\(encodedHeight): \(ffmpegMessage(status))")
        }
        guard avcodec_parameters_from_context(videoStream.pointee.codecpar, context) >= 0 else {
            throw .internal("avcodec_parameters_from_context failed")
        }
        videoStream.pointee.time_base = context.pointee.time_base
        videoStream.pointee.avg_frame_rate = context.pointee.framerate

        guard let frame = av_frame_alloc(), let packet = av_packet_alloc() else { throw .internal("allocation failed") }
        self.frame = frame
        self.packet = packet
        frame.pointee.width = Int32(encodedWidth)
        frame.pointee.height = Int32(encodedHeight)
        frame.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        guard av_frame_get_buffer(frame, 0) >= 0 else { throw .internal("av_frame_get_buffer failed") }
    }

    private func openAudio(_ clip: any AudioSource) throws(MediaError) {
        guard clip.frameCount > 0 else { throw .emptyAudio(path: path) }
        guard let codec = avcodec_find_encoder_by_name("aac") else { throw .codecUnavailable(name: "aac") }
        guard let context = avcodec_alloc_context3(codec) else { throw .internal("avcodec_alloc_context3 failed") }
        audio = context
        audioRate = Self.supportedRate(clip.sampleRate, codec: codec)
        audioChannels = min(clip.channels, 2)
        context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        context.pointee.sample_rate = Int32(audioRate)
        av_channel_layout_default(&context.pointee.ch_layout, Int32(audioChannels))
        context.pointee.bit_rate = Int64(options.audioBitRate)
        context.pointee.time_base = AVRational(num: 1, den: Int32(audioRate))
        if let format, vlg_format_needs_global_header(format.pointee.oformat) != 0 {
            context.pointee.flags |= vlg_av_codec_flag_global_header()
        }
        let status = avcodec_open2(context, codec, nil)
        guard status >= 0 else { throw .internal("the AAC encoder refused \(audioRate) Hz: \(ffmpegMessage(status))") }
        guard let stream = avformat_new_stream(format, nil) else { throw .internal("avformat_new_stream failed") }
        audioStream = stream
        guard avcodec_parameters_from_context(stream.pointee.codecpar, context) >= 0 else {
            throw .internal("avcodec_parameters_from_context failed")
        }
        stream.pointee.time_base = context.pointee.time_base
        audioSource = clip
        audioResampler = try Resampler(
            inputRate: clip.sampleRate, inputChannels: clip.channels,
            outputRate: audioRate, outputChannels: audioChannels)
    }

    /// `rate` when the encoder takes it, else 48 kHz.
    private static func supportedRate(_ rate: Int, codec: UnsafePointer<AVCodec>) -> Int {
        guard var rates = codec.pointee.supported_samplerates else { return rate }
        while rates.pointee != 0 {
            if Int(rates.pointee) == rate { return rate }
            rates += 1
        }
        return 48_000
    }

    private func openFile() throws(MediaError) {
        guard let format else { return }
        var status = avio_open(&format.pointee.pb, temporaryPath, vlg_avio_flag_write())
        guard status >= 0 else { throw .cannotCreateOutput(path: path, reason: ffmpegMessage(status)) }
        var settings: OpaquePointer? = nil
        av_dict_set(&settings, "movflags", "+faststart", 0)
        defer { av_dict_free(&settings) }
        status = avformat_write_header(format, &settings)
        guard status >= 0 else { throw .cannotCreateOutput(path: path, reason: ffmpegMessage(status)) }
    }

    // MARK: Encoding

    private func encodeVideoFrame(_ pixels: [UInt8], layout: PixelLayout, timestamp: Int64) throws(MediaError) {
        guard let frame, let video else { return }
        let source =
            encodedWidth == width && encodedHeight == height ? pixels : padded(pixels, channels: layout.channels)
        scaler = sws_getCachedContext(
            scaler, Int32(encodedWidth), Int32(encodedHeight), layout.format,
            Int32(encodedWidth), Int32(encodedHeight), AV_PIX_FMT_YUV420P,
            Int32(SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP), nil, nil, nil)
        guard let scaler else { throw .internal("sws_getCachedContext failed") }
        guard av_frame_make_writable(frame) >= 0 else { throw .internal("av_frame_make_writable failed") }
        let converted = source.withUnsafeBufferPointer { buffer -> Int32 in
            var plane: UnsafePointer<UInt8>? = buffer.baseAddress
            var stride = Int32(encodedWidth * layout.channels)
            let outPlanes = withUnsafeMutablePointer(to: &frame.pointee.data) {
                $0.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 8) { $0 }
            }
            let outStrides = withUnsafeMutablePointer(to: &frame.pointee.linesize) {
                $0.withMemoryRebound(to: Int32.self, capacity: 8) { $0 }
            }
            return sws_scale(scaler, &plane, &stride, 0, Int32(encodedHeight), outPlanes, outStrides)
        }
        guard converted == encodedHeight else { throw .internal("sws_scale converted \(converted) rows") }
        frame.pointee.pts = timestamp
        try send(frame, to: video)
        framesWritten += 1
    }

    /// `pixels` grown to the even encoded size by repeating the last column and row.
    private func padded(_ pixels: [UInt8], channels: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: encodedWidth * encodedHeight * channels)
        for y in 0..<encodedHeight {
            let sourceRow = min(y, height - 1)
            for x in 0..<encodedWidth {
                let from = (sourceRow * width + min(x, width - 1)) * channels
                let to = (y * encodedWidth + x) * channels
                for c in 0..<channels { output[to + c] = pixels[from + c] }
            }
        }
        return output
    }

    /// Encodes or copies the sound up to `time` seconds.
    private func writeSound(upTo time: Double) throws(MediaError) {
        try encodeAudio(upTo: time)
        if let audioCopy, let format { try audioCopy.write(upTo: time, into: format, path: path) }
    }

    /// Source frames converted per step.
    private static let audioChunk = 8192

    /// Converts the next chunk of the source (or the resampler's tail once the source is used up).
    private func convertMoreAudio() throws(MediaError) {
        guard let source = audioSource, let resampler = audioResampler, !audioSourceFlushed else { return }
        let channels = source.channels
        let remaining = source.frameCount - audioSourceFramesFed
        if remaining > 0 {
            let count = min(Self.audioChunk, remaining)
            let chunk = try source.read(audioSourceFramesFed..<(audioSourceFramesFed + count))
            try chunk.withUnsafeBufferPointer { buffer throws(MediaError) in
                guard let base = buffer.baseAddress else { return }
                try resampler.convert(base, frames: buffer.count / channels, into: &audioPending)
            }
            audioSourceFramesFed += count
        } else {
            try resampler.convert(nil, frames: 0, into: &audioPending)
            audioSourceFlushed = true
        }
    }

    /// Encodes whole AAC frames of audio up to `time` seconds (everything left at infinity).
    private func encodeAudio(upTo time: Double) throws(MediaError) {
        guard let audio else { return }
        let frameSize = Int(audio.pointee.frame_size > 0 ? audio.pointee.frame_size : 1024)
        let target = time.isInfinite ? Int.max : Int(time * Double(audioRate))
        var available: Int { audioPending.count / audioChannels - audioPendingStart }
        while !audioSourceFlushed && audioFramesSent + available < (time.isInfinite ? Int.max : target + frameSize) {
            try convertMoreAudio()
        }
        while audioFramesSent < target && available > 0 && (time.isInfinite || audioFramesSent + frameSize <= target) {
            let count = min(frameSize, available)
            guard let chunk = av_frame_alloc() else { throw .internal("av_frame_alloc failed") }
            var chunkPointer: UnsafeMutablePointer<AVFrame>? = chunk
            defer { av_frame_free(&chunkPointer) }
            chunk.pointee.nb_samples = Int32(count)
            chunk.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
            chunk.pointee.sample_rate = Int32(audioRate)
            av_channel_layout_copy(&chunk.pointee.ch_layout, &audio.pointee.ch_layout)
            guard av_frame_get_buffer(chunk, 0) >= 0, let planes = chunk.pointee.extended_data else {
                throw .internal("audio frame allocation failed")
            }
            for channel in 0..<audioChannels {
                let plane = UnsafeMutableRawPointer(planes[channel]!).assumingMemoryBound(to: Float.self)
                for index in 0..<count {
                    plane[index] = audioPending[(audioPendingStart + index) * audioChannels + channel]
                }
            }
            chunk.pointee.pts = Int64(audioFramesSent)
            try send(chunk, to: audio)
            audioFramesSent += count
            audioPendingStart += count
        }
        // Drop what is encoded once it is worth moving the rest.
        if audioPendingStart >= 4 * Self.audioChunk {
            audioPending.removeFirst(audioPendingStart * audioChannels)
            audioPendingStart = 0
        }
    }

    private func send(_ frame: UnsafeMutablePointer<AVFrame>?, to encoder: UnsafeMutablePointer<AVCodecContext>)
        throws(MediaError)
    {
        let status = avcodec_send_frame(encoder, frame)
        guard status >= 0 else { throw .internal("encoding failed: \(ffmpegMessage(status))") }
        try writePackets(from: encoder)
    }

    private func flush(_ encoder: UnsafeMutablePointer<AVCodecContext>) throws(MediaError) {
        try send(nil, to: encoder)
    }

    private func writePackets(from encoder: UnsafeMutablePointer<AVCodecContext>) throws(MediaError) {
        guard let packet, let format else { return }
        let stream = encoder == video ? videoStream : audioStream!
        while true {
            let status = avcodec_receive_packet(encoder, packet)
            if status == vlg_averror_eagain() || status == vlg_averror_eof() { return }
            guard status >= 0 else { throw .internal("encoding failed: \(ffmpegMessage(status))") }
            if encoder == video, let duration = frameDurations.removeValue(forKey: packet.pointee.pts) {
                packet.pointee.duration = duration
            }
            av_packet_rescale_ts(packet, encoder.pointee.time_base, stream.pointee.time_base)
            packet.pointee.stream_index = stream.pointee.index
            let written = av_interleaved_write_frame(format, packet) // takes the packet's reference
            guard written >= 0 else { throw .cannotCreateOutput(path: path, reason: ffmpegMessage(written)) }
        }
    }

    // MARK: Teardown

    private func closeFile() {
        if let format, format.pointee.pb != nil { avio_closep(&format.pointee.pb) }
    }

    private func release() {
        closeFile()
        avformat_free_context(format)
        format = nil
        avcodec_free_context(&video)
        avcodec_free_context(&audio)
        audioCopy = nil
        av_frame_free(&frame)
        av_packet_free(&packet)
        sws_freeContext(scaler)
        scaler = nil
    }
}
