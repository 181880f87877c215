import CFFmpeg
import Foundation

/// FFmpeg's message for a negative return code, e.g. "Invalid data found when processing input".
func ffmpegMessage(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    return buffer.withUnsafeMutableBufferPointer { pointer in
        String(cString: vlg_av_error_string(code, pointer.baseAddress, pointer.count))
    }
}

/// Checks that `path` names a readable regular file (symbolic links followed), throwing the typed error otherwise.
/// Done before handing the path to a C library so "missing" and "unreadable" are told apart.
public func requireReadableFile(_ path: String) throws(MediaError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .missingInput(path: path)
    }
    guard !isDirectory.boolValue else { throw .inputNotAFile(path: path, kind: "a folder") }
    // FIFOs and devices could block a reader forever (or never end, like /dev/zero).
    let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    guard type == .typeRegular else { throw .inputNotAFile(path: path, kind: "a device or pipe") }
    guard FileManager.default.isReadableFile(atPath: path) else {
        throw .unreadable(path: path, reason: "permission denied")
    }
}

/// FFmpeg prints warnings and errors to stderr by default; the CLI speaks one sentence per failure
/// instead (MediaError), so the libraries are silenced (FFmpeg 5.1's mjpeg decoder reports a non-JPEG
/// file at fatal level, so even fatal messages would leak for a bad input).
func quietFFmpegLogging() { av_log_set_level(AV_LOG_QUIET) }

/// An opened input container (libavformat), closed on deinit.
final class FormatInput {
    let path: String
    private(set) var context: UnsafeMutablePointer<AVFormatContext>

    /// `formats` and `codecs` (comma-separated FFmpeg names) limit which demuxers may open the file and which
    /// decoders may look at it while its streams are probed; nil allows all.
    init(path: String, formats: String? = nil, codecs: String? = nil) throws(MediaError) {
        quietFFmpegLogging()
        try requireReadableFile(path)
        self.path = path
        var options: OpaquePointer? = nil
        if let formats { av_dict_set(&options, "format_whitelist", formats, 0) }
        if let codecs { av_dict_set(&options, "codec_whitelist", codecs, 0) }
        defer { av_dict_free(&options) }
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        let status = avformat_open_input(&context, path, nil, &options)
        guard status >= 0, let opened = context else {
            if status == vlg_averror_enoent() { throw .missingInput(path: path) }
            if status == vlg_averror_eacces() { throw .unreadable(path: path, reason: "permission denied") }
            throw .corrupt(path: path, reason: ffmpegMessage(status))
        }
        // Closed here on failure, before `self` owns it: once every stored property is set a throwing
        // initializer still runs deinit, which would close it a second time.
        let found = avformat_find_stream_info(opened, nil)
        guard found >= 0 else {
            var toClose: UnsafeMutablePointer<AVFormatContext>? = opened
            avformat_close_input(&toClose)
            throw .corrupt(path: path, reason: ffmpegMessage(found))
        }
        self.context = opened
    }

    deinit {
        var toClose: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&toClose)
    }

    /// The index of the best stream of `type`, or nil when there is none.
    func bestStream(_ type: AVMediaType) -> Int32? {
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        return index >= 0 ? index : nil
    }

    func stream(_ index: Int32) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[Int(index)]!
    }
}

/// A decoder opened for one stream, freed on deinit.
final class StreamDecoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let path: String
    /// Whether a packet the decoder rejects is an error (see `init`).
    let isStrict: Bool

    /// `strict` makes the decoder fail a packet on any bitstream error instead of concealing it
    /// (FFmpeg's `AV_EF_EXPLODE`): right for a still image, where a concealed error is a picture
    /// whose missing part is painted flat green; wrong for video, where one damaged frame among
    /// thousands is better shown concealed than refused.
    init(stream: UnsafeMutablePointer<AVStream>, path: String, threads: Int32 = 1, strict: Bool = false)
        throws(MediaError)
    {
        self.path = path
        self.isStrict = strict
        guard let parameters = stream.pointee.codecpar else {
            throw .corrupt(path: path, reason: "stream has no codec parameters")
        }
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw .unsupported(path: path, reason: "no decoder for \(name)")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw .internal("avcodec_alloc_context3 failed") }
        var status = avcodec_parameters_to_context(context, parameters)
        if status >= 0 {
            context.pointee.pkt_timebase = stream.pointee.time_base
            context.pointee.thread_count = threads
            if strict { context.pointee.err_recognition |= AV_EF_EXPLODE }
            status = avcodec_open2(context, codec, nil)
        }
        // Freed here on failure, before `self` owns it (see FormatInput.init: deinit would free it again).
        guard status >= 0 else {
            var toFree: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&toFree)
            throw .corrupt(path: path, reason: ffmpegMessage(status))
        }
        self.context = context
    }

    deinit {
        var toFree: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&toFree)
    }
}

/// Reads packets of stream `index` from `input`, decodes them and hands each frame to `body`
/// (including the frames flushed at end of stream). `body` returns false to stop early.
/// Corrupt packets in the middle of a stream are skipped like ffmpeg does (failing to decode
/// anything at all is reported by the caller, which sees no frames), unless the decoder is
/// strict: then a packet it rejects is reported as damaged data.
/// Returns the number of packets the demuxer delivered for the stream (compared with the index's
/// count, it tells a truncated file from one whose edit list merely hides frames).
@discardableResult
func decodeFrames(
    _ input: FormatInput, stream index: Int32, decoder: StreamDecoder,
    _ body: (UnsafeMutablePointer<AVFrame>) throws(MediaError) -> Bool
) throws(MediaError) -> Int {
    guard let packet = av_packet_alloc() else { throw .internal("av_packet_alloc failed") }
    guard let frame = av_frame_alloc() else { throw .internal("av_frame_alloc failed") }
    var packetPointer: UnsafeMutablePointer<AVPacket>? = packet
    var framePointer: UnsafeMutablePointer<AVFrame>? = frame
    defer {
        av_packet_free(&packetPointer)
        av_frame_free(&framePointer)
    }

    /// Drains every frame the decoder has ready; false when `body` asked to stop.
    func drain() throws(MediaError) -> Bool {
        while true {
            let status = avcodec_receive_frame(decoder.context, frame)
            if status == vlg_averror_eagain() || status == vlg_averror_eof() { return true }
            if status < 0 { // a broken frame: skipped, unless the decoder is strict
                guard !decoder.isStrict else {
                    throw .corrupt(
                        path: input.path, reason: "its data is damaged or cut short: \(ffmpegMessage(status))")
                }
                return true
            }
            let keepGoing = try body(frame)
            av_frame_unref(frame)
            if !keepGoing { return false }
        }
    }

    var readErrors = 0
    var packets = 0
    while true {
        let status = av_read_frame(input.context, packet)
        if status == vlg_averror_eof() { break }
        if status < 0 {
            // I/O error or a truncated file: give up reading after a few, then flush what we have.
            readErrors += 1
            if readErrors > 8 { break }
            continue
        }
        defer { av_packet_unref(packet) }
        guard packet.pointee.stream_index == index else { continue }
        packets += 1
        let sent = avcodec_send_packet(decoder.context, packet)
        if decoder.isStrict, sent < 0, sent != vlg_averror_eagain() {
            throw .corrupt(path: input.path, reason: "its data is damaged or cut short: \(ffmpegMessage(sent))")
        }
        if try !drain() { return packets }
    }
    _ = avcodec_send_packet(decoder.context, nil)
    _ = try drain()
    return packets
}
