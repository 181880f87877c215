import GPU
import Kernels
import TestSupport
import XCTest

final class AffineCropConformanceTests: GPUTestCase {
    private func check(_ crop: AffineCrop, width: Int, height: Int, transform: AffineCrop.Transform,
                       outputWidth: Int, outputHeight: Int, seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let image = random.floats(width * height * 3, in: 0...255)
        let output = try device.tensor(count: outputWidth * outputHeight * 3)
        let stream = try device.makeStream()
        try crop.encode(on: stream, image: try device.tensor(image), width: width, height: height, transform: transform,
                        output: output, outputWidth: outputWidth, outputHeight: outputHeight)
        try stream.submitAndWait()
        let expected = crop.reference(image: image, width: width, height: height, transform: transform,
                                      outputWidth: outputWidth, outputHeight: outputHeight)
        assertConforms(try output.floats(expected.count), expected, .fp32, "affine crop \(width)x\(height) -> \(outputWidth)x\(outputHeight)")
    }

    func testDownscaleOfTheWholeImageNormalizedToMinusOneOne() throws {
        try check(AffineCrop(scale: 2 / 255, offset: -1), width: 67, height: 45,
                  transform: .rectangle(minX: 0, minY: 0, width: 67, height: 45, outputWidth: 16, outputHeight: 13),
                  outputWidth: 16, outputHeight: 13, seed: 1)
    }

    func testRotatedRegionReachingOutsideTheImageWithBothBorders() throws {
        // 30 degrees, a square partly off the top-left corner.
        let (c, s): (Float, Float) = (0.866_025_4, 0.5)
        let side: Float = 40, size = 19
        let k = side / Float(size)
        let transform = AffineCrop.Transform(m00: c * k, m01: -s * k, m02: 5 - (c * side - s * side) / 2,
                                             m10: s * k, m11: c * k, m12: 8 - (s * side + c * side) / 2)
        for border in [AffineCrop.Border.zero, .replicate] {
            try check(AffineCrop(border: border, scale: 1 / 255), width: 33, height: 29, transform: transform,
                      outputWidth: size, outputHeight: size, seed: 2)
        }
    }

    func testIdentityReproducesTheImage() throws {
        var random = SeededRandom(seed: 3)
        let image = random.floats(9 * 7 * 3, in: 0...255)
        let output = try device.tensor(count: image.count)
        let stream = try device.makeStream()
        try AffineCrop().encode(on: stream, image: try device.tensor(image), width: 9, height: 7,
                                transform: .rectangle(minX: 0, minY: 0, width: 9, height: 7, outputWidth: 9, outputHeight: 7),
                                output: output, outputWidth: 9, outputHeight: 7)
        try stream.submitAndWait()
        assertConforms(try output.floats(image.count), image, .fp32, "identity crop")
    }

    func testEmptyOutputIsRejected() throws {
        let stream = try device.makeStream()
        assertInvalidArgument(try AffineCrop().encode(on: stream, image: try device.tensor(count: 3), width: 1, height: 1,
                                                     transform: .rectangle(minX: 0, minY: 0, width: 1, height: 1,
                                                                           outputWidth: 1, outputHeight: 1),
                                                     output: try device.tensor(count: 3), outputWidth: 0, outputHeight: 1))
    }
}
