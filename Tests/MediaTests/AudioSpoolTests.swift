import CSndFile
import Foundation
import MediaFixtures
import XCTest

@testable import Media

final class AudioSpoolTests: XCTestCase {
    func testSpoolReturnsWhatWasAppendedInAnyStretchAndClampsRanges() throws {
        let writer = try AudioSpool.Writer(sampleRate: 8_000, channels: 2)
        let samples = (0..<20_000).map { Float($0) / 20_000 - 0.5 }
        for start in stride(from: 0, to: samples.count, by: 1_234 * 2) {
            try writer.append(Array(samples[start..<min(start + 1_234 * 2, samples.count)]))
        }
        let spool = writer.finish()
        XCTAssertEqual(spool.frameCount, 10_000)
        XCTAssertEqual(spool.duration, 1.25)
        XCTAssertEqual(try spool.read(0..<10_000), samples)
        XCTAssertEqual(try spool.read(4_321..<4_325), Array(samples[8_642..<8_650]))
        XCTAssertEqual(try spool.read(9_998..<20_000), Array(samples[19_996...]), "a range past the end is clamped")
        XCTAssertEqual(try spool.read(12_000..<13_000), [])
        var chunks: [[Float]] = []
        try spool.forEachChunk(frames: 4_096) { chunks.append($0) }
        XCTAssertEqual(chunks.map(\.count), [8_192, 8_192, 3_616])
        XCTAssertEqual(Array(chunks.joined()), samples)
    }

    func testSpoolLeavesNoFileInTheTemporaryFolder() throws {
        let folder = FileManager.default.temporaryDirectory.path
        func spoolFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("vlogger-gpu-audio-") }
        }
        let before = try spoolFiles()
        let spool = try AudioSpool.spooling(AudioClip(samples: [0.25, -0.25, 0.5], sampleRate: 16_000, channels: 1))
        XCTAssertEqual(try spoolFiles(), before, "the spool's file is unlinked as soon as it is made")
        XCTAssertEqual(try spool.read(0..<3), [0.25, -0.25, 0.5])
    }

    func testAMissingTemporaryFolderIsAScratchErrorWithTheFix() throws {
        let saved = ProcessInfo.processInfo.environment["TMPDIR"]
        setenv("TMPDIR", "/nonexistent-vlogger-scratch", 1)
        defer { if let saved { setenv("TMPDIR", saved, 1) } else { unsetenv("TMPDIR") } }
        XCTAssertThrowsError(try AudioSpool.Writer(sampleRate: 16_000, channels: 1)) { error in
            guard let error = error as? MediaError, case .scratchUnavailable = error else { return XCTFail("\(error)") }
            XCTAssertTrue(
                error.description.contains("/nonexistent-vlogger-scratch") && error.description.contains("TMPDIR"),
                error.description)
        }
    }

    func testStreamedSpeechAudioEqualsTheWholeClipConvertedAtOnce() throws {
        let folder = try makeScratchFolder(self)
        let url = folder.appendingPathComponent("long-tone.wav")
        // 3 s of stereo 44.1 kHz: dozens of decoder stretches, several resampler calls.
        try writeSoundFile(
            tone(frequency: 330, sampleRate: 44_100, seconds: 3, channels: 2, amplitude: 0.4),
            sampleRate: 44_100, channels: 2, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT), to: url)
        let streamed = try SpeechAudio(path: url.path)
        let whole = try AudioDecoder.decode(path: url.path)
        XCTAssertEqual(try streamed.original.clip(), whole, "the spool holds the file's samples exactly")
        let converted = try whole.mono(sampleRate: SpeechAudio.analysisSampleRate)
        let analysis = try streamed.analysis
        XCTAssertEqual(analysis.count, converted.count)
        let worst = zip(analysis, converted).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThan(worst, 1e-6, "converting stretch by stretch keeps the resampler's state")
    }
}
