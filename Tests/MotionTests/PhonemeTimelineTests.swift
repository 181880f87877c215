import Media
import XCTest

@testable import Motion

final class PhonemeTimelineTests: XCTestCase {
    func testEspeakMnemonicsMapToTheirArticulation() {
        let cases: [(String, Phoneme?)] = [
            ("p", .P), ("b", .B), ("m", .M), ("'A:", .AA), ("u:", .UW), ("oU", .OW), ("t#", .T),
            ("@2", .AH), ("0", .AA), ("tS", .CH), ("dZ", .JH), ("N", .NG), ("_:", nil), ("_", nil),
            ("y", .UW), ("E~", .EH), ("i@3", .IY), ("n-", .N),
        ]
        for (name, expected) in cases { XCTAssertEqual(Phoneme(espeak: name), expected, name) }
    }

    func testTimelineIsGapFreeSilencePaddedAndCoversTheAudio() {
        let events = [
            PhonemeEvent(name: "b", time: 0.2), PhonemeEvent(name: "0", time: 0.27), PhonemeEvent(name: "b", time: 0.4),
            PhonemeEvent(name: "_:", time: 0.5), PhonemeEvent(name: "m", time: 0.9),
        ]
        let timeline = PhonemeTimeline.fromEspeak(events, duration: 2)
        XCTAssertEqual(timeline.map(\.phoneme), [.SIL, .B, .AA, .B, .SIL, .M, .SIL])
        XCTAssertEqual(timeline.first?.start, 0)
        XCTAssertEqual(timeline.last?.end, 2)
        for (a, b) in zip(timeline, timeline.dropFirst()) { XCTAssertEqual(a.end, b.start) }
        XCTAssertEqual(timeline[5].end, 0.9 + PhonemeTimeline.finalPhonemeLimit, accuracy: 1e-9)
    }

    func testRealSpeechGivesItsBilabialsInOrder() throws {
        let speech = try SpeechSynthesizer.speak("Bob may buy a map")
        let timeline = PhonemeTimeline.fromEspeak(speech.phonemes, duration: speech.audio.duration)
        XCTAssertEqual(timeline.filter(\.phoneme.isBilabial).map(\.phoneme), [.B, .B, .M, .B, .M, .P])
        XCTAssertTrue(timeline.allSatisfy { $0.duration > 0 })
    }
}
