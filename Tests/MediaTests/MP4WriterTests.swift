import CFFmpeg
import CSndFile
import Foundation
import MediaFixtures
import XCTest

@testable import Media

final class MP4WriterTests: XCTestCase {
    /// A smooth moving test pattern (gradients and a soft disc), like a rendered portrait's content.
    static func pattern(width: Int, height: Int, frame: Int, channels: Int = 4) -> [UInt8] {
        var bytes = [UInt8](repeating: 255, count: width * height * channels)
        let centreX = Double(width) * (0.3 + 0.4 * Double(frame % 50) / 50)
        let centreY = Double(height) / 2
        for y in 0..<height {
            for x in 0..<width {
                let distance =
                    ((Double(x) - centreX) * (Double(x) - centreX) + (Double(y) - centreY) * (Double(y) - centreY))
                    .squareRoot()
                let disc = max(0, min(1, (Double(height) / 4 - distance) / 4))
                let index = (y * width + x) * channels
                bytes[index] = UInt8(40 + 150 * Double(x) / Double(width) * (1 - disc) + 200 * disc)
                bytes[index + 1] = UInt8(60 + 120 * Double(y) / Double(height))
                bytes[index + 2] = UInt8(200 - 120 * disc)
            }
        }
        return bytes
    }

    static func psnr(_ image: RGBImage, _ rgba: [UInt8]) -> Double {
        var squared = 0.0
        for pixel in 0..<(image.width * image.height) {
            for c in 0..<3 {
                let error = Double(image.pixels[pixel * 3 + c]) - Double(rgba[pixel * 4 + c])
                squared += error * error
            }
        }
        let mse = squared / Double(image.width * image.height * 3)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    /// Start times in seconds of the first video and audio streams.
    static func streamStarts(_ path: String) throws -> (video: Double, audio: Double) {
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        guard avformat_open_input(&context, path, nil, nil) >= 0, let context else { throw FixtureError("open") }
        defer {
            var pointer: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&pointer)
        }
        avformat_find_stream_info(context, nil)
        var video = Double.nan
        var audio = Double.nan
        for index in 0..<Int(context.pointee.nb_streams) {
            let stream = context.pointee.streams[index]!
            let start = Double(stream.pointee.start_time) * av_q2d(stream.pointee.time_base)
            if stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO { video = start } else { audio = start }
        }
        return (video, audio)
    }

    func testASpooledSoundBecomesTheSameTrackAsTheClipInMemory() throws {
        let folder = try makeScratchFolder(self)
        let clip = AudioClip(
            samples: tone(frequency: 440, sampleRate: 22_050, seconds: 1.2), sampleRate: 22_050, channels: 1)
        let spool = try AudioSpool.spooling(clip)
        var tracks: [AudioClip] = []
        for (name, source) in [("memory", clip as any AudioSource), ("spool", spool)] {
            let path = folder.appendingPathComponent("\(name).mp4").path
            let writer = try MP4Writer(path: path, width: 32, height: 32, audio: source)
            for frame in 0..<30 { try writer.append(Self.pattern(width: 32, height: 32, frame: frame)) }
            try writer.finish()
            tracks.append(try VideoReader(path: path).audio())
        }
        XCTAssertEqual(tracks[0], tracks[1], "the AAC track does not depend on where the samples were kept")
        let fit = AudioDecoderTests.fitTone(try tracks[1].mono(sampleRate: 16_000), frequency: 440)
        XCTAssertEqual(fit.amplitude, 0.5, accuracy: 0.03)
    }

