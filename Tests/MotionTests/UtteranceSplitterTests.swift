import XCTest

@testable import Motion

final class UtteranceSplitterTests: XCTestCase {
    /// 16 kHz "phrases": bursts of a loud tone separated by 250 ms of near silence, at irregular places.
    private func phrases(_ lengths: [Double]) -> (samples: [Float], gaps: [Range<Int>]) {
        var samples: [Float] = []
        var gaps: [Range<Int>] = []
        for (index, seconds) in lengths.enumerated() {
            let count = Int(seconds * 16_000)
            samples += (0..<count).map { Float(0.4 * sin(Double($0 + index * 977) * 0.07)) }
            let gap = samples.count..<(samples.count + 4_000)
            samples += (0..<4_000).map { Float(1e-4 * sin(Double($0))) }
            gaps.append(gap)
        }
        return (samples, gaps)
    }

    func testShortSpeechIsOnePiece() {
        let (samples, _) = phrases([2, 3.5, 1])
        XCTAssertEqual(UtteranceSplitter().pieces(of: samples), [0..<samples.count])
    }

    func testLongSpeechIsCutInsidePausesIntoBoundedPieces() {
        let (samples, gaps) = phrases([3.1, 2.7, 2.2, 3.3, 1.9, 3.4, 2.4, 2.6, 3.1, 3.3, 2.9, 3.2, 3.0, 2.5, 2.4])
        let splitter = UtteranceSplitter(maximumSeconds: 12)
        let pieces = splitter.pieces(of: samples)
        XCTAssertGreaterThanOrEqual(pieces.count, 5, "\(Double(samples.count) / 16_000) s in pieces of at most 12 s")
        XCTAssertEqual(pieces.first?.lowerBound, 0)
        XCTAssertEqual(pieces.last?.upperBound, samples.count)
        for (piece, next) in zip(pieces, pieces.dropFirst()) {
            XCTAssertEqual(piece.upperBound, next.lowerBound, "pieces follow each other without gap or overlap")
            XCTAssertTrue(
                gaps.contains { $0.contains(piece.upperBound) }, "the cut at \(piece.upperBound) falls in a pause")
            XCTAssertEqual(piece.upperBound % 160, 0, "cuts fall on 10 ms frames")
        }
        XCTAssertTrue(pieces.allSatisfy { $0.count <= 12 * 16_000 })
    }
}
