import XCTest

@testable import Motion

/// The guard that hands unexplained stretches to another source, the transcript check, and the lip-sync score,
/// on timelines whose answers are known.
final class PhonemeGuardTests: XCTestCase {
    /// Loud speech from 0.5 s to 2.5 s of a 3 s clip, silence around it (10 ms frames).
    private func activity() -> SpeechActivity {
        let energy = (0..<300).map { $0 >= 50 && $0 < 250 ? Float(0.2) : Float(0.0005) }
        return SpeechActivity(energy: energy, pitch: [Float](repeating: 0, count: 300), duration: 3)
    }

    func testAPhonemeHeldForSecondsIsUnexplained() {
        let phonemes = [
            TimedPhoneme(.SIL, start: 0, end: 0.5), TimedPhoneme(.AH, start: 0.5, end: 0.7),
            TimedPhoneme(.W, start: 0.7, end: 2.5), TimedPhoneme(.SIL, start: 2.5, end: 3),
        ]
        let ranges = PhonemeGuard(activity: activity()).unexplained(phonemes)
        XCTAssertEqual(ranges, [0.7...2.5])
    }

    func testSilenceOverLoudSpeechIsUnexplainedButShortPausesAreNot() {
        let overSpeech = [
            TimedPhoneme(.SIL, start: 0, end: 1.6), TimedPhoneme(.AH, start: 1.6, end: 1.8),
            TimedPhoneme(.SIL, start: 1.8, end: 3),
        ]
        let ranges = PhonemeGuard(activity: activity()).unexplained(overSpeech)
        XCTAssertEqual(ranges.count, 2)
        XCTAssertEqual(ranges[0].lowerBound, 0.5, accuracy: 0.03)
        XCTAssertEqual(ranges[0].upperBound, 1.6, accuracy: 0.03)
        XCTAssertEqual(ranges[1].upperBound, 2.5, accuracy: 0.03)
        let explained = [
            TimedPhoneme(.SIL, start: 0, end: 0.55), TimedPhoneme(.AH, start: 0.55, end: 0.9),
            TimedPhoneme(.SIL, start: 0.9, end: 1.2),
            TimedPhoneme(.IY, start: 1.2, end: 1.6), TimedPhoneme(.M, start: 1.6, end: 1.7),
            TimedPhoneme(.AA, start: 1.7, end: 2.1),
            TimedPhoneme(.N, start: 2.1, end: 2.45), TimedPhoneme(.SIL, start: 2.45, end: 3),
        ]
        XCTAssertEqual(PhonemeGuard(activity: activity()).unexplained(explained), [])
    }

    func testSplicingReplacesExactlyTheRangeAndCutsPhonemesAtItsEdges() {
        let base = [TimedPhoneme(.SIL, start: 0, end: 1), TimedPhoneme(.W, start: 1, end: 3)]
        let other = [
            TimedPhoneme(.AA, start: 0, end: 1.5), TimedPhoneme(.M, start: 1.5, end: 1.6),
            TimedPhoneme(.IY, start: 1.6, end: 3),
        ]
        let spliced = PhonemeGuard.splice(base, other, over: 1.2...2)
        XCTAssertEqual(
            spliced,
            [
                TimedPhoneme(.SIL, start: 0, end: 1), TimedPhoneme(.W, start: 1, end: 1.2),
                TimedPhoneme(.AA, start: 1.2, end: 1.5),
                TimedPhoneme(.M, start: 1.5, end: 1.6), TimedPhoneme(.IY, start: 1.6, end: 2),
                TimedPhoneme(.W, start: 2, end: 3),
            ])
    }

    func testATranscriptIsJudgedByTheShareOfItsWordsHeardInOrder() {
        func heard(_ text: String) -> [RecognizedWord] {
            text.split(separator: " ").enumerated().map {
                RecognizedWord(text: String($1), start: Double($0), end: Double($0) + 0.5)
            }
        }
        let right = TranscriptCheck(
            transcript: "He was not an ill-disposed young man.", heard: heard("he was not an illness those young man"))
        XCTAssertEqual(right.total, 8)
        XCTAssertEqual(right.matched, 6)
        XCTAssertTrue(right.matches)
        let wrong = TranscriptCheck(
            transcript: "and mister john dashwood had then leisure to consider",
            heard: heard("he was not an illness those young man"))
        XCTAssertEqual(wrong.matched, 0)
        XCTAssertFalse(wrong.matches)
        // Words out of order do not count: "man young" shares one word in order with "young man".
        XCTAssertEqual(TranscriptCheck.commonSubsequence(["young", "man"], ["man", "young"]), 1)
        XCTAssertTrue(TranscriptCheck(transcript: "five five", heard: []).matches, "too short to judge")
    }

    func testTheScoreCountsHitsWithinSixtyMillisecondsAndClosuresWhereNoneIs() {
        let reference = [
            TimedPhoneme(.SIL, start: 0, end: 0.5), TimedPhoneme(.B, start: 0.5, end: 0.6),
            TimedPhoneme(.AA, start: 0.6, end: 0.9),
            TimedPhoneme(.P, start: 0.9, end: 1.0), TimedPhoneme(.SIL, start: 1.0, end: 2),
        ]
        let found = [
            // The M 50 ms after the B: a hit.
            TimedPhoneme(.SIL, start: 0, end: 0.62), TimedPhoneme(.M, start: 0.65, end: 0.7),
            TimedPhoneme(.AA, start: 0.7, end: 1.2), // the P is missed
            TimedPhoneme(.M, start: 1.3, end: 1.4), TimedPhoneme(.AO, start: 1.4, end: 2),
        ] // a false closure
        let score = LipSyncScore(
            found: found, reference: reference, foundJaw: [0, 1, 0, 1], referenceJaw: [0, 2, 0, 2])
        XCTAssertEqual(score.trueBilabials, 2)
        XCTAssertEqual(score.bilabialHits, 1)
        XCTAssertEqual(score.falseClosures, 1)
        XCTAssertEqual(score.longestPhonemeSeconds, 0.6, accuracy: 1e-12)
        XCTAssertEqual(score.longestPhoneme, "AO")
        XCTAssertEqual(score.jawCorrelation, 1, accuracy: 1e-12)
        XCTAssertEqual(LipSyncScore.correlation([1, 2, 3], [3, 2, 1]), -1, accuracy: 1e-12)
        XCTAssertEqual(LipSyncScore.correlation([1, 1, 1], [3, 2, 1]), 0)
    }

    func testSourceSpansOfOneSourceThatTouchAreMergedAndEmptyOnesDropped() {
        let spans = [
            PhonemeSourceSpan(.words, start: 0, end: 1), PhonemeSourceSpan(.words, start: 1, end: 2),
            PhonemeSourceSpan(.acoustic, start: 2, end: 2), PhonemeSourceSpan(.recognition, start: 2, end: 2.5),
            PhonemeSourceSpan(.words, start: 2.5, end: 3),
        ]
        XCTAssertEqual(
            RecordedSpeechPhonemes.merged(spans),
            [
                PhonemeSourceSpan(.words, start: 0, end: 2), PhonemeSourceSpan(.recognition, start: 2, end: 2.5),
                PhonemeSourceSpan(.words, start: 2.5, end: 3),
            ])
    }
}
