import Foundation
import XCTest

/// `--lipsync neural` from the command line: the shipped network hears the bilabials of speech it never saw as text,
/// and damaged weights are a named error.
final class NeuralLipSyncTests: XCTestCase {
    private func phonemes(_ path: String) throws -> (source: String, spans: [(String, Double, Double)]) {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let motion = try XCTUnwrap(object as? [String: Any])
        let spans = try XCTUnwrap(motion["phonemes"] as? [[String: Any]]).compactMap {
            span -> (String, Double, Double)? in
            guard let name = span["phoneme"] as? String, let start = span["start"] as? Double,
                let end = span["end"] as? Double
            else { return nil }
            return (name, start, end)
        }
        return (try XCTUnwrap(motion["phonemeSource"] as? String), spans)
    }

    func testTheNetworkClosesTheLipsOnMostBilabialsOfASynthesizedSentence() throws {
        let cli = try CommandLineHarness(self)
        let text = "Bob may buy a map of Paris, papa, and maybe a pump."
        var result = try cli.run([
            "motion", "--text", text, "-o", cli.path("text.json"), "--speech-out", cli.path("s.wav"),
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        result = try cli.run([
            "motion", "--audio", cli.path("s.wav"), "--lipsync", "neural", "-o", cli.path("heard.json"),
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let truth = try phonemes(cli.path("text.json")).spans.filter { ["B", "M", "P"].contains($0.0) }
        let heard = try phonemes(cli.path("heard.json"))
        XCTAssertEqual(heard.source, "neural")
        let closures = heard.spans.filter { ["B", "M", "P"].contains($0.0) }
        let found = truth.filter { t in closures.contains { $0.1 < t.2 + 0.06 && t.1 < $0.2 + 0.06 } }
        XCTAssertGreaterThanOrEqual(truth.count, 12)
        XCTAssertGreaterThanOrEqual(Double(found.count), 0.7 * Double(truth.count), "\(found.count) of \(truth.count)")
    }

    func testDamagedWeightsAreANamedErrorNotACrash() throws {
        let cli = try CommandLineHarness(self)
        let models = cli.folder.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try Data("not weights at all".utf8).write(to: models.appendingPathComponent("speech_to_mouth.safetensors"))
        let speech = try cli.write("talk.wav", HostileFiles.wav(channels: 1))
        try cli.assertRefused(
            ["motion", "--audio", speech, "--lipsync", "neural", "-o", cli.path("m.json")], status: 65,
            naming: "speech_to_mouth.safetensors", environment: ["VLOGGER_MODELS": models.path])
    }
}
