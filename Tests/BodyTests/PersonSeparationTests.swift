import XCTest

@testable import Body

/// Splitting one segmentation mask between people: synthetic masks of rectangles with faces on top.
final class PersonSeparationTests: XCTestCase {
    private let (width, height) = (200, 120)

    /// 1 inside each rectangle (x0, y0, x1, y1), 0 elsewhere.
    private func mask(_ rectangles: [(Int, Int, Int, Int)]) -> [Float] {
        var mask = [Float](repeating: 0, count: width * height)
        for (x0, y0, x1, y1) in rectangles {
            for y in y0..<y1 { for x in x0..<x1 { mask[y * width + x] = 1 } }
        }
        return mask
    }

    func testTwoTouchingPeopleAreSplitBetweenTheirFaces() {
        // Two bodies side by side, touching at x = 100, faces at x = 50 and x = 150.
        let both = mask([(10, 20, 100, 120), (100, 30, 190, 120)])
        let left = PersonSeparation.Anchor(centre: [50, 40], size: 30)
        let right = PersonSeparation.Anchor(centre: [150, 50], size: 30)
        let share = PersonSeparation.mask(both, width: width, height: height, chosen: left, others: [right])
        XCTAssertEqual(share[80 * width + 30], 1, "the chosen body")
        XCTAssertEqual(share[80 * width + 150], 0, "the neighbour's body")
        XCTAssertEqual(share[110 * width + 120], 0, "the neighbour's side of the contact")
        XCTAssertEqual(share[0], 0)
        // The cut between them is soft: some pixels near the contact take an in-between share.
        let row = (0..<width).map { share[100 * width + $0] }
        XCTAssertTrue(row.contains { $0 > 0.05 && $0 < 0.95 }, "a soft cut")
        // Choosing the other face gives the complement, up to the soft band.
        let other = PersonSeparation.mask(both, width: width, height: height, chosen: right, others: [left])
        XCTAssertEqual(other[80 * width + 150], 1)
        XCTAssertEqual(other[80 * width + 30], 0)
    }

    func testAPersonApartFromTheChosenOneIsDroppedEvenWithoutAFace() {
        // The chosen person, and a separate blob (someone facing away, a false positive) with no face found.
        let m = mask([(20, 20, 80, 120), (140, 40, 180, 120)])
        let chosen = PersonSeparation.Anchor(centre: [50, 40], size: 30)
        let share = PersonSeparation.mask(m, width: width, height: height, chosen: chosen, others: [])
        XCTAssertEqual(share[60 * width + 50], 1)
        XCTAssertEqual(share[60 * width + 160], 0)
        XCTAssertEqual(share.filter { $0 > 0.5 }.count, 60 * 100, "exactly the chosen rectangle")
    }

    func testAFaceOffTheMaskKeepsTheMaskAsItIs() {
        let m = mask([(20, 20, 80, 120)])
        let share = PersonSeparation.mask(
            m, width: width, height: height, chosen: .init(centre: [150, 10], size: 20), others: [])
        XCTAssertEqual(share, m)
    }
}
