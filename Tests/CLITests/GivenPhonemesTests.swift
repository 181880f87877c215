import Foundation
import XCTest

/// `--phonemes`: a recording animated from timing made elsewhere (an aligner's labels), exactly as given, and timing
/// that cannot belong to the recording refused.
final class GivenPhonemesTests: XCTestCase {
    private func motion(_ path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try XCTUnwrap(object as? [String: Any])
    }

    private func spans(_ motion: [String: Any]) throws -> [(phoneme: String, start: Double, end: Double)] {
        try XCTUnwrap(motion["phonemes"] as? [[String: Any]]).map {
            (
                try XCTUnwrap($0["phoneme"] as? String), try XCTUnwrap($0["start"] as? Double),
                try XCTUnwrap($0["end"] as? Double)
            )
        }
    }

    func testLabelsOfARecordingAreAnimatedAsGivenWithTheLipsClosedOnEachBilabial() throws {
        let cli = try CommandLineHarness(self)
        var result = try cli.run([
            "motion", "--text", "Bob may pay me a big bump.", "--fps", "50", "-o", cli.path("text.json"),
            "--speech-out", cli.path("s.wav"),
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let truth = try spans(try motion(cli.path("text.json")))
        let labels = truth.map { "\($0.start) \($0.end) \($0.phoneme)\n" }.joined()
        let timing = try cli.write("s.lab", Array(labels.utf8))
        result = try cli.run([
            "motion", "--audio", cli.path("s.wav"), "--phonemes", timing, "--fps", "50", "-o", cli.path("given.json"),
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let given = try motion(cli.path("given.json"))
        XCTAssertEqual(given["phonemeSource"] as? String, "given")
        let heard = try spans(given)
        XCTAssertEqual(heard.map(\.phoneme), truth.map(\.phoneme))
        for (a, b) in zip(heard, truth) { XCTAssertEqual(a.start, b.start, accuracy: 1e-6) }
        let frames = try XCTUnwrap(given["frames"] as? [[String: Any]])
        let bilabials = heard.filter { ["B", "M", "P"].contains($0.phoneme) }
        XCTAssertEqual(bilabials.count, 9)
        for bilabial in bilabials {
            let range = Int(bilabial.start * 50)...min(frames.count - 1, Int(bilabial.end * 50))
            let press = range.map { frames[$0]["lipPress"] as? Double ?? 0 }.max() ?? 0
            XCTAssertGreaterThan(press, 0.8, "the lips stay open on \(bilabial)")
        }
    }

    func testTimingThatCannotBelongToTheRecordingIsRefusedNamingTheTimingFile() throws {
        let cli = try CommandLineHarness(self)
        let speech = try cli.write("talk.wav", HostileFiles.wav(channels: 1))
        let long = try cli.write("long.lab", Array("0 0.2 sil\n0.2 30 AA\n".utf8))
        try cli.assertRefused(
            ["motion", "--audio", speech, "--phonemes", long, "-o", cli.path("m.json")], status: 65,
            naming: "long.lab")
        let words = try cli.write("words.txt", Array("hello there my friend".utf8))
        try cli.assertRefused(
            ["motion", "--audio", speech, "--phonemes", words, "-o", cli.path("m.json")], status: 65,
            naming: "words.txt line 1")
        try cli.assertRefused(
            ["motion", "--audio", speech, "--phonemes", cli.path("none.lab"), "-o", cli.path("m.json")], status: 66,
            naming: "none.lab")
        try cli.assertRefused(
            ["motion", "--audio", speech, "--phonemes", long, "--lipsync", "neural", "-o", cli.path("m.json")],
            status: 64, naming: "--phonemes")
        try cli.assertRefused(
            ["motion", "--text", "hi", "--phonemes", long, "-o", cli.path("m.json")], status: 64, naming: "--phonemes")
    }
}
