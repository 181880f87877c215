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

    func testEyeballCopiesCarryTheEyeCoordinates() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let landmarks = model.landmarks
        let mesh = model.pose(.neutral)
        func eyeball(_ source: Int) throws -> Int {
            try model.layer.eyeballBase + XCTUnwrap(model.layer.eyeballSources.firstIndex(of: source))
        }
        for eye in [FaceRegions.rightEye, FaceRegions.leftEye] {
            let width = length(landmarks[eye.innerCorner] - landmarks[eye.outerCorner])
            XCTAssertEqual(mesh.attribute(try eyeball(eye.outerCorner), 3), 0, accuracy: 1e-4)
            XCTAssertEqual(mesh.attribute(try eyeball(eye.innerCorner), 3), 1, accuracy: 1e-4)
            for corner in [eye.outerCorner, eye.innerCorner] {
                XCTAssertEqual(mesh.attribute(try eyeball(corner), 4), 0.5)
            }
            for j in 1..<(eye.upperLid.count - 1) {
                let (upper, lower) = (try eyeball(eye.upperLid[j]), try eyeball(eye.lowerLid[j]))
                XCTAssertEqual(mesh.attribute(upper, 4), 0)
                XCTAssertEqual(mesh.attribute(lower, 4), 1)
                for v in [upper, lower] {
                    XCTAssertEqual(mesh.attribute(v, 7), width, accuracy: 1e-3)
                    XCTAssertGreaterThan(mesh.attribute(v, 3), 0)
                    XCTAssertLessThan(mesh.attribute(v, 3), 1)
                }
                XCTAssertEqual(mesh.attribute(upper, 3), mesh.attribute(lower, 3), accuracy: 0.15)
                // The copy sits on its lid vertex on screen, behind it in depth.
                XCTAssertLessThan(length(mesh.screen(upper) - mesh.screen(eye.upperLid[j])), 1e-3)
                XCTAssertGreaterThan(mesh.position(upper).z, mesh.position(eye.upperLid[j]).z + 0.1)
            }
        }
        // Eye triangles are drawn over the copies only; elsewhere the part coordinates are unused.
        for t in 0..<mesh.triangleCount
        where [BodyPart.leftEye.rawValue, BodyPart.rightEye.rawValue].contains(mesh.parts[t]) {
            for corner in 0..<3 {
                XCTAssertGreaterThanOrEqual(Int(mesh.triangles[3 * t + corner]), model.layer.eyeballBase)
            }
        }
        for field in 3..<8 { XCTAssertEqual(mesh.attribute(FaceRegions.noseTip, field), 0) }
    }

    func testBlinkLowersTheUpperLidPastTheLowerOneInFrontOfItAndLeavesTheEyeballInPlace() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let neutral = model.pose(.neutral)
        var controls = Controls.neutral
        controls.blinkRight = 1
        let closed = model.pose(controls)
        let right = FaceRegions.rightEye
        let left = FaceRegions.leftEye
        for j in 1..<(right.upperLid.count - 1) {
            // Past the lower lid by a quarter of the opening (screen y grows down), nearer the camera than it.
            let (upper, lower) = (right.upperLid[j], right.lowerLid[j])
            let opening = neutral.screen(lower).y - neutral.screen(upper).y
            XCTAssertEqual(
                closed.screen(upper).y - closed.screen(lower).y, 0.25 * opening, accuracy: 0.05 * opening + 0.05,
                "closed lid column \(j)")
            XCTAssertLessThan(
                closed.positions[3 * upper + 2], closed.positions[3 * lower + 2], "lid column \(j) in front")
            XCTAssertLessThan(
                length(closed.screen(left.upperLid[j]) - neutral.screen(left.upperLid[j])), 1e-3,
                "the other eye stays open")
        }
        for v in model.layer.eyeballBase..<closed.vertexCount {
            XCTAssertLessThan(length(closed.screen(v) - neutral.screen(v)), 1e-3, "eyeball vertex \(v) does not move")
        }
        XCTAssertLessThan(
            length(closed.screen(right.outerCorner) - neutral.screen(right.outerCorner)), 1e-3, "corners stay")
    }

    func testAClosingLidDrawsSkinFromAboveInsteadOfStretchingTheLashLine() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let (rightSkin, leftSkin) = (model.layer.lidSkin[0], model.layer.lidSkin[1])
        XCTAssertGreaterThanOrEqual(rightSkin.count, 5, "a lid-skin vertex over most upper-lid columns")
        XCTAssertGreaterThanOrEqual(leftSkin.count, 5)
        for (vertex, above) in rightSkin + leftSkin {
            XCTAssertGreaterThan(
                model.canonical.vertices[above].y, model.canonical.vertices[vertex].y, "\(above) is above \(vertex)")
            XCTAssertFalse(
                FaceRegions.rightEye.vertices.contains(vertex) || FaceRegions.leftEye.vertices.contains(vertex))
        }
        var controls = Controls.neutral
        controls.blinkRight = 1
        controls.blinkLeft = 0.5
        let mesh = model.pose(controls)
        func reference(_ v: Int) -> SIMD2<Float> { SIMD2(mesh.attribute(v, 0), mesh.attribute(v, 1)) }
        for (vertex, above) in rightSkin {
            XCTAssertLessThan(
                length(reference(vertex) - model.landmarks[above]), 1e-3, "closed: skin from the ring above")
        }
        for (vertex, above) in leftSkin {
            XCTAssertLessThan(
                length(reference(vertex) - (model.landmarks[vertex] + model.landmarks[above]) / 2), 1e-3,
                "half closed: halfway")
        }
        let open = model.pose(.neutral)
        for (vertex, _) in rightSkin + leftSkin {
            XCTAssertEqual(open.attribute(vertex, 0), model.landmarks[vertex].x, accuracy: 1e-4)
            XCTAssertEqual(open.attribute(vertex, 1), model.landmarks[vertex].y, accuracy: 1e-4)
        }
    }

    func testAlphaFadesOnlyOnTheFaceOvalAndNormalsFaceTheCamera() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let mesh = model.pose(.neutral)
        let oval = Set(model.regions.faceOval)
        for v in 0..<mesh.vertexCount {
            XCTAssertEqual(mesh.attribute(v, 2), oval.contains(v) ? 0 : 1)
            XCTAssertEqual(
                length(SIMD2(mesh.normal(v).x, mesh.normal(v).y)) * length(SIMD2(mesh.normal(v).x, mesh.normal(v).y))
                    + mesh.normal(v).z * mesh.normal(v).z, 1, accuracy: 1e-4)
        }
        XCTAssertLessThan(mesh.normal(FaceRegions.noseTip).z, -0.9)
        XCTAssertLessThan(mesh.normal(FaceRegions.forehead).z, -0.5)
        XCTAssertLessThan(mesh.normal(468 + 4).z, -0.5) // mouth interior faces out too
        // The cheeks face outward to their own side.
        XCTAssertLessThan(mesh.normal(234).x, -0.5)
        XCTAssertGreaterThan(mesh.normal(454).x, 0.5)
    }
}
