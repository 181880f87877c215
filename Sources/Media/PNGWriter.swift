import CFFmpeg
import Foundation

/// Writes RGB images as PNG (libavcodec's png encoder), for previews and debugging maps.
/// Like every output, the file appears only when complete (temporary name + rename) and an
/// existing file is replaced only with `overwrite`.
public enum PNGWriter {
    public static func write(_ image: RGBImage, to path: String, overwrite: Bool = false) throws(MediaError) {
        try AtomicFileWriter.write(try encode(image), to: path, overwrite: overwrite)
    }

    /// The PNG file's bytes.
    public static func encode(_ image: RGBImage) throws(MediaError) -> Data {
        guard image.width > 0, image.height > 0, image.pixels.count == image.width * image.height * 3 else {
            throw .internal("PNG of a \(image.width)x\(image.height) image with \(image.pixels.count) bytes")
        }
        quietFFmpegLogging()
        guard let codec = avcodec_find_encoder_by_name("png") else { throw .codecUnavailable(name: "png") }
        guard let context = avcodec_alloc_context3(codec) else { throw .internal("avcodec_alloc_context3 failed") }
        var contextPointer: UnsafeMutablePointer<AVCodecContext>? = context
        defer { avcodec_free_context(&contextPointer) }
        context.pointee.width = Int32(image.width)
        context.pointee.height = Int32(image.height)
        context.pointee.pix_fmt = AV_PIX_FMT_RGB24
        context.pointee.time_base = AVRational(num: 1, den: 1)
        let opened = avcodec_open2(context, codec, nil)
        guard opened >= 0 else { throw .internal("png encoder: \(ffmpegMessage(opened))") }

        guard let frame = av_frame_alloc() else { throw .internal("av_frame_alloc failed") }
        var framePointer: UnsafeMutablePointer<AVFrame>? = frame
        defer { av_frame_free(&framePointer) }
        frame.pointee.width = Int32(image.width)
        frame.pointee.height = Int32(image.height)
        frame.pointee.format = AV_PIX_FMT_RGB24.rawValue
        guard av_frame_get_buffer(frame, 0) >= 0, let plane = frame.pointee.data.0 else {
            throw .internal("av_frame_get_buffer failed")
        }
        let stride = Int(frame.pointee.linesize.0)
        let rowBytes = image.width * 3
        image.pixels.withUnsafeBufferPointer { source in
            for row in 0..<image.height {
                guard let base = source.baseAddress else { return }
                (plane + row * stride).update(from: base + row * rowBytes, count: rowBytes)
            }
        }

        guard let packet = av_packet_alloc() else { throw .internal("av_packet_alloc failed") }
        var packetPointer: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&packetPointer) }
        var status = avcodec_send_frame(context, frame)
        guard status >= 0 else { throw .internal("png encoder: \(ffmpegMessage(status))") }
        status = avcodec_receive_packet(context, packet)
        guard status >= 0, let bytes = packet.pointee.data else {
            throw .internal("png encoder: \(ffmpegMessage(status))")
        }
        return Data(bytes: bytes, count: Int(packet.pointee.size))
    }
}
