import GPU
import Kernels
import TestSupport
import XCTest

final class ResizeConformanceTests: GPUTestCase {
    private func run(_ resize: Resize, _ x: [Float], shape: [Int], to outputSize: (height: Int, width: Int)) throws -> [Float] {
        let count = shape[0] * outputSize.height * outputSize.width * shape[3]
        let output = try device.tensor(count: count, as: resize.dataType)
        let stream = try device.makeStream()
        try resize.encode(on: stream, input: try device.tensor(x, as: resize.dataType), shape: shape,
                          output: output, outputSize: outputSize)
        try stream.submitAndWait()
        return try output.floats(count, as: resize.dataType)
    }

    private static let flags: [(alignCorners: Bool, halfPixelCenters: Bool)] = [(false, false), (true, false), (false, true)]

    func testEveryModeAndFlagMatchesReferenceForUpAndDownSampling() throws {
        var random = SeededRandom(seed: 50)
        let cases: [([Int], (height: Int, width: Int))] = [
            ([1, 4, 5, 3], (9, 11)), ([2, 9, 7, 8], (4, 3)), ([1, 5, 5, 4], (10, 10)), ([1, 7, 3, 5], (7, 3)),
            ([1, 1, 1, 4], (3, 2)), ([1, 3, 4, 6], (1, 1)), ([1, 16, 16, 68], (31, 33)), ([2, 6, 5, 260], (3, 9)),
            ([1, 12, 10, 1], (29, 7)),
        ]
        for dataType in testedDataTypes(device) {
            for (shape, outputSize) in cases {
                let x = random.floats(shape.reduce(1, *), in: -5...5).roundedToHalf
                for mode in Resize.Mode.allCases {
                    for flag in Self.flags {
                        let resize = Resize(mode, alignCorners: flag.alignCorners, halfPixelCenters: flag.halfPixelCenters,
                                            dataType: dataType)
                        assertConforms(try run(resize, x, shape: shape, to: outputSize),
                                       Resize.reference(resize, input: x, shape: shape, outputSize: outputSize),
                                       dataType == .float32 ? .fp32 : .fp16,
                                       "\(mode) \(shape) -> \(outputSize) \(flag) \(dataType)")
                    }
                }
            }
        }
    }

    func testOutputNeedingMoreThan65535WorkgroupsIsComplete() throws {
        var random = SeededRandom(seed: 51)
        let x = random.floats(6, in: -1...1)
        for mode in Resize.Mode.allCases {
            let resize = Resize(mode, halfPixelCenters: true)
            assertConforms(try run(resize, x, shape: [1, 2, 3, 1], to: (300, 1000)),
                           Resize.reference(resize, input: x, shape: [1, 2, 3, 1], outputSize: (300, 1000)),
                           .fp32, "\(mode) resize over 75000 workgroups")
        }
    }

    func testKnownTFLiteValuesOnATwoByTwoImage() throws {
        let x: [Float] = [1, 2, 3, 4]
        let shape = [1, 2, 2, 1]
        // Rows of the first output row (or the whole 3x3 output with align_corners), worked by hand
        // from TFLite's formulas.
        let halfPixel = try run(Resize(.bilinear, halfPixelCenters: true), x, shape: shape, to: (4, 4))
        XCTAssertEqual(Array(halfPixel[0..<4]), [1, 1.25, 1.75, 2])
        XCTAssertEqual(Array(halfPixel[4..<8]), [1.5, 1.75, 2.25, 2.5])
        let plain = try run(Resize(.bilinear), x, shape: shape, to: (4, 4))
        XCTAssertEqual(Array(plain[0..<4]), [1, 1.5, 2, 2])
        XCTAssertEqual(Array(plain[12..<16]), [3, 3.5, 4, 4])
        XCTAssertEqual(try run(Resize(.bilinear, alignCorners: true), x, shape: shape, to: (3, 3)),
                       [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4])
        XCTAssertEqual(try run(Resize(.nearest), x, shape: shape, to: (4, 4))[0..<4], [1, 1, 2, 2])
        XCTAssertEqual(try run(Resize(.nearest, alignCorners: true), x, shape: shape, to: (3, 3)),
                       [1, 2, 2, 3, 4, 4, 3, 4, 4])
        XCTAssertEqual(try run(Resize(.nearest, halfPixelCenters: true), x, shape: shape, to: (3, 3)),
                       [1, 2, 2, 3, 4, 4, 3, 4, 4])
    }

    func testRejectsBothFlagsAndWrongShapes() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 64))
        let output = try device.tensor(count: 64)
        let stream = try device.makeStream()
        assertInvalidArgument(try Resize(.bilinear, alignCorners: true, halfPixelCenters: true).encode(
            on: stream, input: buffer, shape: [1, 4, 4, 1], output: output, outputSize: (2, 2)))
        assertInvalidArgument(try Resize(.nearest).encode(
            on: stream, input: buffer, shape: [4, 4, 4], output: output, outputSize: (2, 2)))
        assertInvalidArgument(try Resize(.bilinear).encode(
            on: stream, input: buffer, shape: [1, 4, 4, 4], output: output, outputSize: (8, 8)))
    }
}
