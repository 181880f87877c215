import Foundation
import Media
import MediaFixtures
import XCTest

final class WAVWriterTests: XCTestCase {
    func testAWrittenWAVReadsBackAsTheSameSamplesWithinOneStep() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("speech.wav").path
        let samples = tone(frequency: 440, sampleRate: 22_050, seconds: 0.5, channels: 2, amplitude: 0.8)
        try WAVWriter.write(AudioClip(samples: samples, sampleRate: 22_050, channels: 2), to: path)

        let decoded = try AudioSpool.decoding(path: path)
        XCTAssertEqual(decoded.sampleRate, 22_050)
        XCTAssertEqual(decoded.channels, 2)
        XCTAssertEqual(decoded.frameCount, samples.count / 2)
        let back = try decoded.read(0..<decoded.frameCount)
        let worst = zip(back, samples).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(worst, 0.5 / 32_768 + 1e-7, "rounding to 16 bits is the only change")
    }

    func testSamplesOutsideTheRangeAreClippedNotWrapped() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("loud.wav").path
        try WAVWriter.write(AudioClip(samples: [2, -3, .nan, 0.5], sampleRate: 16_000, channels: 1), to: path)
        let back = try AudioSpool.decoding(path: path).read(0..<4)
        XCTAssertEqual(back[0], 1, accuracy: 1e-4)
        XCTAssertEqual(back[1], -1, accuracy: 1e-4)
        XCTAssertEqual(back[2], 0)
        XCTAssertEqual(back[3], 0.5, accuracy: 1e-4)
    }

    func testAnExistingFileIsKeptUnlessOverwriteIsAsked() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("keep.wav").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        let clip = AudioClip(samples: [0, 0.1], sampleRate: 16_000, channels: 1)
        XCTAssertThrowsError(try WAVWriter.write(clip, to: path)) { error in
            XCTAssertEqual(error as? MediaError, .outputExists(path: path))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data("precious".utf8))
        try WAVWriter.write(clip, to: path, overwrite: true)
        XCTAssertEqual(try AudioSpool.decoding(path: path).frameCount, 2)
    }
}
