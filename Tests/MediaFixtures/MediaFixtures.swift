import CFFmpeg
import CSndFile
import Foundation
import XCTest

/// A fresh folder for one test's files, removed when the test ends.
public func makeScratchFolder(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("media-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Encodes one picture with the FFmpeg encoder `encoderName` (png, mjpeg, bmp, libwebp, ...) and
/// writes the packet as a file: for these codecs one packet is a complete image file.
/// `channels` is 1 (gray), 3 (RGB) or 4 (RGBA). Throws XCTSkip when the encoder is not built in.
public func writeImage(
    _ bytes: [UInt8], width: Int, height: Int, channels: Int, encoder encoderName: String,
    to url: URL, options: [String: String] = [:]
) throws {
    guard let codec = avcodec_find_encoder_by_name(encoderName) else {
        throw XCTSkip("this FFmpeg has no \(encoderName) encoder")
    }
    let sourceFormat: AVPixelFormat =
        channels == 1 ? AV_PIX_FMT_GRAY8 : channels == 3 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_RGBA
    let targetFormat = avcodec_find_best_pix_fmt_of_list(
        codec.pointee.pix_fmts, sourceFormat, channels == 4 ? 1 : 0, nil)
    guard let context = avcodec_alloc_context3(codec) else { throw FixtureError("alloc") }
    defer {
        var pointer: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&pointer)
    }
    context.pointee.width = Int32(width)
    context.pointee.height = Int32(height)
    context.pointee.pix_fmt = targetFormat
    context.pointee.time_base = AVRational(num: 1, den: 25)
    context.pointee.flags |= 2 // AV_CODEC_FLAG_QSCALE: fixed quality for mjpeg
    context.pointee.global_quality = 118 * 2 // FF_QP2LAMBDA * q2: near-lossless JPEG
    for (key, value) in options { av_opt_set(context.pointee.priv_data, key, value, 0) }
    guard avcodec_open2(context, codec, nil) >= 0 else { throw FixtureError("open \(encoderName)") }

    let source = av_frame_alloc()!
    let target = av_frame_alloc()!
    var sourcePointer: UnsafeMutablePointer<AVFrame>? = source
    var targetPointer: UnsafeMutablePointer<AVFrame>? = target
    defer {
        av_frame_free(&sourcePointer)
        av_frame_free(&targetPointer)
    }
    source.pointee.width = Int32(width)
    source.pointee.height = Int32(height)
    source.pointee.format = sourceFormat.rawValue
    guard av_frame_get_buffer(source, 1) >= 0 else { throw FixtureError("buffer") }
    for y in 0..<height {
        for x in 0..<(width * channels) {
            source.pointee.data.0![y * Int(source.pointee.linesize.0) + x] = bytes[y * width * channels + x]
        }
    }
    target.pointee.width = Int32(width)
    target.pointee.height = Int32(height)
    target.pointee.format = targetFormat.rawValue
    let scaler = sws_getContext(
        Int32(width), Int32(height), sourceFormat, Int32(width), Int32(height), targetFormat,
        Int32(SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT), nil, nil, nil)
    defer { sws_freeContext(scaler) }
    guard sws_scale_frame(scaler, target, source) >= 0 else { throw FixtureError("convert") }
    target.pointee.quality = context.pointee.global_quality
    target.pointee.pts = 0

    var data = Data()
    let packet = av_packet_alloc()!
    var packetPointer: UnsafeMutablePointer<AVPacket>? = packet
    defer { av_packet_free(&packetPointer) }
    guard avcodec_send_frame(context, target) >= 0, avcodec_send_frame(context, nil) >= 0 else {
        throw FixtureError("encode")
    }
    while avcodec_receive_packet(context, packet) >= 0 {
        data.append(packet.pointee.data, count: Int(packet.pointee.size))
        av_packet_unref(packet)
    }
    guard !data.isEmpty else { throw FixtureError("\(encoderName) produced nothing") }
    try data.write(to: url)
}

/// Inserts an EXIF APP1 segment carrying `orientation` right after a JPEG's SOI marker.
public func insertExifOrientation(_ orientation: UInt16, intoJPEG url: URL) throws {
    var bytes = [UInt8](try Data(contentsOf: url))
    precondition(bytes.starts(with: [0xFF, 0xD8]))
    // Big-endian TIFF: header, one IFD with one SHORT entry (0x0112 Orientation), no next IFD.
    let tiff: [UInt8] = [
        0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
        0x00, 0x01,
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ]
    let payload: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
    let length = payload.count + 2
    let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    bytes.insert(contentsOf: segment, at: 2)
    try Data(bytes).write(to: url)
}

/// A sine tone, `channels` interleaved (channel c gets the same tone), amplitude `amplitude`.
public func tone(frequency: Double, sampleRate: Int, seconds: Double, channels: Int = 1, amplitude: Double = 0.5)
    -> [Float]
{
    let frames = Int(Double(sampleRate) * seconds)
    var samples = [Float](repeating: 0, count: frames * channels)
    for frame in 0..<frames {
        let value = Float(amplitude * sin(2 * Double.pi * frequency * Double(frame) / Double(sampleRate)))
        for channel in 0..<channels { samples[frame * channels + channel] = value }
    }
    return samples
}

/// Writes interleaved float samples with libsndfile (`format` e.g. SF_FORMAT_WAV | SF_FORMAT_PCM_16).
public func writeSoundFile(_ samples: [Float], sampleRate: Int, channels: Int, format: Int32, to url: URL) throws {
    var info = SF_INFO()
    info.samplerate = Int32(sampleRate)
    info.channels = Int32(channels)
    info.format = format
    guard let file = sf_open(url.path, Int32(SFM_WRITE), &info) else {
        throw FixtureError("sf_open for writing: \(String(cString: sf_strerror(nil)))")
    }
    defer { sf_close(file) }
    let written = samples.withUnsafeBufferPointer {
        sf_writef_float(file, $0.baseAddress, sf_count_t(samples.count / channels))
    }
    guard written == samples.count / channels else { throw FixtureError("short write") }
}

/// Encodes interleaved float samples to a raw MP3 stream (a valid .mp3 file) with libmp3lame.
public func writeMP3(_ samples: [Float], sampleRate: Int, channels: Int, to url: URL) throws {
    guard let codec = avcodec_find_encoder_by_name("libmp3lame") else {
        throw XCTSkip("this FFmpeg has no libmp3lame encoder, so MP3 decoding cannot be tested")
    }
    let context = avcodec_alloc_context3(codec)!
    defer {
        var pointer: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&pointer)
    }
    context.pointee.sample_rate = Int32(sampleRate)
    av_channel_layout_default(&context.pointee.ch_layout, Int32(channels))
    context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
    context.pointee.bit_rate = sampleRate < 32_000 ? 64_000 : 128_000 // MPEG-2(.5) rates cap the bit rate
    guard avcodec_open2(context, codec, nil) >= 0 else { throw FixtureError("open libmp3lame at \(sampleRate) Hz") }
    let frameSize = Int(context.pointee.frame_size)
    let frame = av_frame_alloc()!
    let packet = av_packet_alloc()!
    var framePointer: UnsafeMutablePointer<AVFrame>? = frame
    var packetPointer: UnsafeMutablePointer<AVPacket>? = packet
    defer {
        av_frame_free(&framePointer)
        av_packet_free(&packetPointer)
    }
    var data = Data()
    func drain() {
        while avcodec_receive_packet(context, packet) >= 0 {
            data.append(packet.pointee.data, count: Int(packet.pointee.size))
            av_packet_unref(packet)
        }
    }
    let totalFrames = samples.count / channels
    var start = 0
    while start < totalFrames {
        let count = min(frameSize, totalFrames - start)
        frame.pointee.nb_samples = Int32(count)
        frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        frame.pointee.sample_rate = Int32(sampleRate)
        av_channel_layout_copy(&frame.pointee.ch_layout, &context.pointee.ch_layout)
        guard av_frame_get_buffer(frame, 0) >= 0 else { throw FixtureError("frame buffer") }
        let planes = frame.pointee.extended_data!
        for channel in 0..<channels {
            let plane = UnsafeMutableRawPointer(planes[channel]!).assumingMemoryBound(to: Float.self)
            for index in 0..<count { plane[index] = samples[(start + index) * channels + channel] }
        }
        frame.pointee.pts = Int64(start)
        guard avcodec_send_frame(context, frame) >= 0 else { throw FixtureError("send") }
        av_frame_unref(frame)
        drain()
        start += count
    }
    avcodec_send_frame(context, nil)
    drain()
    try data.write(to: url)
}
