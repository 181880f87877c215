import CFFmpeg

/// Carries the audio stream of an existing file into an MP4 packet by packet, untouched (what
/// `ffmpeg -c:a copy` does), interleaved with the video as it is written, so memory stays constant
/// and the sound is bit-exact. Timestamps are counted from the source's video start — the origin the
/// re-rendered frames use (`VideoReader`) — so audio and video keep the sync they had.
final class AudioStreamCopy {
    /// The codec carried over, e.g. "aac".
    let codecName: String
    private let input: FormatInput
    private let sourceIndex: Int32
    private let sourceTimeBase: AVRational
    private let origin: Int64
    private let outputStream: UnsafeMutablePointer<AVStream>
    private var packet: UnsafeMutablePointer<AVPacket>?
    /// `packet` holds an audio packet read but not yet due.
    private var holding = false
    private var exhausted = false

    /// Adds the copied stream to `format` (before its header is written). nil when `path` has no audio, MP4
    /// cannot carry its codec, or a packet of it does not decode; the caller re-encodes the sound then (from the
    /// decoder's concealed samples), so damaged packets are never carried into the output as they are.
    static func make(path: String, into format: UnsafeMutablePointer<AVFormatContext>) throws(MediaError)
        -> AudioStreamCopy?
    {
        let input = try FormatInput(path: path)
        guard let index = input.bestStream(AVMEDIA_TYPE_AUDIO) else { return nil }
        guard let parameters = input.stream(index).pointee.codecpar,
            avformat_query_codec(format.pointee.oformat, parameters.pointee.codec_id, FF_COMPLIANCE_NORMAL) == 1
        else {
            return nil
        }
        guard try decodesCleanly(path: path) else { return nil }
        return try AudioStreamCopy(input: input, index: index, into: format)
    }

    /// Whether every packet of the file's audio stream decodes without a bitstream error (a strict decoder over
    /// the whole stream first: for AAC about 1 ms of CPU per second of sound).
    static func decodesCleanly(path: String) throws(MediaError) -> Bool {
        let input = try FormatInput(path: path)
        guard let index = input.bestStream(AVMEDIA_TYPE_AUDIO) else { return false }
        let decoder = try StreamDecoder(stream: input.stream(index), path: path, strict: true)
        do {
            try decodeFrames(input, stream: index, decoder: decoder) { _ in true }
        } catch .corrupt {
            return false
        }
        return true
    }

    private init(input: FormatInput, index: Int32, into format: UnsafeMutablePointer<AVFormatContext>)
        throws(MediaError)
    {
        self.input = input
        sourceIndex = index
        let source = input.stream(index)
        sourceTimeBase = source.pointee.time_base
        codecName = String(cString: avcodec_get_name(source.pointee.codecpar.pointee.codec_id))
        // The video's first timestamp is time 0 of the output; without video, the audio's own start is.
        let nothing = vlg_av_nopts_value()
        if let video = input.bestStream(AVMEDIA_TYPE_VIDEO), input.stream(video).pointee.start_time != nothing {
            let stream = input.stream(video)
            origin = av_rescale_q(stream.pointee.start_time, stream.pointee.time_base, sourceTimeBase)
        } else {
            origin = source.pointee.start_time != nothing ? source.pointee.start_time : 0
        }
        guard let stream = avformat_new_stream(format, nil), let packet = av_packet_alloc() else {
            throw .internal("allocating the copied audio stream failed")
        }
        outputStream = stream
        self.packet = packet
        guard avcodec_parameters_copy(stream.pointee.codecpar, source.pointee.codecpar) >= 0 else {
            throw .internal("avcodec_parameters_copy failed")
        }
        stream.pointee.codecpar.pointee.codec_tag = 0 // let the MP4 muxer pick its own tag
        stream.pointee.time_base = sourceTimeBase
    }

    deinit { av_packet_free(&packet) }

    /// Writes the source's audio packets that start before `seconds` (all that are left at infinity).
    func write(upTo seconds: Double, into format: UnsafeMutablePointer<AVFormatContext>, path: String)
        throws(MediaError)
    {
        guard let packet else { return }
        while true {
            if !holding {
                guard !exhausted else { return }
                let status = av_read_frame(input.context, packet)
                if status < 0 {
                    // End of file, or a damaged tail: what was readable has been carried over.
                    exhausted = true
                    return
                }
                guard packet.pointee.stream_index == sourceIndex else {
                    av_packet_unref(packet)
                    continue
                }
                holding = true
            }
            let stamp = packet.pointee.dts != vlg_av_nopts_value() ? packet.pointee.dts : packet.pointee.pts
            if stamp != vlg_av_nopts_value() && Double(stamp - origin) * av_q2d(sourceTimeBase) >= seconds { return }
            if packet.pointee.pts != vlg_av_nopts_value() { packet.pointee.pts -= origin }
            if packet.pointee.dts != vlg_av_nopts_value() { packet.pointee.dts -= origin }
            av_packet_rescale_ts(packet, sourceTimeBase, outputStream.pointee.time_base)
            packet.pointee.stream_index = outputStream.pointee.index
            packet.pointee.pos = -1
            holding = false
            let written = av_interleaved_write_frame(format, packet) // takes the packet's reference
            guard written >= 0 else { throw .cannotCreateOutput(path: path, reason: ffmpegMessage(written)) }
        }
    }
}
