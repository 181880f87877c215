import GPU
import Media
import Pipeline
import Render
import TestSupport
import XCTest

/// `--size` is checked against the device's real buffer limit before any work, and the limit it names fits.
final class FrameSizeLimitTests: GPUTestCase {
    func testFramesOverTheDeviceBufferLimitAreRefusedNamingALargestSizeThatFits() throws {
        let limit = FrameRenderer.maxPixelCount(on: device)
        XCTAssertEqual(limit, Int(min(device.info.limits.maxStorageBufferRange, UInt64(Int32.max))) / 12)
        // Only the shape of the photo matters: a square one and a 16:9 one.
        for (width, height) in [(40, 40), (64, 36)] {
            let photo = RGBImage(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 3))
            let side = Int((Double(limit) * Double(max(width, height)) / Double(min(width, height))).squareRoot())
            do {
                try PoseRenderer.requireFits(photo: photo, longSide: side + 8, device: device)
                XCTFail("\(side + 8) on a \(width)x\(height) photo passed a limit of \(limit) pixels")
            } catch {
                guard case .frameTooLarge(_, _, _, let largest) = error else { return XCTFail("\(error)") }
                let message = error.description
                XCTAssertTrue(message.contains("\(largest) pixels on the long side"), message)
                XCTAssertNoThrow(try PoseRenderer.requireFits(photo: photo, longSide: largest, device: device), message)
                XCTAssertThrowsError(
                    try PoseRenderer.requireFits(photo: photo, longSide: largest + 1, device: device), message
                ) { error in
                    guard case .frameTooLarge? = error as? PipelineError else { return XCTFail("\(error)") }
                }
            }
            XCTAssertNoThrow(try PoseRenderer.requireFits(photo: photo, longSide: 512, device: device))
        }
        XCTAssertLessThan(
            FrameRenderer.maxPixelCount(on: device, maps: true), limit, "the control maps are wider per pixel")
    }
}
