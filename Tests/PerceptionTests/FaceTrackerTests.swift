import GPU
import Media
import Perception
import TestSupport
import XCTest

final class FaceTrackerTests: GPUTestCase {
    /// A clip in which the astronaut slides right by 6 px per frame: after the first frame the tracker
    /// follows with the mesh alone, and the face moves with the picture.
    func testTrackingFollowsAMovingFaceWithoutRerunningTheDetector() throws {
        let image = try ImageDecoder.decode(path: PhotoPerceptionTests.portrait)
        let width = 600
        let tracker = FaceTracker(perception: try PhotoPerception(device: device))
        var noseX: [Float] = []
        for frame in 0..<6 {
            let shift = 6 * frame
            var pixels = [UInt8](repeating: 100, count: width * image.height * 3)
            for y in 0..<image.height {
                let source = y * image.width * 3
                let target = (y * width + shift) * 3
                pixels.replaceSubrange(
                    target..<(target + image.width * 3), with: image.pixels[source..<(source + image.width * 3)])
            }
            let photo = try PhotoBuffer(pixels: pixels, width: width, height: image.height, device: device)
            let landmarks = try XCTUnwrap(try tracker.track(photo, at: Double(frame) / 25), "frame \(frame)")
            XCTAssertEqual(tracker.lastFrameUsedDetector, frame == 0, "frame \(frame)")
            noseX.append(landmarks[1].x)
        }
        // The picture moved 30 px; the smoothed nose follows most of it (the 1€ filter trails a little).
        XCTAssertEqual(noseX[5] - noseX[0], 30, accuracy: 8)
        XCTAssertTrue(
            zip(noseX, noseX.dropFirst()).allSatisfy { $1 > $0 }, "the nose moves right every frame: \(noseX)")
    }

    func testAFrameWithoutAFaceLosesTheTrack() throws {
        let tracker = FaceTracker(perception: try PhotoPerception(device: device))
        let grey = try PhotoBuffer(
            pixels: [UInt8](repeating: 90, count: 64 * 48 * 3), width: 64, height: 48, device: device)
        XCTAssertNil(try tracker.track(grey, at: 0))
        XCTAssertTrue(tracker.lastFrameUsedDetector)
    }
}
