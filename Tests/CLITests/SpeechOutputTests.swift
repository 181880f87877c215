import Foundation
import XCTest

/// `motion --speech-out`: the speech synthesized for --text, saved beside the motion so the two can be used together.
final class SpeechOutputTests: XCTestCase {
    func testMotionSavesTheSynthesizedSpeechAsLongAsTheMotion() throws {
        let cli = try CommandLineHarness(self)
        let result = try cli.run([
            "motion", "--text", "Guten Tag, wie geht es Ihnen?", "--voice", "de", "-o", cli.path("m.json"),
            "--speech-out", cli.path("speech.wav"),
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let wav = try Data(contentsOf: URL(fileURLWithPath: cli.path("speech.wav")))
        XCTAssertEqual(String(decoding: wav.prefix(4), as: UTF8.self), "RIFF")
        func integer(at offset: Int, bytes: Int) -> Int {
            (0..<bytes).reduce(0) { $0 | Int(wav[offset + $1]) << (8 * $1) }
        }
        let (channels, rate, bits, dataBytes) = (
            integer(at: 22, bytes: 2), integer(at: 24, bytes: 4), integer(at: 34, bytes: 2), integer(at: 40, bytes: 4)
        )
        XCTAssertEqual([channels, bits], [1, 16])
        XCTAssertEqual(wav.count, 44 + dataBytes)
        let motion = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.path("m.json"))))
        let duration = try XCTUnwrap((motion as? [String: Any])?["duration"] as? Double)
        XCTAssertEqual(Double(dataBytes / 2) / Double(rate), duration, accuracy: 1e-6, "the motion's own audio")
    }

    func testSpeechOutWithARecordingIsAUsageError() throws {
        let cli = try CommandLineHarness(self)
        let speech = try cli.write("talk.wav", HostileFiles.wav(channels: 1))
        let result = try cli.run([
            "motion", "--audio", speech, "-o", cli.path("m.json"), "--speech-out", cli.path("s.wav"),
        ])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--speech-out"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("m.json")))
    }
}
