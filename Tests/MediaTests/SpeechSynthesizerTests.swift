import Media
import XCTest

final class SpeechSynthesizerTests: XCTestCase {
    func testSpeechHasAudioAndOrderedPhonemeAndWordTimes() throws {
        let speech = try SpeechSynthesizer.speak("Hello there, this is a test.")
        XCTAssertEqual(speech.audio.channels, 1)
        XCTAssertGreaterThan(speech.audio.duration, 0.8)
        XCTAssertGreaterThan(speech.phonemes.count, 10)
        XCTAssertEqual(speech.words.count, 6)
        XCTAssertEqual(speech.words.first?.textRange, 0..<5)
        for (earlier, later) in zip(speech.phonemes, speech.phonemes.dropFirst()) {
            XCTAssertLessThanOrEqual(earlier.time, later.time)
        }
        XCTAssertLessThanOrEqual(speech.phonemes.last!.time, speech.audio.duration + 0.01)
        // The TTS clip goes through the same analysis path as a decoded file.
        let audio = try SpeechAudio(spool: speech.audio, path: "<text>")
        XCTAssertEqual(Double(audio.signal.frameCount), speech.audio.duration * 16_000, accuracy: 2)
    }

    /// A stop consonant's event marks its release: the closure just before it is silent, the burst
    /// at it is audible and the vowel after is loud. This pins the event times to the audio within 10 ms.
    func testStopConsonantEventsLineUpWithClosureAndRelease() throws {
        let speech = try SpeechSynthesizer.speak("a papa pa")
        let energy = Prosody.energy(try speech.audio.clip().mono(sampleRate: 16_000))
        let stops = speech.phonemes.filter { $0.name == "p" }
        XCTAssertEqual(stops.count, 3)
        for stop in stops {
            let frame = Int(stop.time * 100)
            guard frame >= 2, frame + 8 < energy.count else { return XCTFail("stop at \(stop.time) s out of range") }
            XCTAssertLessThan(energy[(frame - 2)..<frame].max()!, 0.005, "closure before p at \(stop.time) s")
            XCTAssertGreaterThan(energy[frame...(frame + 1)].max()!, 0.01, "release at p at \(stop.time) s")
            XCTAssertGreaterThan(energy[(frame + 4)...(frame + 8)].max()!, 0.08, "vowel after p at \(stop.time) s")
        }
    }

    func testVoiceAndRateAreSelectable() throws {
        let slow = try SpeechSynthesizer.speak("one two three four five", rate: 120)
        let fast = try SpeechSynthesizer.speak("one two three four five", rate: 300)
        XCTAssertLessThan(fast.audio.duration, slow.audio.duration * 0.7)
        let german = try SpeechSynthesizer.speak("Guten Morgen", voice: "de")
        XCTAssertGreaterThan(german.audio.duration, 0.3)
    }

    func testBadRequestsAreUsageErrors() {
        XCTAssertThrowsError(try SpeechSynthesizer.speak("hello", voice: "no-such-voice")) { error in
            guard case .invalidRequest(let message)? = error as? MediaError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("no-such-voice"), message)
        }
        XCTAssertThrowsError(try SpeechSynthesizer.speak("  \n")) { error in
            guard case .invalidRequest? = error as? MediaError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try SpeechSynthesizer.speak("hello", rate: 1_000)) { error in
            guard case .invalidRequest = error as? MediaError else { return XCTFail("\(error)") }
        }
    }
}
