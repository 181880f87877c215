import XCTest

@testable import Body

final class FaceRegionsTests: XCTestCase {
    func testClosingTrianglesOfTheMouthAndEyesAreTheKnownCounts() throws {
        let regions = FaceRegions(canonical: try CanonicalFace.shipped())
        XCTAssertEqual(regions.mouthOpeningTriangles.count, 18)
        XCTAssertEqual(regions.rightEyeTriangles.count, 14)
        XCTAssertEqual(regions.leftEyeTriangles.count, 14)
        XCTAssertTrue(regions.rightEyeTriangles.isDisjoint(with: regions.leftEyeTriangles))
    }

    func testFaceOvalIsOneClosedLoopThroughForeheadAndChin() throws {
        let canonical = try CanonicalFace.shipped()
        let regions = FaceRegions(canonical: canonical)
        XCTAssertEqual(regions.faceOval.count, 36)
        XCTAssertEqual(Set(regions.faceOval).count, 36)
        XCTAssertTrue(regions.faceOval.contains(FaceRegions.forehead))
        XCTAssertTrue(regions.faceOval.contains(FaceRegions.chin))
        XCTAssertFalse(regions.faceOval.contains(FaceRegions.noseTip))
        // Consecutive loop vertices (and last -> first) share a triangle edge.
        var edges = Set<[Int]>()
        for (a, b, c) in canonical.triangles {
            for (p, q) in [(a, b), (b, c), (c, a)] { edges.insert([min(p, q), max(p, q)]) }
        }
        for k in regions.faceOval.indices {
            let (p, q) = (regions.faceOval[k], regions.faceOval[(k + 1) % regions.faceOval.count])
            XCTAssertTrue(edges.contains([min(p, q), max(p, q)]), "\(p)-\(q) is not an edge")
        }
    }

    func testLipRegionsHoldTheirContoursAndMeetOnlyAtTheCorners() throws {
        let regions = FaceRegions(canonical: try CanonicalFace.shipped())
        XCTAssertTrue(Set(FaceRegions.upperLipOuter + FaceRegions.upperLipInner).isSubset(of: regions.upperLip))
        XCTAssertTrue(Set(FaceRegions.lowerLipOuter + FaceRegions.lowerLipInner).isSubset(of: regions.lowerLip))
        XCTAssertEqual(regions.upperLip.intersection(regions.lowerLip), [61, 291, 78, 308])
        // Both lips have vertices between their contours, not just the contours.
        XCTAssertGreaterThan(regions.upperLip.count, 22)
        XCTAssertGreaterThan(regions.lowerLip.count, 22)
        XCTAssertFalse(regions.lips.contains(FaceRegions.noseTip))
        XCTAssertFalse(regions.lips.contains(FaceRegions.chin))
    }
}
