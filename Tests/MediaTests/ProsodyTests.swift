import Media
import MediaFixtures
import XCTest

final class ProsodyTests: XCTestCase {
    func testEnergyIsRMSPerTenMillisecondSlot() {
        let signal =
            tone(frequency: 440, sampleRate: 16_000, seconds: 0.1, amplitude: 0.5)
            + [Float](repeating: 0, count: 320) + [0.25, -0.25, 0.25]
        let energy = Prosody.energy(signal)
        XCTAssertEqual(energy.count, 10 + 2 + 1)
        for value in energy[0..<10] { XCTAssertEqual(Double(value), 0.5 / 2.0.squareRoot(), accuracy: 0.01) }
        XCTAssertEqual(energy[10], 0)
        XCTAssertEqual(energy[11], 0)
        XCTAssertEqual(energy[12], 0.25, accuracy: 1e-6)
    }

    func testPitchOfTonesIsWithinTwoPercent() {
        for frequency in [110.0, 220.0, 333.0] {
            let signal = tone(frequency: frequency, sampleRate: 16_000, seconds: 0.5, amplitude: 0.3)
            let pitch = Prosody.pitch(signal)
            XCTAssertEqual(pitch.count, 50)
            // Frames whose analysis span lies inside the tone are all voiced and on pitch.
            for (index, f0) in pitch.enumerated() where index >= 5 && index < 45 {
                XCTAssertEqual(Double(f0), frequency, accuracy: frequency * 0.02, "\(frequency) Hz frame \(index)")
            }
        }
    }

    func testPitchOfAHarmonicRichVoiceLikeSignalFindsTheFundamental() {
        // 220 Hz with strong 2nd and 3rd harmonics: YIN must not report 440 or 660.
        let signal = (0..<8_000).map { n -> Float in
            let phase = 2 * Double.pi * 220 * Double(n) / 16_000
            return Float(0.2 * sin(phase) + 0.3 * sin(2 * phase) + 0.2 * sin(3 * phase))
        }
        let pitch = Prosody.pitch(signal)
        for f0 in pitch[5..<45] { XCTAssertEqual(Double(f0), 220, accuracy: 4.4) }
    }

    func testSilenceAndNoiseAreUnvoiced() {
        XCTAssertEqual(Prosody.pitch([Float](repeating: 0, count: 1_600)), [Float](repeating: 0, count: 10))
        var state: UInt64 = 12345
        let noise = (0..<8_000).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 1_000_000) / 2_000_000
        }
        let voiced = Prosody.pitch(noise).filter { $0 > 0 }.count
        XCTAssertLessThan(voiced, 5, "white noise should be unvoiced")
    }
    func testBlockwiseProsodyOfASpoolEqualsTheWholeSignal() throws {
        // 11 s (two blocks of 1,000 frames and a short third): a gliding voice-like tone with pauses, length
        // not a multiple of the hop.
        let count = 11 * 16_000 + 77
        let signal = (0..<count).map { n -> Float in
            let t = Double(n) / 16_000
            let gate = sin(2 * Double.pi * 0.7 * t) > -0.3 ? 1.0 : 0.0
            return Float(gate * 0.4 * sin(2 * Double.pi * (110 * t + 20 * t * t / 11)))
        }
        let spool = try AudioSpool.spooling(AudioClip(samples: signal, sampleRate: 16_000, channels: 1))
        XCTAssertEqual(try Prosody.energy(of: spool), Prosody.energy(signal))
        let pitch = Prosody.pitch(signal)
        XCTAssertEqual(try Prosody.pitch(of: spool), pitch, "the margins give every frame its whole window")
        XCTAssertGreaterThan(pitch.filter { $0 > 0 }.count, 500, "the test signal is voiced")
    }
}
