import Foundation
import Media
import MediaFixtures
import XCTest

/// `VideoReader.audioOffset` puts the decoded sound on the frames' clock: what lip-sync measurements rely on.
final class VideoReaderAudioOffsetTests: XCTestCase {
    /// A click written at frame 10's time comes back at frame 10's time: the AAC encoder's 1024 priming samples
    /// (23 ms at 44.1 kHz, 64 ms at 16 kHz) are skipped by the decoder, and the offset says the streams start together.
    func testAClickWrittenAtAFramesTimeIsDecodedAtThatTime() throws {
        let folder = try makeScratchFolder(self)
        for rate in [16_000, 44_100] {
            let path = folder.appendingPathComponent("click-\(rate).mp4").path
            var samples = [Float](repeating: 0, count: rate) // 1 s
            let click = Int(0.4 * Double(rate))
            samples[click] = 0.9
            samples[click + 1] = -0.9
            let writer = try MP4Writer(
                path: path, width: 32, height: 32,
                audio: AudioClip(samples: samples, sampleRate: rate, channels: 1))
            for frame in 0..<25 { try writer.append(MP4WriterTests.pattern(width: 32, height: 32, frame: frame)) }
            try writer.finish()

            let reader = try VideoReader(path: path)
            var frameTimes: [Double] = []
            try reader.forEachFrame {
                frameTimes.append($0.time)
                return true
            }
            let sound = try reader.audio()
            let loudest = try XCTUnwrap(sound.samples.indices.max { abs(sound.samples[$0]) < abs(sound.samples[$1]) })
            let heard = Double(loudest) / Double(sound.sampleRate) + reader.audioOffset
            XCTAssertEqual(reader.audioOffset, 0, accuracy: 0.001, "\(rate) Hz")
            XCTAssertEqual(
                heard, frameTimes[10], accuracy: 0.002,
                "\(rate) Hz: the click plays at \(heard) s, frame 10 at \(frameTimes[10]) s")
        }
    }

    func testAVideoWithoutSoundHasNoOffset() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("silent.mp4").path
        let writer = try MP4Writer(path: path, width: 32, height: 32)
        for frame in 0..<5 { try writer.append(MP4WriterTests.pattern(width: 32, height: 32, frame: frame)) }
        try writer.finish()
        let reader = try VideoReader(path: path)
        XCTAssertFalse(reader.hasAudio)
        XCTAssertEqual(reader.audioOffset, 0)
    }
}
