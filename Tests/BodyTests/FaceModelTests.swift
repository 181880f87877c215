import Landmarks
import Perception
import XCTest

@testable import Body

final class FaceModelTests: XCTestCase {
    func testNeutralPoseReprojectsOntoTheLandmarksAndOntoItsReferences() throws {
        var synthetic = SyntheticFace(canonical: try CanonicalFace.shipped())
        synthetic.rotation =
            Rotation3(axis: [0, 1, 0], radians: degrees(12)) * Rotation3(axis: [1, 0, 0], radians: degrees(-6))
        let landmarks = synthetic.landmarks
        let model = try FaceModel.fit(
            landmarks: landmarks, imageWidth: SyntheticFace.width, imageHeight: SyntheticFace.height)
        let mesh = model.pose(.neutral)
        XCTAssertEqual(
            mesh.vertexCount, 468 + 18 + 32, "face, mouth interior rows, eyeball copies of both lid contours")
        for (i, landmark) in landmarks.enumerated() {
            XCTAssertEqual(mesh.positions[3 * i], landmark.x, accuracy: 1e-3)
            XCTAssertEqual(mesh.positions[3 * i + 1], landmark.y, accuracy: 1e-3)
        }
        for v in 0..<mesh.vertexCount {
            XCTAssertLessThan(
                length(mesh.screen(v) - SIMD2(mesh.attribute(v, 0), mesh.attribute(v, 1))), 1e-3, "vertex \(v)")
            XCTAssertGreaterThan(mesh.position(v).z, 0)
        }
    }

    func testFitRecoversAKnownYawAndTheFaceDistance() throws {
        var synthetic = SyntheticFace(canonical: try CanonicalFace.shipped())
        let yaw = Rotation3(axis: [0, 1, 0], radians: degrees(20))
        synthetic.rotation = yaw
        let model = try synthetic.fitted()
        XCTAssertLessThan(angleBetween(model.similarity.rotation, yaw), 2) // perspective-blind first fit
        XCTAssertEqual(model.cameraSimilarity.scale, 1, accuracy: 0.05) // world units are cm
        XCTAssertLessThan(angleBetween(model.headRotation, SyntheticFace.flip * yaw), 1)
        // The face's front (canonical +z) turned 20 degrees toward the viewer's right, facing the camera.
        let front = model.headRotation.apply([0, 0, 1])
        XCTAssertEqual(front.x, sin(degrees(20)), accuracy: 0.02)
        XCTAssertEqual(front.z, -cos(degrees(20)), accuracy: 0.02)
        // World units are centimetres: the head centre lands near where it was put.
        XCTAssertEqual(model.headOrigin.z, synthetic.distance, accuracy: 0.05 * synthetic.distance)
    }

    func testNeckPivotIsBelowAndBehindTheFace() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let nose = model.neutralVertices[FaceRegions.noseTip]
        let chin = model.neutralVertices[FaceRegions.chin]
        XCTAssertGreaterThan(model.neckPivot.y, nose.y) // image y down: below the nose
        XCTAssertLessThan(model.neckPivot.y, chin.y) // above the chin
        XCTAssertGreaterThan(model.neckPivot.z, chin.z + 5) // behind the jaw
        XCTAssertEqual(model.geometry.vertices.count, 468)
        XCTAssertEqual(model.geometry.triangles.count, 898)
        XCTAssertEqual(model.geometry.neckPivot, model.neckPivot)
    }

    func testBadLandmarksThrowTypedErrors() throws {
        let good = SyntheticFace(canonical: try CanonicalFace.shipped()).landmarks
        func fitError(_ landmarks: [Point3D]) -> BodyError? {
            do {
                _ = try FaceModel.fit(landmarks: landmarks, imageWidth: 640, imageHeight: 480)
                return nil
            } catch { return error }
        }
        XCTAssertEqual(fitError(Array(good.prefix(467))), .wrongLandmarkCount(expected: 468, got: 467))
        var broken = good
        broken[5].y = .nan
        XCTAssertEqual(fitError(broken), .nonFiniteLandmark(index: 5))
        XCTAssertEqual(fitError(Array(repeating: Point3D(x: 10, y: 10, z: 0), count: 468)), .degenerateLandmarks)
        XCTAssertNil(fitError(good))
    }
}

