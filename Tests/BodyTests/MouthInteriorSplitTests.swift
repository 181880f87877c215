import XCTest

@testable import Body

/// The split of a photo's mouth opening between the jaws, read from synthetic mouths: lips at rows 95-100 (upper)
/// and 110-115 (lower), the opening between rows 100 (upper inner lip) and 110 (lower inner lip), whatever colour
/// each test paints in it.
final class MouthInteriorSplitTests: XCTestCase {
    private static let lip = SIMD3<Float>(0.75, 0.45, 0.45)

    /// 468 landmarks with the lip contours on a straight mouth 60 px wide; the rest far away.
    private func landmarks() -> [SIMD2<Float>] {
        var points = [SIMD2<Float>](repeating: [-1000, -1000], count: 468)
        let count = FaceRegions.upperLipInner.count
        for k in 0..<count {
            let x = 100 + 60 * Float(k) / Float(count - 1)
            let corner = k == 0 || k == count - 1
            points[FaceRegions.upperLipInner[k]] = [x, corner ? 105 : 100]
            points[FaceRegions.lowerLipInner[k]] = [x, corner ? 105 : 110]
            points[FaceRegions.upperLipOuter[k]] = [x, corner ? 105 : 90]
            points[FaceRegions.lowerLipOuter[k]] = [x, corner ? 105 : 120]
        }
        return points
    }

    /// Lips outside the opening, `inside(t)` within it (t: 0 at the upper inner lip, 1 at the lower).
    private func split(_ inside: @escaping (Float) -> SIMD3<Float>) -> MouthInteriorSplit {
        MouthInteriorSplit.measure(landmarks: landmarks()) { p in
            p.y <= 100 || p.y >= 110 ? Self.lip : inside((p.y - 100) / 10)
        }
    }

    func testASmileShowingTheUpperTeethGivesTheWholeOpeningToTheUpperJaw() {
        // A lip shadow under the upper lip, then enamel down to the lower lip.
        let found = split { t in t < 0.15 ? SIMD3(0.5, 0.35, 0.33) : SIMD3(0.92, 0.9, 0.86) }
        XCTAssertEqual(found.upperShares, Array(repeating: 1, count: MouthInteriorSplit.columnCount))
        XCTAssertTrue(found.showsUpperTeeth)
        XCTAssertFalse(found.showsLowerTeeth)
    }

    func testTwoRowsOfTeethSplitInTheDarkGapBetweenThem() {
        let found = split { t in t < 0.3 || t > 0.8 ? SIMD3(0.9, 0.9, 0.88) : SIMD3(0.08, 0.03, 0.03) }
        for share in found.upperShares {
            XCTAssertGreaterThan(share, 0.3)
            XCTAssertLessThan(share, 0.8)
        }
        XCTAssertTrue(found.showsUpperTeeth)
        XCTAssertTrue(found.showsLowerTeeth)
    }

    func testADarkOpeningWithoutTeethIsSharedHalfAndHalf() {
        let found = split { _ in SIMD3(0.1, 0.04, 0.04) }
        XCTAssertEqual(found, .even)
    }

    func testABrightLipHighlightIsNotTakenForTeeth() {
        // Saturated and bright: a glint on wet red lips, not enamel.
        let found = split { _ in SIMD3(1.0, 0.55, 0.55) }
        XCTAssertEqual(found, .even)
    }

    func testOnAGrayscalePhotoBrightnessAloneFindsTheTeeth() {
        let gray = MouthInteriorSplit.measure(landmarks: landmarks()) { p in
            p.y <= 100 || p.y >= 110 ? SIMD3(repeating: 0.55) : SIMD3(repeating: (p.y - 100) / 10 < 0.15 ? 0.35 : 0.9)
        }
        XCTAssertEqual(gray.upperShares, Array(repeating: 1, count: MouthInteriorSplit.columnCount))
        XCTAssertTrue(gray.showsUpperTeeth)
    }

    func testOnlyLowerTeethPutTheSplitHalfwayDownToThem() {
        let found = split { t in t > 0.6 ? SIMD3(0.9, 0.9, 0.88) : SIMD3(0.08, 0.03, 0.03) }
        for share in found.upperShares {
            XCTAssertEqual(share, 0.3, accuracy: 0.06)
        }
        XCTAssertFalse(found.showsUpperTeeth)
        XCTAssertTrue(found.showsLowerTeeth)
    }
}
