import Motion
import SpeechNetwork
import XCTest

final class NeuralPhonemesTests: XCTestCase {
    /// Frames whose logits pick `classes` (index into NeuralPhonemes.classes), one frame each.
    private func frames(_ classes: [Int]) -> MouthFrames {
        var logits = [Float](repeating: 0, count: classes.count * 40)
        for (frame, index) in classes.enumerated() { logits[frame * 40 + index] = 5 }
        return MouthFrames(
            count: classes.count, controls: [Float](repeating: 0, count: classes.count * 7), logits: logits)
    }

    func testRunsOfOneClassBecomeOnePhonemeAndTheLastEndsWithTheAudio() {
        let m = NeuralPhonemes.classes.firstIndex(of: .M)!
        let aa = NeuralPhonemes.classes.firstIndex(of: .AA)!
        let timeline = NeuralPhonemes.timeline(frames([0, 0, m, m, m, aa, aa, 0]), duration: 0.155)
        XCTAssertEqual(
            timeline,
            [
                TimedPhoneme(.SIL, start: 0, end: 0.04), TimedPhoneme(.M, start: 0.04, end: 0.1),
                TimedPhoneme(.AA, start: 0.1, end: 0.14), TimedPhoneme(.SIL, start: 0.14, end: 0.155),
            ])
    }

    func testALoneFrameBetweenTwoOfAnotherClassIsTheirs() {
        let aa = NeuralPhonemes.classes.firstIndex(of: .AA)!
        let t = NeuralPhonemes.classes.firstIndex(of: .T)!
        let timeline = NeuralPhonemes.timeline(frames([aa, aa, t, aa, aa]), duration: 0.1)
        XCTAssertEqual(timeline, [TimedPhoneme(.AA, start: 0, end: 0.1)])
    }

    func testNoFramesIsSilence() {
        XCTAssertEqual(
            NeuralPhonemes.timeline(frames([]), duration: 0.3), [TimedPhoneme(.SIL, start: 0, end: 0.3)])
    }
}