final class HeadPoseTests: XCTestCase {
    /// Where the nose tip lands after turning a frontal head by `turn` (camera-space displacement from
    /// the pivot -> turned displacement), computed by hand.
    func turnedNose(_ model: FaceModel, _ turn: (SIMD3<Float>) -> SIMD3<Float>) -> SIMD3<Float> {
        let nose = model.neutralVertices[FaceRegions.noseTip]
        return SyntheticFace.camera.project(model.neckPivot + turn(nose - model.neckPivot))
    }

    func testYawTurnsTheNoseToTheViewersRightByTheExpectedAmount() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        var controls = Controls.neutral
        controls.headYaw = 15
        let mesh = model.pose(controls)
        let (c, s) = (cos(degrees(15)), sin(degrees(15)))
        // Frontal face: the head's up axis is camera -y; turning the nose (dz < 0) toward +x.
        let expected = turnedNose(model) { d in SIMD3(d.x * c - d.z * s, d.y, d.x * s + d.z * c) }
        let before = model.pose(.neutral).screen(FaceRegions.noseTip)
        let after = mesh.screen(FaceRegions.noseTip)
        XCTAssertGreaterThan(after.x - before.x, 5)
        XCTAssertEqual(after.x, expected.x, accuracy: 0.5)
        XCTAssertEqual(after.y, expected.y, accuracy: 0.5)
    }

    func testPitchNodsTheNoseDown() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        var controls = Controls.neutral
        controls.headPitch = 10
        let (c, s) = (cos(degrees(10)), sin(degrees(10)))
        let expected = turnedNose(model) { d in SIMD3(d.x, d.y * c - d.z * s, d.y * s + d.z * c) }
        let before = model.pose(.neutral).screen(FaceRegions.noseTip)
        let after = model.pose(controls).screen(FaceRegions.noseTip)
        XCTAssertGreaterThan(after.y - before.y, 5)
        XCTAssertEqual(after.x, expected.x, accuracy: 0.5)
        XCTAssertEqual(after.y, expected.y, accuracy: 0.5)
    }

    func testRollTiltsClockwiseAndTranslationMovesEverything() throws {
        let model = try SyntheticFace(canonical: try CanonicalFace.shipped()).fitted()
        let neutral = model.pose(.neutral)
        var controls = Controls.neutral
        controls.headRoll = 10
        let rolled = model.pose(controls)
        // Clockwise: the forehead goes right, the chin goes left.
        XCTAssertGreaterThan(rolled.screen(FaceRegions.forehead).x - neutral.screen(FaceRegions.forehead).x, 3)
        XCTAssertLessThan(rolled.screen(FaceRegions.chin).x - neutral.screen(FaceRegions.chin).x, -1)
        controls = .neutral
        controls.headX = 2
        let moved = model.pose(controls)
        for v in [FaceRegions.noseTip, FaceRegions.chin, 300] {
            XCTAssertEqual(
                moved.position(v).x - neutral.position(v).x,
                SyntheticFace.camera.focalLength * 2 / neutral.position(v).z, accuracy: 0.01)
        }
    }

    func testTheHeadTurnsAboutItsOwnAxesWhenThePhotoIsTurned() throws {
        var synthetic = SyntheticFace(canonical: try CanonicalFace.shipped())
        synthetic.rotation = Rotation3(axis: [0, 0, 1], radians: degrees(30)) // photo head tilted
        let model = try synthetic.fitted()
        var controls = Controls.neutral
        controls.headPitch = 10
        let transform = model.headTransform(controls)
        // Nodding turns about the head's own left-right axis: that axis is left unchanged.
        let axis = model.headRotation.apply([1, 0, 0])
        XCTAssertLessThan(distance(transform.rotation.apply(axis), axis), 1e-4)
        XCTAssertLessThan(distance(transform.apply(model.neckPivot), model.neckPivot), 1e-4)
    }
}
