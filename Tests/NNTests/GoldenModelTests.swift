import Foundation
import GPU
import NN
import TestSupport
import XCTest

/// The shipped models on our GPU engine against the reference TFLite interpreter (ai-edge-litert,
/// outputs committed under Tests/Fixtures/golden by make_golden.py), on the astronaut crop and a
/// synthetic image: the 1e-3 max abs on raw outputs; landmark coordinates within 0.05 px.
final class GoldenModelTests: GPUTestCase {
    static let tolerance: Float = 1e-3

    /// Runs `model` on each golden case and hands every output (ours, golden, name) to `check`.
    private func compare(
        _ model: String, url: URL,
        check: (_ name: String, _ ours: [Float], _ golden: [Float], _ label: String) -> Void
    ) throws {
        let fixture = try GoldenFixture(model: model)
        let session = try InferenceSession(Graph(TFLiteModel(contentsOf: url)), device: device)
        for name in ["astronaut", "synthetic"] {
            let golden = try fixture.load(case: name)
            let outputs = try session.run(inputs: [fixture.manifest.input.name: golden.input])
            for (tensor, expected) in zip(fixture.manifest.outputs, golden.outputs) {
                let ours = try XCTUnwrap(outputs[tensor.name], "\(model) has no output \(tensor.name)")
                check(tensor.name, ours, expected, "\(model) \(name) \(tensor.name)")
            }
        }
    }

    private func assertWithin(_ tolerance: Float, _ ours: [Float], _ golden: [Float], _ label: String) {
        XCTAssertEqual(ours.count, golden.count, label)
        let worst = LargestDifference(ours, golden)
        XCTAssert(worst.isWithin(tolerance), "\(label): max |ours - litert| = \(worst.value) at \(worst.index)")
    }

    func testFaceDetectionMatchesTheReferenceInterpreter() throws {
        try compare("face_detection_short_range", url: TestModels.faceDetection) { _, ours, golden, label in
            assertWithin(Self.tolerance, ours, golden, label)
        }
    }

    func testFaceLandmarksMatchTheReferenceInterpreter() throws {
        try compare("face_landmark", url: TestModels.faceLandmark) { _, ours, golden, label in
            assertWithin(Self.tolerance, ours, golden, label)
        }
    }

    func testSelfieSegmentationMatchesTheReferenceInterpreter() throws {
        try compare("selfie_segmentation", url: TestModels.selfieSegmentation) { _, ours, golden, label in
            assertWithin(Self.tolerance, ours, golden, label)
        }
    }

    /// Pose landmark full: the landmark coordinates (Identity, 33 x 5 values: x, y, z, visibility,
    /// presence, in input pixels) within 0.05 px; the segmentation logits (Identity_2, magnitudes near
    /// 2000) within 1e-3 relative to their largest value, since the interpreter's own two CPU paths differ
    /// by 1.15 there (Tests/Fixtures/README.md); everything else 1e-3.
    func testPoseLandmarksMatchTheReferenceInterpreter() throws {
        try compare("pose_landmark_full", url: TestModels.poseLandmark) { name, ours, golden, label in
            switch name {
            case "Identity":
                let coordinates = { (values: [Float]) in values.enumerated().filter { $0.offset % 5 < 2 }.map(\.element)
                }
                assertWithin(0.05, coordinates(ours), coordinates(golden), label + " x/y")
                assertWithin(0.05, ours, golden, label)
            case "Identity_2":
                assertWithin(1e-3 * (golden.map(abs).max() ?? 1), ours, golden, label)
            default:
                assertWithin(Self.tolerance, ours, golden, label)
            }
        }
    }
}
