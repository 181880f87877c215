import Landmarks
import Perception
import TestSupport
import XCTest

final class FaceRegionTests: XCTestCase {
    private func astronautFace() throws -> FaceDetection {
        let golden = try GoldenFixture(model: "face_detection_short_range").load(case: "astronaut")
        return try XCTUnwrap(
            FaceDetectionDecoder().decode(regressors: golden.outputs[0], logits: golden.outputs[1]).first)
    }

    func testRegionIsTheDetectionBoxEnlargedToASquareAroundItsCentre() throws {
        let region = RotatedRect(faceLandmarkRegionFor: try astronautFace().scaled(width: 512, height: 512))
        // The crop make_golden.py used for face_landmark (centre and side, without rotation).
        XCTAssertEqual(region.centerX, 225.365, accuracy: 0.05)
        XCTAssertEqual(region.centerY, 127.645, accuracy: 0.05)
        XCTAssertEqual(region.width, 138.855, accuracy: 0.1)
        XCTAssertEqual(region.height, region.width)
        XCTAssertLessThan(abs(region.rotation), 0.35, "the astronaut's head is nearly upright")
    }

    func testRotationLevelsTheEyes() {
        // Eyes on a line rising 45 degrees to the subject's left (image right, up): the region turns by -45 degrees.
        let keypoints =
            [Point2D(x: 0.4, y: 0.6), Point2D(x: 0.6, y: 0.4)] + Array(repeating: Point2D(x: 0.5, y: 0.5), count: 4)
        let face = FaceDetection(box: Box(minX: 0.3, minY: 0.3, maxX: 0.7, maxY: 0.7), keypoints: keypoints, score: 1)
        let region = RotatedRect(faceLandmarkRegionFor: face.scaled(width: 100, height: 100))
        XCTAssertEqual(region.rotation, -.pi / 4, accuracy: 1e-5)
        // The region's right edge midpoint lies along the eye line.
        let edge = region.imagePoint(u: 1, v: 0.5)
        XCTAssertEqual(edge.x - 50, -(edge.y - 50), accuracy: 1e-3)
    }

    /// Two models agree: the reference interpreter's face mesh for the astronaut crop, mapped back to the
    /// image, puts the nose tip (mesh point 1) and the eye centres near the detector's keypoints.
    func testGoldenMeshLandsOnTheDetectedFace() throws {
        let face = try astronautFace()
        let mesh = try GoldenFixture(model: "face_landmark").load(case: "astronaut")
        XCTAssertGreaterThan(FaceLandmarks.presence(logit: mesh.outputs[1][0]), 0.99)
        let crop = RotatedRect(centerX: 225.365, centerY: 127.645, width: 138.855, height: 138.855)
        let points = try XCTUnwrap(FaceLandmarks.imagePoints(raw: mesh.outputs[0], region: crop))
        XCTAssertEqual(points.count, 468)
        let box = face.box.scaled(width: 512, height: 512)
        // The detector's keypoints are coarse: agreement within a tenth of the face width (~9 px).
        let tolerance = 0.1 * box.width
        let detectedNose = Point2D(x: face.keypoints[2].x * 512, y: face.keypoints[2].y * 512)
        XCTAssertEqual(points[1].x, detectedNose.x, accuracy: tolerance)
        XCTAssertEqual(points[1].y, detectedNose.y, accuracy: tolerance)
        // Eye corners 33/133 (subject's right eye) and 362/263 (left eye) around the detector's eye keypoints.
        let rightEye = Point2D(x: (points[33].x + points[133].x) / 2, y: (points[33].y + points[133].y) / 2)
        let leftEye = Point2D(x: (points[362].x + points[263].x) / 2, y: (points[362].y + points[263].y) / 2)
        XCTAssertEqual(rightEye.x, face.keypoints[0].x * 512, accuracy: tolerance)
        XCTAssertEqual(leftEye.x, face.keypoints[1].x * 512, accuracy: tolerance)
        XCTAssertEqual(rightEye.y, face.keypoints[0].y * 512, accuracy: tolerance)
        XCTAssertEqual(leftEye.y, face.keypoints[1].y * 512, accuracy: tolerance)
        XCTAssertTrue(
            points.allSatisfy {
                $0.x > box.minX - 30 && $0.x < box.maxX + 30 && $0.y > box.minY - 40 && $0.y < box.maxY + 30
            })
    }

    func testWrongSizedMeshOutputIsRejected() {
        XCTAssertNil(
            FaceLandmarks.imagePoints(raw: [0, 1, 2], region: RotatedRect(centerX: 0, centerY: 0, width: 1, height: 1)))
    }
}
