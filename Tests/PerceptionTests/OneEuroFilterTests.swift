import Landmarks
import Perception
import TestSupport
import XCTest

final class OneEuroFilterTests: XCTestCase {
    private func standardDeviation<C: Collection>(_ values: C) -> Double where C.Element == Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }

    /// A still point with +-1 px of noise at 25 fps: the output jitters at most 40% as much as the input.
    func testJitterOfAStillPointIsMostlyRemoved() {
        var filter = OneEuroFilter()
        var random = SeededRandom(seed: 1)
        var inputs: [Double] = []
        var outputs: [Double] = []
        for frame in 0..<250 {
            inputs.append(100 + Double(Float.random(in: -1...1, using: &random)))
            outputs.append(filter.filter(inputs[frame], at: Double(frame) / 25))
        }
        XCTAssertLessThan(standardDeviation(outputs.suffix(200)), 0.4 * standardDeviation(inputs.suffix(200)))
    }

    /// A fast move (200 px/s head turn at 25 fps) is followed within a few pixels, not smeared.
    func testFastMotionIsFollowedWithLittleLag() {
        var filter = OneEuroFilter()
        var lastError = 0.0
        for frame in 0..<50 {
            let time = Double(frame) / 25
            let truth = 200 * time
            lastError = abs(filter.filter(truth, at: time) - truth)
        }
        XCTAssertLessThan(lastError, 5)
        // A plain low-pass at the still cutoff (1 Hz) would lag by v / (2 pi f) = 32 px.
    }

    func testRepeatedTimestampKeepsTheLastOutput() {
        var filter = OneEuroFilter()
        _ = filter.filter(1, at: 0)
        let first = filter.filter(5, at: 0.04)
        XCTAssertEqual(filter.filter(100, at: 0.04), first)
    }

    func testSmootherFiltersEveryCoordinateIndependently() {
        var smoother = LandmarkSmoother()
        _ = smoother.smooth([Point3D(x: 0, y: 0, z: 0), Point3D(x: 10, y: 10, z: 10)], at: 0)
        let next = smoother.smooth([Point3D(x: 1, y: 0, z: 0), Point3D(x: 10, y: 12, z: 10)], at: 0.04)
        XCTAssertGreaterThan(next[0].x, 0)
        XCTAssertLessThan(next[0].x, 1)
        XCTAssertEqual(next[0].y, 0)
        XCTAssertEqual(next[1].x, 10)
        XCTAssertGreaterThan(next[1].y, 10)
    }
}