    func testCopiedSoundCarriesAACPacketsOverAndEncodesWhatMP4CannotHold() throws {
        let folder = try makeScratchFolder(self)
        let wav = folder.appendingPathComponent("tone.wav")
        try writeSoundFile(
            tone(frequency: 440, sampleRate: 32_000, seconds: 1.2), sampleRate: 32_000, channels: 1,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16), to: wav)
        func write(_ name: String, copying source: String) throws -> MP4Writer {
            let writer = try MP4Writer(
                path: folder.appendingPathComponent(name).path, width: 32, height: 32,
                sound: .copy(fromFile: source))
            for frame in 0..<30 { try writer.append(Self.pattern(width: 32, height: 32, frame: frame)) }
            try writer.finish()
            return writer
        }
        // 16-bit PCM has no place in MP4: it is encoded to AAC.
        let encoded = try write("encoded.mp4", copying: wav.path)
        XCTAssertNil(encoded.copiedAudioCodec)
        let sound = try VideoReader(path: encoded.path).audio()
        XCTAssertEqual(sound.duration, 1.2, accuracy: 0.05)
        XCTAssertEqual(
            AudioDecoderTests.fitTone(try sound.mono(sampleRate: 16_000), frequency: 440).amplitude, 0.5, accuracy: 0.03
        )
        // AAC is carried over packet for packet: the copy decodes to exactly the same samples.
        let copied = try write("copied.mp4", copying: encoded.path)
        XCTAssertEqual(copied.copiedAudioCodec, "aac")
        XCTAssertEqual(try VideoReader(path: copied.path).audio(), sound)
        let starts = try Self.streamStarts(copied.path)
        XCTAssertLessThan(abs(starts.video - starts.audio), 0.010, "audio/video start offset \(starts)")
    }

    /// Byte ranges of the audio packets in `path`, as the demuxer reports them.
    static func audioPacketRanges(_ path: String) throws -> [Range<Int>] {
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        guard avformat_open_input(&context, path, nil, nil) >= 0, let context else { throw FixtureError("open") }
        defer {
            var pointer: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&pointer)
        }
        avformat_find_stream_info(context, nil)
        var packet = av_packet_alloc()
        defer { av_packet_free(&packet) }
        guard let packet else { throw FixtureError("packet") }
        var ranges: [Range<Int>] = []
        while av_read_frame(context, packet) >= 0 {
            let stream = context.pointee.streams[Int(packet.pointee.stream_index)]!
            if stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO, packet.pointee.pos >= 0 {
                ranges.append(Int(packet.pointee.pos)..<Int(packet.pointee.pos) + Int(packet.pointee.size))
            }
            av_packet_unref(packet)
        }
        return ranges
    }

    func testDamagedAACIsReencodedNotCopied() throws {
        let folder = try makeScratchFolder(self)
        let clean = folder.appendingPathComponent("clean.mp4").path
        let writer = try MP4Writer(
            path: clean, width: 32, height: 32,
            audio: AudioClip(
                samples: tone(frequency: 440, sampleRate: 32_000, seconds: 1.2), sampleRate: 32_000, channels: 1))
        for frame in 0..<30 { try writer.append(Self.pattern(width: 32, height: 32, frame: frame)) }
        try writer.finish()
        // Bytes flipped inside every third audio packet, as a bad disk or download does.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: clean)))
        let ranges = try Self.audioPacketRanges(clean)
        XCTAssertGreaterThan(ranges.count, 20)
        for range in ranges.enumerated().filter({ $0.offset % 3 == 1 && $0.element.count > 8 }).map(\.element) {
            for offset in range.lowerBound + 2..<min(range.upperBound, range.lowerBound + 10) { bytes[offset] ^= 0xA5 }
        }
        let damaged = folder.appendingPathComponent("damaged.mp4")
        try Data(bytes).write(to: damaged)
        XCTAssertTrue(try AudioStreamCopy.decodesCleanly(path: clean))
        XCTAssertFalse(try AudioStreamCopy.decodesCleanly(path: damaged.path), "the flips must break AAC packets")

        let output = folder.appendingPathComponent("edited.mp4").path
        let edit = try MP4Writer(path: output, width: 32, height: 32, sound: .copy(fromFile: damaged.path))
        for frame in 0..<30 { try edit.append(Self.pattern(width: 32, height: 32, frame: frame)) }
        try edit.finish()
        XCTAssertNil(edit.copiedAudioCodec, "damaged packets were carried over")
        XCTAssertTrue(try AudioStreamCopy.decodesCleanly(path: output), "the re-encoded track decodes cleanly")
        XCTAssertEqual(try VideoReader(path: output).audio().duration, 1.2, accuracy: 0.06)
    }

    func testFrameTimesKeepAVariableFrameRate() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("vfr.mp4").path
        // A phone-style clip: 30 fps, a stall of 150 ms, then 15 fps.
        var times = (0..<10).map { MP4Writer.FrameTime(start: Double($0) / 30, duration: 1.0 / 30) }
        times[9].duration = 0.15
        times += (0..<8).map { MP4Writer.FrameTime(start: 0.45 + Double($0) / 15, duration: 1.0 / 15) }
        let writer = try MP4Writer(
            path: path, width: 32, height: 32, options: .init(frameRate: 25, timing: .frameTimes))
        for (index, time) in times.enumerated() {
            try writer.append(Self.pattern(width: 32, height: 32, frame: index), at: time)
        }
        try writer.finish()
        var read: [VideoFrame] = []
        let reader = try VideoReader(path: path)
        try reader.forEachFrame {
            read.append($0)
            return true
        }
        XCTAssertEqual(read.count, times.count)
        for (index, (frame, time)) in zip(read, times).enumerated() {
            XCTAssertEqual(frame.time, time.start, accuracy: 1e-4, "frame \(index)")
            XCTAssertEqual(
                frame.duration, time.duration, accuracy: index < times.count - 1 ? 1e-4 : 0.02, "frame \(index)")
        }
        XCTAssertEqual(reader.duration, 0.45 + 8.0 / 15, accuracy: 0.02)
    }

    func testFiftyFramesAndAToneRoundTrip() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("talk.mp4").path
        let width = 96
        let height = 64
        let clip = AudioClip(
            samples: tone(frequency: 440, sampleRate: 44_100, seconds: 2, channels: 2),
            sampleRate: 44_100, channels: 2)
        let writer = try MP4Writer(path: path, width: width, height: height, audio: clip)
        for frame in 0..<50 { try writer.append(Self.pattern(width: width, height: height, frame: frame)) }
        try writer.finish()
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path), ["talk.mp4"],
            "the temporary file is renamed, nothing else is left")

        // +faststart: the index (moov) precedes the media data (mdat).
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let moov = try XCTUnwrap(bytes.range(of: Data("moov".utf8)))
        let mdat = try XCTUnwrap(bytes.range(of: Data("mdat".utf8)))
        XCTAssertLessThan(moov.lowerBound, mdat.lowerBound)

        let reader = try VideoReader(path: path)
        XCTAssertEqual(reader.width, width)
        XCTAssertEqual(reader.height, height)
        XCTAssertEqual(reader.frameRate, 25, accuracy: 0.01)
        XCTAssertEqual(reader.duration, 2.0, accuracy: 1.0 / 25)
        var frames = 0
        var lastTime = -1.0
        var worstPSNR = Double.infinity
        try reader.forEachFrame { frame in
            XCTAssertEqual(frame.time, Double(frames) / 25, accuracy: 0.001)
            if frames % 10 == 3 {
                worstPSNR = min(
                    worstPSNR, Self.psnr(frame.image, Self.pattern(width: width, height: height, frame: frames)))
            }
            lastTime = frame.time
            frames += 1
            return true
        }
        XCTAssertEqual(frames, 50)
        XCTAssertEqual(lastTime + 1.0 / 25, 2.0, accuracy: 1.0 / 25)
        XCTAssertGreaterThanOrEqual(worstPSNR, 35, "PSNR at the default CRF")

        let sound = try reader.audio()
        XCTAssertEqual(sound.sampleRate, 44_100)
        XCTAssertEqual(sound.channels, 2)
        XCTAssertEqual(sound.duration, 2.0, accuracy: 0.05)
        let fit = AudioDecoderTests.fitTone(try sound.mono(sampleRate: 16_000), frequency: 440)
        XCTAssertEqual(fit.amplitude, 0.5, accuracy: 0.03)
        XCTAssertLessThan(fit.residual, 0.02)

        // The same file as speech input: the AAC track is decoded through libavformat.
        let speech = try SpeechAudio(path: path)
        XCTAssertEqual(Double(speech.signal.frameCount), 32_000, accuracy: 1_600)

        let starts = try Self.streamStarts(path)
        XCTAssertLessThan(abs(starts.video - starts.audio), 0.010, "audio/video start offset \(starts)")
    }

    func testOddFrameSizesArePaddedToEven() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("odd.mp4").path
        let writer = try MP4Writer(path: path, width: 33, height: 17, options: .init(frameRate: 10))
        for frame in 0..<5 {
            try writer.append(Self.pattern(width: 33, height: 17, frame: frame, channels: 3), layout: .rgb)
        }
        try writer.finish()
        let reader = try VideoReader(path: path)
        XCTAssertEqual(reader.width, 34)
        XCTAssertEqual(reader.height, 18)
        var count = 0
        try reader.forEachFrame { frame in
            // The padding repeats the last column and row.
            let expected = Self.pattern(width: 33, height: 17, frame: count, channels: 3)
            let last = (16 * 33 + 32) * 3
            XCTAssertEqual(Double(frame.image[33, 17].g), Double(expected[last + 1]), accuracy: 12)
            count += 1
            return true
        }
        XCTAssertEqual(count, 5)
    }

    func testPlanarYUVFramesEncodeAsGiven() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("yuv.mp4").path
        let writer = try MP4Writer(path: path, width: 32, height: 16)
        // BT.601 limited range: Y 81, Cb 90, Cr 240 is pure red.
        for _ in 0..<3 {
            try writer.appendYUV420(
                y: [UInt8](repeating: 81, count: 32 * 16), u: [UInt8](repeating: 90, count: 16 * 8),
                v: [UInt8](repeating: 240, count: 16 * 8))
        }
        try writer.finish()
        var frames = 0
        try VideoReader(path: path).forEachFrame { frame in
            let pixel = frame.image[10, 5]
            XCTAssertGreaterThan(pixel.r, 240)
            XCTAssertLessThan(pixel.g, 15)
            XCTAssertLessThan(pixel.b, 15)
            frames += 1
            return true
        }
        XCTAssertEqual(frames, 3)
        let odd = try MP4Writer(path: folder.appendingPathComponent("odd.mp4").path, width: 5, height: 5)
        XCTAssertThrowsError(try odd.appendYUV420(y: [], u: [], v: [])) { error in
            guard case .internal = error as? MediaError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["yuv.mp4"])
    }

    func testFailedEncodeLeavesNoFile() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("broken.mp4").path
        let writer = try MP4Writer(path: path, width: 32, height: 32)
        try writer.append(Self.pattern(width: 32, height: 32, frame: 0))
        XCTAssertThrowsError(try writer.append([UInt8](repeating: 0, count: 10))) { error in
            guard case .internal = error as? MediaError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try writer.finish()) { error in
            guard case .internal = error as? MediaError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])

        // Dropping an unfinished writer (e.g. the render failed further up) removes its file too.
        do {
            let abandoned = try MP4Writer(path: path, width: 32, height: 32)
            try abandoned.append(Self.pattern(width: 32, height: 32, frame: 0))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])

        XCTAssertThrowsError(
            try MP4Writer(path: path, width: 32, height: 32, options: .init(encoder: "no_such_encoder"))
        ) { error in
            XCTAssertEqual(error as? MediaError, .codecUnavailable(name: "no_such_encoder"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testExistingOutputIsKeptUnlessOverwriteIsAsked() throws {
        let folder = try makeScratchFolder(self)
        let url = folder.appendingPathComponent("keep.mp4")
        try Data("precious".utf8).write(to: url)
        XCTAssertThrowsError(try MP4Writer(path: url.path, width: 8, height: 8)) { error in
            XCTAssertEqual(error as? MediaError, .outputExists(path: url.path))
        }
        XCTAssertEqual(try Data(contentsOf: url), Data("precious".utf8))
        let writer = try MP4Writer(path: url.path, width: 8, height: 8, options: .init(overwrite: true))
        try writer.append(Self.pattern(width: 8, height: 8, frame: 0))
        try writer.finish()
        XCTAssertNoThrow(try VideoReader(path: url.path))
    }

    func testMissingFolderIsCannotCreateOutput() {
        XCTAssertThrowsError(try MP4Writer(path: "/nonexistent-folder/out.mp4", width: 8, height: 8)) { error in
            guard case .cannotCreateOutput(let path, _) = error as? MediaError else { return XCTFail("got \(error)") }
            XCTAssertEqual(path, "/nonexistent-folder/out.mp4")
        }
    }

    func testTruncatedMP4IsCorrupt() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("cut.mp4").path
        let writer = try MP4Writer(path: path, width: 64, height: 64)
        for frame in 0..<25 { try writer.append(Self.pattern(width: 64, height: 64, frame: frame)) }
        try writer.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count * 6 / 10).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try VideoReader(path: path).forEachFrame { _ in true }) { error in
            guard case .corrupt(let failing, _) = error as? MediaError else { return XCTFail("got \(error)") }
            XCTAssertEqual(failing, path)
        }
        // Without its index (cut before the moov box at the front) FFmpeg finds no video stream in it.
        try bytes.prefix(200).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try VideoReader(path: path)) { error in
            XCTAssertEqual(error as? MediaError, .unsupported(path: path, reason: "it has no video stream"))
        }
    }

    func testVideoWithoutSoundHasNoAudioStream() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("mute.mp4").path
        let writer = try MP4Writer(path: path, width: 16, height: 16)
        try writer.append(Self.pattern(width: 16, height: 16, frame: 0))
        try writer.finish()
        XCTAssertThrowsError(try SpeechAudio(path: path)) { error in
            XCTAssertEqual(error as? MediaError, .noAudioStream(path: path))
        }
    }
}

