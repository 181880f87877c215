import TestSupport
import XCTest

/// The comparison every conformance, golden and node-by-node test goes through must fail on a NaN wherever
/// it sits, on a length mismatch and on nothing to compare.
final class LargestDifferenceTests: XCTestCase {
    func testANaNOnEitherSideIsNeverWithinAnyBound() {
        let reference: [Float] = [1, 2, 3, 4]
        for position in reference.indices {
            var output = reference
            output[position] = .nan
            for (a, b) in [(output, reference), (reference, output)] {
                let worst = LargestDifference(a, b)
                XCTAssertTrue(worst.value.isNaN, "NaN at \(position)")
                XCTAssertEqual(worst.index, position)
                XCTAssertFalse(worst.isWithin(.infinity))
                XCTAssertTrue(maxAbsoluteDifference(a, b).isNaN)
            }
        }
        // A NaN before a larger finite difference is still the worst.
        XCTAssertTrue(LargestDifference([.nan, 100], [0, 0]).value.isNaN)
    }

    func testTheWorstFiniteDifferenceIsFoundAndEqualInfinitiesMatch() {
        let worst = LargestDifference([0, 5, -1, .infinity], [0.5, 2, -1, .infinity])
        XCTAssertEqual(worst.index, 1)
        XCTAssertTrue(worst.isWithin(3))
        XCTAssertFalse(worst.isWithin(2.9))
        XCTAssertEqual(LargestDifference([.infinity], [1]).value, .infinity)
    }

    func testMismatchedOrEmptyInputsNeverPass() {
        XCTAssertFalse(LargestDifference([1, 2], [1]).isWithin(.greatestFiniteMagnitude))
        XCTAssertFalse(LargestDifference([], []).isWithin(.greatestFiniteMagnitude))
    }
}
