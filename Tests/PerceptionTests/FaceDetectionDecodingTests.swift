import Landmarks
import Perception
import TestSupport
import XCTest

final class FaceDetectionDecodingTests: XCTestCase {
    func testShortRangeAnchorsCoverBothFeatureMaps() {
        let anchors = SSDAnchors(.faceDetectionShortRange).centers
        XCTAssertEqual(anchors.count, 896)
        // 16x16 cells x 2 anchors at stride 8, then 8x8 cells x 6 anchors at stride 16.
        XCTAssertEqual(anchors[0], Point2D(x: 0.5 / 16, y: 0.5 / 16))
        XCTAssertEqual(anchors[1], anchors[0])
        XCTAssertEqual(anchors[2], Point2D(x: 1.5 / 16, y: 0.5 / 16))
        XCTAssertEqual(anchors[511], Point2D(x: 15.5 / 16, y: 15.5 / 16))
        XCTAssertEqual(anchors[512], Point2D(x: 0.5 / 8, y: 0.5 / 8))
        XCTAssertEqual(anchors[895], Point2D(x: 7.5 / 8, y: 7.5 / 8))
    }

    /// The reference interpreter's raw outputs for astronaut.png (Tests/Fixtures/golden) decode to
    /// the one face make_golden.py found: score 0.921, box (179.08, 81.36)-(271.65, 173.93) px.
    func testGoldenOutputsOfTheAstronautDecodeToOneFace() throws {
        let golden = try GoldenFixture(model: "face_detection_short_range").load(case: "astronaut")
        let faces = FaceDetectionDecoder().decode(regressors: golden.outputs[0], logits: golden.outputs[1])
        XCTAssertEqual(faces.count, 1)
        let face = try XCTUnwrap(faces.first)
        XCTAssertEqual(face.score, 0.921, accuracy: 0.001)
        let box = face.box.scaled(width: 512, height: 512)
        XCTAssertEqual(box.minX, 179.08, accuracy: 0.05)
        XCTAssertEqual(box.minY, 81.36, accuracy: 0.05)
        XCTAssertEqual(box.maxX, 271.65, accuracy: 0.05)
        XCTAssertEqual(box.maxY, 173.93, accuracy: 0.05)
        // Eyes above the nose, nose above the mouth, all inside the box.
        let (rightEye, leftEye, nose, mouth) = (
            face.keypoints[0], face.keypoints[1], face.keypoints[2], face.keypoints[3]
        )
        XCTAssertLessThan(rightEye.x, leftEye.x)
        XCTAssertLessThan(max(rightEye.y, leftEye.y), nose.y)
        XCTAssertLessThan(nose.y, mouth.y)
        for point in face.keypoints.prefix(4) {
            XCTAssertTrue(
                (face.box.minX...face.box.maxX).contains(point.x) && (face.box.minY...face.box.maxY).contains(point.y))
        }
    }

    func testWeightedSuppressionAveragesOverlapsAndKeepsSeparateFaces() {
        let keypoints = Array(repeating: Point2D(x: 0, y: 0), count: 6)
        let strong = FaceDetection(box: Box(minX: 0, minY: 0, maxX: 1, maxY: 1), keypoints: keypoints, score: 0.9)
        let overlapping = FaceDetection(
            box: Box(minX: 0.1, minY: 0, maxX: 1.1, maxY: 1), keypoints: keypoints, score: 0.6)
        let separate = FaceDetection(box: Box(minX: 5, minY: 5, maxX: 6, maxY: 6), keypoints: keypoints, score: 0.7)
        let merged = FaceDetectionDecoder.weightedNonMaximumSuppression(
            [overlapping, separate, strong], threshold: 0.3)
        XCTAssertEqual(merged.map(\.score), [0.9, 0.7])
        XCTAssertEqual(merged[0].box.minX, (0 * 0.9 + 0.1 * 0.6) / 1.5, accuracy: 1e-6)
        XCTAssertEqual(merged[1].box, separate.box)
    }

    func testMismatchedOutputSizesDecodeToNothing() {
        XCTAssertEqual(FaceDetectionDecoder().decode(regressors: [1, 2, 3], logits: [0]), [])
    }
}
