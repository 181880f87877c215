import CFFmpeg
import CSndFile
import Foundation
import Media
import MediaFixtures
import XCTest

/// Copies `input`'s packets into a new MP4, optionally with a display rotation (clockwise degrees, as
/// av_display_rotation_set takes them; av_display_rotation_get reports the negation) on the video stream and video timestamps passed through `retime`.
func remux(_ input: String, to output: String, rotation: Double? = nil, retime: ((Int64) -> Int64)? = nil) throws {
    var source: UnsafeMutablePointer<AVFormatContext>? = nil
    guard avformat_open_input(&source, input, nil, nil) >= 0, let source else { throw FixtureError("open \(input)") }
    defer {
        var pointer: UnsafeMutablePointer<AVFormatContext>? = source
        avformat_close_input(&pointer)
    }
    avformat_find_stream_info(source, nil)
    var target: UnsafeMutablePointer<AVFormatContext>? = nil
    guard avformat_alloc_output_context2(&target, nil, "mp4", output) >= 0, let target else {
        throw FixtureError("mux")
    }
    defer { avformat_free_context(target) }
    for index in 0..<Int(source.pointee.nb_streams) {
        let from = source.pointee.streams[index]!
        let to = avformat_new_stream(target, nil)!
        avcodec_parameters_copy(to.pointee.codecpar, from.pointee.codecpar)
        to.pointee.codecpar.pointee.codec_tag = 0
        to.pointee.time_base = from.pointee.time_base
        if let rotation, from.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO {
            let matrix = av_stream_new_side_data(to, AV_PKT_DATA_DISPLAYMATRIX, 9 * 4)!
            matrix.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_set($0, rotation) }
        }
    }
    guard avio_open(&target.pointee.pb, output, AVIO_FLAG_WRITE) >= 0 else { throw FixtureError("avio_open") }
    defer { avio_closep(&target.pointee.pb) }
    guard avformat_write_header(target, nil) >= 0 else { throw FixtureError("header") }
    let packet = av_packet_alloc()!
    var packetPointer: UnsafeMutablePointer<AVPacket>? = packet
    defer { av_packet_free(&packetPointer) }
    while av_read_frame(source, packet) >= 0 {
        let index = Int(packet.pointee.stream_index)
        let from = source.pointee.streams[index]!
        let to = target.pointee.streams[index]!
        if let retime, from.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO {
            let pts = packet.pointee.pts
            let duration = packet.pointee.duration
            packet.pointee.pts = retime(pts)
            packet.pointee.dts = retime(packet.pointee.dts)
            packet.pointee.duration = retime(pts + duration) - retime(pts)
        }
        av_packet_rescale_ts(packet, from.pointee.time_base, to.pointee.time_base)
        guard av_interleaved_write_frame(target, packet) >= 0 else { throw FixtureError("write") }
    }
    guard av_write_trailer(target) >= 0 else { throw FixtureError("trailer") }
}

final class VideoReaderTests: XCTestCase {
    private func writeClip(_ folder: URL, width: Int = 96, height: Int = 64, frames: Int = 20) throws -> String {
        let path = folder.appendingPathComponent("clip.mp4").path
        let writer = try MP4Writer(path: path, width: width, height: height, options: .init(crf: 12))
        for frame in 0..<frames {
            try writer.append(MP4WriterTests.pattern(width: width, height: height, frame: frame))
        }
        try writer.finish()
        return path
    }

    func testRotationMetadataTurnsFramesUpright() throws {
        let folder = try makeScratchFolder(self)
        let path = try writeClip(folder)
        let rotated = folder.appendingPathComponent("rotated.mp4").path
        try remux(path, to: rotated, rotation: 90) // av_display_rotation_set takes clockwise degrees
        let reader = try VideoReader(path: rotated)
        XCTAssertEqual(reader.rotation, 90)
        XCTAssertEqual(reader.width, 64)
        XCTAssertEqual(reader.height, 96)
        var checked = false
        try reader.forEachFrame { frame in
            let rgba = MP4WriterTests.pattern(width: 96, height: 64, frame: 0)
            let rgb = stride(from: 0, to: rgba.count, by: 4).flatMap { rgba[$0..<($0 + 3)] }
            let upright = RGBImage(width: 96, height: 64, pixels: Array(rgb)).oriented(.right)
            XCTAssertEqual(frame.image.width, 64)
            XCTAssertEqual(frame.image.height, 96)
            let back = stride(from: 0, to: upright.pixels.count, by: 3).flatMap {
                upright.pixels[$0..<($0 + 3)] + [255]
            }
            XCTAssertGreaterThan(MP4WriterTests.psnr(frame.image, back), 35)
            checked = true
            return false
        }
        XCTAssertTrue(checked)
    }

    func testVariableFrameRateTimestampsAreReportedAsStored() throws {
        let folder = try makeScratchFolder(self)
        let path = try writeClip(folder)
        let variable = folder.appendingPathComponent("vfr.mp4").path
        // Source time base ticks: frames 0..9 keep their times, frames 10... are spaced twice as far apart.
        let stream = try VideoReader(path: path)
        XCTAssertEqual(stream.frameRate, 25, accuracy: 0.01)
        let ticksPerFrame = try Self.videoTicksPerFrame(path)
        let half = Int64(10) * ticksPerFrame
        try remux(path, to: variable, retime: { $0 == Int64.min || $0 < half ? $0 : half + 2 * ($0 - half) })
        var times: [Double] = []
        try VideoReader(path: variable).forEachFrame { frame in
            times.append(frame.time)
            return true
        }
        XCTAssertEqual(times.count, 20)
        guard times.count == 20 else { return }
        XCTAssertEqual(times[5] - times[4], 0.04, accuracy: 0.001)
        XCTAssertEqual(times[15] - times[14], 0.08, accuracy: 0.001)
        XCTAssertEqual(times[19], 0.4 + 9 * 0.08, accuracy: 0.001)
    }

    func testStoppingEarlyIsNotAnError() throws {
        let folder = try makeScratchFolder(self)
        var count = 0
        try VideoReader(path: try writeClip(folder)).forEachFrame(maxLongSide: 48) { frame in
            XCTAssertEqual(frame.image.width, 48)
            XCTAssertEqual(frame.image.height, 32)
            count += 1
            return count < 3
        }
        XCTAssertEqual(count, 3)
    }

    func testSilentVideoHasNoAudioAndAnAudioFileIsNoVideo() throws {
        let folder = try makeScratchFolder(self)
        let reader = try VideoReader(path: try writeClip(folder))
        XCTAssertFalse(reader.hasAudio)
        XCTAssertThrowsError(try reader.audio()) { error in
            guard case .noAudioStream? = error as? MediaError else { return XCTFail("\(error)") }
        }
        let wav = folder.appendingPathComponent("sound.wav")
        try writeSoundFile(
            tone(frequency: 300, sampleRate: 16_000, seconds: 0.2), sampleRate: 16_000, channels: 1,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16), to: wav)
        XCTAssertThrowsError(try VideoReader(path: wav.path)) { error in
            guard case .unsupported? = error as? MediaError else { return XCTFail("\(error)") }
        }
    }

    /// Duration of one frame in the video stream's time base.
    static func videoTicksPerFrame(_ path: String) throws -> Int64 {
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        guard avformat_open_input(&context, path, nil, nil) >= 0, let context else { throw FixtureError("open") }
        defer {
            var pointer: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&pointer)
        }
        avformat_find_stream_info(context, nil)
        let stream = context.pointee.streams[0]!
        return Int64(Double(stream.pointee.time_base.den) / Double(stream.pointee.time_base.num) / 25)
    }
}
