import XCTest
@testable import Body

final class FaceLayerTests: XCTestCase {
    func testPartsReplaceTheMouthOpeningAndLabelTheEyes() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let mesh = model.pose(.neutral)
        XCTAssertEqual(mesh.triangleCount, 898 - 18 + 3 * 18)
        func count(_ part: BodyPart) -> Int { mesh.parts.filter { $0 == part.rawValue }.count }
        XCTAssertEqual(count(.rightEye), 14)
        XCTAssertEqual(count(.leftEye), 14)
        XCTAssertEqual(count(.mouthCavity), 18)
        XCTAssertEqual(count(.mouthInterior), 36)
        XCTAssertGreaterThan(count(.lips), 40)
        XCTAssertEqual(mesh.parts.count, mesh.triangleCount)
        XCTAssertTrue(mesh.triangles.allSatisfy { Int($0) < mesh.vertexCount })
        // The subject's right eye is on the viewer's left (small x).
        for t in 0..<mesh.triangleCount where mesh.parts[t] == BodyPart.rightEye.rawValue {
            XCTAssertLessThan(mesh.screen(Int(mesh.triangles[3 * t])).x, mesh.screen(FaceRegions.noseTip).x)
        }
    }

    func testEyeAttributesDescribeTheLidsForABlink() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let landmarks = model.landmarks
        let mesh = model.pose(.neutral)
        for eye in [FaceRegions.rightEye, FaceRegions.leftEye] {
            let width = length(landmarks[eye.innerCorner] - landmarks[eye.outerCorner])
            XCTAssertEqual(mesh.attribute(eye.outerCorner, 3), 0, accuracy: 1e-4)
            XCTAssertEqual(mesh.attribute(eye.innerCorner, 3), 1, accuracy: 1e-4)
            for corner in [eye.outerCorner, eye.innerCorner] {
                XCTAssertEqual(mesh.attribute(corner, 4), 0.5)
                XCTAssertEqual(mesh.attribute(corner, 5), 0); XCTAssertEqual(mesh.attribute(corner, 6), 0)
            }
            for j in 1..<(eye.upperLid.count - 1) {
                let (upper, lower) = (eye.upperLid[j], eye.lowerLid[j])
                XCTAssertEqual(mesh.attribute(upper, 4), 0)
                XCTAssertEqual(mesh.attribute(lower, 4), 1)
                let lift = landmarks[upper] - landmarks[lower]
                XCTAssertLessThan(lift.y, 0)   // the upper lid is above the lower one in the photo
                for v in [upper, lower] {
                    XCTAssertEqual(mesh.attribute(v, 5), lift.x, accuracy: 1e-4)
                    XCTAssertEqual(mesh.attribute(v, 6), lift.y, accuracy: 1e-4)
                    XCTAssertEqual(mesh.attribute(v, 7), width, accuracy: 1e-3)
                    XCTAssertGreaterThan(mesh.attribute(v, 3), 0); XCTAssertLessThan(mesh.attribute(v, 3), 1)
                }
                XCTAssertEqual(mesh.attribute(upper, 3), mesh.attribute(lower, 3), accuracy: 0.15)
            }
        }
        // Elsewhere the part coordinates are unused.
        for field in 3..<8 { XCTAssertEqual(mesh.attribute(FaceRegions.noseTip, field), 0) }
    }

    func testAlphaFadesOnlyOnTheFaceOvalAndNormalsFaceTheCamera() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let mesh = model.pose(.neutral)
        let oval = Set(model.regions.faceOval)
        for v in 0..<mesh.vertexCount {
            XCTAssertEqual(mesh.attribute(v, 2), oval.contains(v) ? 0 : 1)
            XCTAssertEqual(length(SIMD2(mesh.normal(v).x, mesh.normal(v).y)) * length(SIMD2(mesh.normal(v).x, mesh.normal(v).y))
                           + mesh.normal(v).z * mesh.normal(v).z, 1, accuracy: 1e-4)
        }
        XCTAssertLessThan(mesh.normal(FaceRegions.noseTip).z, -0.9)
        XCTAssertLessThan(mesh.normal(FaceRegions.forehead).z, -0.5)
        XCTAssertLessThan(mesh.normal(468 + 4).z, -0.5)   // mouth interior faces out too
        // The cheeks face outward to their own side.
        XCTAssertLessThan(mesh.normal(234).x, -0.5)
        XCTAssertGreaterThan(mesh.normal(454).x, 0.5)
    }
}
