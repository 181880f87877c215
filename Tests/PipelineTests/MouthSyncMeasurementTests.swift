import Pipeline
import StageBenchmarks
import XCTest

/// The arithmetic of the lip-sync measurement on curves whose answer is known: the sign of the lag, the
/// speech gate, frames without a face, and the audio envelope's placement on the frames' clock.
final class MouthSyncMeasurementTests: XCTestCase {
    /// Syllable-like loudness: bursts of different heights separated by pauses, 25 fps.
    private func syllables(count: Int) -> [Float] {
        (0..<count).map { t in
            let phase = Float(t % 9)
            let height = Float(1 + (t / 9) % 4)
            return phase < 6 ? height * sin(.pi * phase / 6) : 0
        }
    }

    func testAMouthTwoFramesLateHasItsBestLagAtPlusTwo() {
        let envelope = syllables(count: 200)
        let aperture: [Float?] = (0..<200).map { t in t >= 2 ? 0.1 * envelope[t - 2] + 0.02 : 0.02 }
        let result = MouthSyncMeasurement.analyze(
            video: "synthetic", frameRate: 25, aperture: aperture, envelope: envelope)
        XCTAssertEqual(result.best?.lag, 2)
        XCTAssertEqual(result.r(atLag: 2) ?? 0, 1, accuracy: 1e-9)
        XCTAssertLessThan(result.r(atLag: 0) ?? 1, 0.9)
        XCTAssertEqual(result.correlations.map(\.lag), Array(-3...3))
    }

    func testAMouthAheadOfTheSoundHasANegativeLag() {
        let envelope = syllables(count: 200)
        let aperture: [Float?] = (0..<200).map { t in t + 1 < 200 ? envelope[t + 1] : 0 }
        let result = MouthSyncMeasurement.analyze(
            video: "synthetic", frameRate: 25, aperture: aperture, envelope: envelope)
        XCTAssertEqual(result.best?.lag, -1)
    }

    func testSilenceAndFacelessFramesAreLeftOut() {
        // Speech in the first half only; in silence the mouth does the opposite of the (tiny) noise.
        var envelope = syllables(count: 100) + [Float](repeating: 0.001, count: 100)
        envelope[150] = 0.002
        var aperture: [Float?] = envelope.map { $0 }
        for t in 100..<200 { aperture[t] = 1 - envelope[t] * 100 }
        aperture[10] = nil
        aperture[11] = nil
        let result = MouthSyncMeasurement.analyze(
            video: "synthetic", frameRate: 25, aperture: aperture, envelope: envelope)
        let loud = envelope.prefix(100).filter { $0 > result.speechThreshold }.count
        XCTAssertEqual(result.speechFrames, loud)
        XCTAssertEqual(
            result.correlations.first { $0.lag == 0 }?.pairs, loud - 2, "the two faceless frames are skipped")
        XCTAssertEqual(result.r(atLag: 0) ?? 0, 1, accuracy: 1e-9)
        XCTAssertEqual(result.framesWithFace, 198)
    }

    func testAStillMouthHasNoCorrelation() {
        let envelope = syllables(count: 100)
        let result = MouthSyncMeasurement.analyze(
            video: "synthetic", frameRate: 25,
            aperture: [Float?](repeating: 0.05, count: 100), envelope: envelope)
        XCTAssertNil(result.best)
        XCTAssertTrue(result.correlations.allSatisfy { $0.r == nil })
    }

    func testTheEnvelopeIsTheRMSOverEachFramesDisplayTime() {
        // 1 kHz clock, frames of 40 ms; loud (0.5) from 80 ms to 120 ms of the sound.
        var samples = [Float](repeating: 0, count: 400)
        for index in 80..<120 { samples[index] = index % 2 == 0 ? 0.5 : -0.5 }
        let frames = (0..<10).map { (time: Double($0) * 0.04, duration: 0.04) }
        let aligned = MouthSyncMeasurement.envelope(samples: samples, sampleRate: 1000, audioOffset: 0, frames: frames)
        XCTAssertEqual(aligned[2], 0.5, accuracy: 1e-6)
        XCTAssertEqual(aligned.enumerated().filter { $0.offset != 2 }.map(\.element).max(), 0)
        // The sound starts 80 ms after the first frame: its loud part plays during frame 4.
        let late = MouthSyncMeasurement.envelope(samples: samples, sampleRate: 1000, audioOffset: 0.08, frames: frames)
        XCTAssertEqual(late[4], 0.5, accuracy: 1e-6)
        XCTAssertEqual(late[0], 0)
    }
}
