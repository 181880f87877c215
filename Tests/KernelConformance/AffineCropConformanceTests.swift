import GPU
import Kernels
import TestSupport
import XCTest

final class AffineCropConformanceTests: GPUTestCase {
    /// One crop of a width x height RGB image (values 0...255) to outputWidth x outputHeight.
    private struct Case {
        var crop: AffineCrop
        var width: Int, height: Int
        var transform: AffineCrop.Transform
        var outputWidth: Int, outputHeight: Int
    }

    /// Runs each case (fp32: the kernel reads and writes fp32 only) and compares with `reference`, by default
    /// the crop's own.
    private func check(
        _ cases: [Case], seed: UInt64, file: StaticString = #filePath, line: UInt = #line,
        reference: (Case, [Float]) -> [Float] = { crop, image in
            crop.crop.reference(
                image: image, width: crop.width, height: crop.height,
                transform: crop.transform, outputWidth: crop.outputWidth,
                outputHeight: crop.outputHeight)
        }
    ) {
        checkKernel("AffineCrop", cases, seed: seed, dataTypes: [.float32], file: file, line: line) { crop, random in
            random.floats(crop.width * crop.height * 3, in: 0...255)
        } reference: {
            reference($0, $1)
        } gpu: { crop, image, run in
            try crop.crop.encode(
                on: run.stream, image: run.tensor(image), width: crop.width, height: crop.height,
                transform: crop.transform, output: run.output, outputWidth: crop.outputWidth,
                outputHeight: crop.outputHeight)
        }
    }

    func testDownscaleOfTheWholeImageNormalizedToMinusOneOne() throws {
        check(
            [
                Case(
                    crop: AffineCrop(scale: 2 / 255, offset: -1), width: 67, height: 45,
                    transform: .rectangle(minX: 0, minY: 0, width: 67, height: 45, outputWidth: 16, outputHeight: 13),
                    outputWidth: 16, outputHeight: 13)
            ], seed: 1)
    }

    func testRotatedRegionReachingOutsideTheImageWithBothBorders() throws {
        // 30 degrees, a square partly off the top-left corner.
        let (c, s): (Float, Float) = (0.866_025_4, 0.5)
        let side: Float = 40
        let size = 19
        let k = side / Float(size)
        let transform = AffineCrop.Transform(
            m00: c * k, m01: -s * k, m02: 5 - (c * side - s * side) / 2,
            m10: s * k, m11: c * k, m12: 8 - (s * side + c * side) / 2)
        check(
            [AffineCrop.Border.zero, .replicate].map {
                Case(
                    crop: AffineCrop(border: $0, scale: 1 / 255), width: 33, height: 29, transform: transform,
                    outputWidth: size, outputHeight: size)
            }, seed: 2)
    }

    func testIdentityReproducesTheImage() throws {
        let identity = Case(
            crop: AffineCrop(), width: 9, height: 7,
            transform: .rectangle(
                minX: 0, minY: 0, width: 9, height: 7, outputWidth: 9,
                outputHeight: 7),
            outputWidth: 9, outputHeight: 7)
        check([identity], seed: 3) { _, image in image }
    }

    func testEmptyOutputIsRejected() throws {
        let stream = try device.makeStream()
        assertInvalidArgument(
            try AffineCrop().encode(
                on: stream, image: try device.tensor(count: 3), width: 1, height: 1,
                transform: .rectangle(
                    minX: 0, minY: 0, width: 1, height: 1,
                    outputWidth: 1, outputHeight: 1),
                output: try device.tensor(count: 3), outputWidth: 0, outputHeight: 1))
    }
}
