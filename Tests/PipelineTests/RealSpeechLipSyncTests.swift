import Media
import Motion
import Pipeline
import StageBenchmarks
import XCTest

/// Lip sync on recordings of real people (Debian's pocketsphinx-testdata: five LibriVox sentences, five card
/// names), scored against forced alignment to their true words. These clips are for evaluation only: nothing
/// in the recognizer or the motion is fitted to them. The bars are the product's lip-sync targets; README quotes the full table.
final class RealSpeechLipSyncTests: XCTestCase {
    /// One evaluation of every mode on every clip for the whole class (decoding takes ~20 s).
    nonisolated(unsafe) static var cached: LipSyncEvaluation?

    func evaluation() throws -> LipSyncEvaluation {
        if let cached = Self.cached { return cached }
        let made = try LipSyncEvaluation.run(clips: try RealSpeechClips.load())
        Self.cached = made
        return made
    }

    func testTheCorpusHoldsTenClipsWithTheirWords() throws {
        let clips = try RealSpeechClips.load()
        XCTAssertEqual(clips.count, 10)
        XCTAssertEqual(clips.first { $0.name == "004" }?.transcript, "five five")
        XCTAssertTrue(clips.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
    }

    func testNoModeHoldsASpeechPhonemeLongerThanSpeechAllows() throws {
        let rows = try evaluation().rows
        XCTAssertEqual(Set(rows.map(\.mode)), ["words", "recognize", "acoustic"])
        for row in rows {
            XCTAssertLessThanOrEqual(
                row.score.longestPhonemeSeconds, 0.6, "\(row.clip) \(row.mode): \(row.score.longestPhoneme)")
        }
    }

    func testTheDefaultModeClosesTheLipsOnNineInTenTrueBilabialsAndRarelyElsewhere() throws {
        let words = try XCTUnwrap(try evaluation().summaries.first { $0.mode == "words" })
        XCTAssertGreaterThanOrEqual(words.trueBilabials, 30, "the clips hold 34 p/b/m")
        XCTAssertGreaterThanOrEqual(Double(words.bilabialHits), 0.9 * Double(words.trueBilabials))
        XCTAssertLessThanOrEqual(Double(words.falseClosures), 0.15 * Double(words.trueBilabials))
    }

    func testTheDefaultModesJawFollowsTheAlignedJawOnEveryClip() throws {
        for row in try evaluation().rows where row.mode == "words" {
            XCTAssertGreaterThanOrEqual(row.score.jawCorrelation, 0.75, row.clip)
        }
    }

    func testACollapsedPhoneSearchIsDecodedAgainInShorterPieces() throws {
        // Free recognition of this 7.1 s sentence as one utterance holds W from 1.33 s to the end (see
        // SphinxSettings.allphoneBeam); decoded again from where it stuck, it follows the rest of the sentence.
        let clip = try XCTUnwrap(try RealSpeechClips.load().first { $0.name.hasSuffix("0870") })
        let audio = try SpeechAudio(path: clip.path)
        let signal = try audio.analysis
        let recognizer = try PhonemeRecognizer()
        let raw = try recognizer.recognize(signal)
        let found = try RecordedSpeechPhonemes.find(
            in: audio.signal, path: clip.path, transcript: nil, mode: .recognize,
            energy: Prosody.energy(signal), pitch: Prosody.pitch(signal), recognizer: recognizer)
        let speech = found.phonemes.filter { $0.phoneme != .SIL }
        XCTAssertLessThanOrEqual(speech.map(\.duration).max() ?? 0, 0.6)
        XCTAssertGreaterThan(
            raw.filter { $0.phoneme != .SIL }.map(\.duration).max() ?? 0, 0.6, "the collapse this test guards against")
        XCTAssertGreaterThanOrEqual(speech.count, 50)
    }

    func testATranscriptOfOtherSpeechIsReportedAndTheRecognizedWordsUsedInstead() throws {
        let clips = try RealSpeechClips.load()
        let spoken = try XCTUnwrap(clips.first { $0.name.hasSuffix("0920") })
        let other = try XCTUnwrap(clips.first { $0.name.hasSuffix("0870") })
        let audio = try SpeechAudio(path: spoken.path)
        let signal = try audio.analysis
        let (energy, pitch) = (Prosody.energy(signal), Prosody.pitch(signal))
        let recognizer = try PhonemeRecognizer()

        let right = try RecordedSpeechPhonemes.find(
            in: audio.signal, path: spoken.path, transcript: spoken.transcript, mode: .auto,
            energy: energy, pitch: pitch, recognizer: recognizer)
        XCTAssertEqual(right.mainSource, .alignment)
        XCTAssertEqual(right.warnings, [])

        let wrong = try RecordedSpeechPhonemes.find(
            in: audio.signal, path: spoken.path, transcript: other.transcript, mode: .align,
            energy: energy, pitch: pitch, recognizer: recognizer)
        XCTAssertEqual(wrong.mainSource, .words)
        XCTAssertEqual(wrong.warnings.count, 1)
        XCTAssertTrue(
            wrong.warnings[0].contains("does not match") && wrong.warnings[0].contains(spoken.path), wrong.warnings[0])
    }
}
