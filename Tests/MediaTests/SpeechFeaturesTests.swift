import Media
import MediaFixtures
import XCTest

final class SpeechFeaturesTests: XCTestCase {
    func testFeaturesShareOneTenMillisecondGrid() throws {
        // 0.3 s of a 220 Hz tone, then 0.2 s of silence (ends mid-hop: 8_050 samples).
        let toneSamples = tone(frequency: 220, sampleRate: 16_000, seconds: 0.3, amplitude: 0.4)
        let clip = AudioClip(samples: toneSamples + [Float](repeating: 0, count: 3_250), sampleRate: 16_000, channels: 1)
        let features = try SpeechFeatures.compute(try SpeechAudio(clip: clip, path: "tone"), device: nil)
        XCTAssertEqual(features.frameCount, 51)
        XCTAssertEqual(features.logMel.count, 51 * 80)
        XCTAssertEqual(features.energy.count, 51)
        XCTAssertEqual(features.pitch.count, 51)
        XCTAssertEqual(Double(features.pitch[15]), 220, accuracy: 4.4)
        XCTAssertEqual(features.pitch[45], 0)
        XCTAssertGreaterThan(features.energy[15], 0.25)
        XCTAssertEqual(features.energy[45], 0)
        // Voiced frames carry far more mel energy than silent ones.
        let loud = features.logMel[(15 * 80)..<(16 * 80)].max()!, quiet = features.logMel[(45 * 80)..<(46 * 80)].max()!
        XCTAssertGreaterThan(loud - quiet, 10)
    }
}
