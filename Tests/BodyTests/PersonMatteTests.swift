import XCTest

@testable import Body

final class PersonMatteTests: XCTestCase {
    /// A disk of person pixels in an otherwise empty image.
    private func disk(width: Int, height: Int, center: SIMD2<Float>, radius: Float) -> [Float] {
        (0..<(width * height)).map { i in
            let p = SIMD2(Float(i % width) + 0.5, Float(i / width) + 0.5)
            return (p - center).length <= radius ? 0.9 : 0.1
        }
    }

    func testMatteIsOneOnThePersonAndZeroFarAway() throws {
        let (width, height) = (300, 200)
        let mask = disk(width: width, height: height, center: [150, 100], radius: 40)
        let matte = try PersonMatte(mask: mask, width: width, height: height)
        XCTAssertEqual(matte.radius, 3) // max(2, round(0.01 * 300))
        for i in 0..<mask.count where mask[i] > 0.5 {
            XCTAssertEqual(matte.matte[i], 1)
            XCTAssertEqual(matte.plateWeights[i], 0)
        }
        // Outside the hole and its fade: nothing. Beyond the mask by 2r + 2 pixels.
        let far = 150 + 40 + 2 * matte.radius + 2
        XCTAssertEqual(matte.matte[100 * width + far], 0)
        XCTAssertEqual(matte.plateWeights[100 * width + far], 1)
        XCTAssertEqual(matte.matte[0], 0)
        // Within the fade the matte lies strictly between 0 and 1.
        let fading = 100 * width + 150 + 40 + matte.radius + 1 // 1 + r + 1 px past the last person pixel centre
        XCTAssertGreaterThan(matte.matte[fading], 0)
        XCTAssertLessThan(matte.matte[fading], 1)
        XCTAssertFalse(matte.isEmpty)
    }

    func testPlateIsTheUntouchedPhotoWhereverTheMatteIsPartial() throws {
        let subject = try SyntheticSubject()
        let matte = try PersonMatte(mask: subject.mask, width: subject.width, height: subject.height)
        var partial = 0
        for i in 0..<matte.matte.count {
            XCTAssert((0...1).contains(matte.matte[i]))
            if matte.matte[i] < 1 {
                XCTAssertEqual(matte.plateWeights[i], 1, "pixel \(i)")
                if matte.matte[i] > 0 { partial += 1 }
            } else {
                XCTAssertEqual(matte.plateWeights[i], 0, "pixel \(i)")
            }
        }
        XCTAssertGreaterThan(partial, 100, "the matte has a feathered border")
    }

    func testEmptyMaskIsEmptyAndMismatchedSizeThrows() throws {
        let matte = try PersonMatte(mask: [Float](repeating: 0.2, count: 64 * 48), width: 64, height: 48)
        XCTAssertTrue(matte.isEmpty)
        XCTAssertTrue(matte.matte.allSatisfy { $0 == 0 })
        XCTAssertTrue(matte.plateWeights.allSatisfy { $0 == 1 })
        XCTAssertThrowsError(try PersonMatte(mask: [0, 1, 0], width: 2, height: 2)) { error in
            XCTAssertEqual(error as? BodyFitError, .maskSizeMismatch(expected: 4, got: 3))
        }
    }

    func testDistanceTransformIsEuclidean() {
        let (width, height) = (41, 30)
        var inside = [Bool](repeating: false, count: width * height)
        inside[20 * width + 20] = true
        inside[3 * width + 2] = true
        let d = DistanceTransform.toPixels(where: inside, width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let toFirst = SIMD2(Float(x - 20), Float(y - 20)).length
                let toSecond = SIMD2(Float(x - 2), Float(y - 3)).length
                XCTAssertEqual(d[y * width + x], min(toFirst, toSecond), accuracy: 1e-4, "(\(x), \(y))")
            }
        }
        let none = DistanceTransform.toPixels(where: [false, false, false], width: 3, height: 1)
        XCTAssertTrue(none.allSatisfy { $0 == .infinity })
    }
}
