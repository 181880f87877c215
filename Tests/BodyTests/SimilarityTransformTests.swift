import XCTest

@testable import Body

final class SimilarityTransformTests: XCTestCase {
    let points: [SIMD3<Float>] = [[0, 0, 0], [1, 0, 0], [0, 2, 0], [0, 0, 3], [1, 1, 1], [-2, 0.5, 1]]

    func testRecoversAKnownSimilarity() throws {
        let rotation = Rotation3(axis: normalized([0.3, -0.8, 0.5]), radians: 1.1)
        let truth = SimilarityTransform(scale: 7.5, rotation: rotation, translation: [100, -40, 3])
        let fit = try SimilarityTransform.fitting(points, to: points.map(truth.apply))
        XCTAssertEqual(fit.scale, 7.5, accuracy: 1e-4)
        XCTAssertLessThan(angleBetween(fit.rotation, rotation), 0.01)
        XCTAssertLessThan(distance(fit.translation, truth.translation), 1e-3)
    }

    func testAMirroredTargetStillGivesAProperRotation() throws {
        let mirrored = points.map { SIMD3<Float>(-$0.x, $0.y, $0.z) }
        let fit = try SimilarityTransform.fitting(points, to: mirrored)
        XCTAssertEqual(fit.rotation.determinant, 1, accuracy: 1e-4)
    }

    func testPointsWithoutSpreadAreDegenerate() {
        let same = [SIMD3<Float>](repeating: [3, 4, 5], count: points.count)
        XCTAssertThrowsError(try SimilarityTransform.fitting(points, to: same)) { error in
            XCTAssertEqual(error as? BodyError, .degenerateLandmarks)
        }
    }
}

func normalized(_ v: SIMD3<Float>) -> SIMD3<Float> { v / (v * v).sum().squareRoot() }