final class InterruptCleanupTests: XCTestCase {
    func testUnfinishedOutputsAreTrackedUntilFinished() throws {
        let folder = try makeScratchFolder(self)
        let writer = try MP4Writer(path: folder.appendingPathComponent("a.mp4").path, width: 8, height: 8)
        XCTAssertTrue(InterruptCleanup.pendingOutputs.contains(writer.temporaryPath))
        try writer.append(MP4WriterTests.pattern(width: 8, height: 8, frame: 0))
        try writer.finish()
        XCTAssertFalse(InterruptCleanup.pendingOutputs.contains(writer.temporaryPath))
    }

    /// Ctrl-C during an encode (the benchmark tool installs the handler like the CLI does) leaves no file.
    func testInterruptRemovesThePartialFile() throws {
        try checkSignalRemovesThePartialFile(SIGINT)
    }

    /// So do a closed terminal (SIGHUP) and SIGQUIT, which used to leave the partial file (SIGQUIT also printed a
    /// crash report and let the encode go on).
    func testHangUpAndQuitRemoveThePartialFileToo() throws {
        try checkSignalRemovesThePartialFile(SIGHUP)
        try checkSignalRemovesThePartialFile(SIGQUIT)
    }

    private func checkSignalRemovesThePartialFile(_ number: Int32) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("mp4-memory-bench")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("mp4-memory-bench is not built next to the tests (swift build --build-tests builds it)")
        }
        let folder = try makeScratchFolder(self)
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "3600", folder.appendingPathComponent("long.mp4").path, "--no-audio", "--preset", "ultrafast",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until encoding has started writing its temporary file.
        let deadline = Date().addingTimeInterval(60)
        while try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty && Date() < deadline {
            usleep(20_000)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).count, 1)
        usleep(200_000)
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "signal \(number)")
        XCTAssertEqual(process.terminationStatus, 128 + number, "signal \(number)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "signal \(number)")
    }
}
