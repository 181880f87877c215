import GPU
import Kernels
import TestSupport
import XCTest

final class PadConformanceTests: GPUTestCase {
    private func run(_ pad: Pad, _ x: [Float], shape: [Int], padding: [(before: Int, after: Int)]) throws -> [Float] {
        let count = Pad.outputShape(shape, padding: padding).reduce(1, *)
        let output = try device.tensor(count: count, as: pad.dataType)
        let stream = try device.makeStream()
        try pad.encode(on: stream, input: try device.tensor(x, as: pad.dataType), shape: shape, padding: padding, output: output)
        try stream.submitAndWait()
        return try output.floats(count, as: pad.dataType)
    }

    func testEveryRankAndAxisPadsLikeReference() throws {
        var random = SeededRandom(seed: 60)
        let cases: [([Int], [(before: Int, after: Int)])] = [
            ([5], [(2, 3)]),
            ([3, 7], [(1, 0), (0, 2)]),
            ([2, 5, 3], [(0, 1), (2, 2), (1, 1)]),
            ([1, 9, 11, 3], [(0, 0), (1, 2), (3, 0), (0, 0)]),
            ([2, 6, 5, 8], [(0, 0), (1, 1), (1, 1), (0, 0)]),   // spatial padding, vec4 channels
            ([1, 7, 7, 12], [(0, 0), (0, 1), (0, 1), (4, 8)]),  // channel padding by multiples of 4
            ([1, 4, 5, 6], [(1, 1), (0, 0), (0, 0), (1, 3)]),   // channel padding by odd amounts
            ([1, 30, 31, 16], [(0, 0), (2, 1), (0, 3), (0, 0)]),
            ([3, 1, 1, 1], [(0, 0), (0, 0), (0, 0), (0, 0)]),
        ]
        for dataType in testedDataTypes(device) {
            for (shape, padding) in cases {
                let x = random.floats(shape.reduce(1, *), in: -3...3).roundedToHalf
                for value: Float in [0, -1.5] {
                    assertConforms(try run(Pad(value: value, dataType: dataType), x, shape: shape, padding: padding),
                                   Pad.reference(x, shape: shape, padding: padding, value: value),
                                   dataType == .float32 ? .fp32 : .fp16, "pad \(shape) by \(padding) with \(value) \(dataType)")
                }
            }
        }
    }

    func testPadsAMatrixExactly() throws {
        let padded = try run(Pad(value: 9), [1, 2, 3, 4], shape: [2, 2], padding: [(1, 0), (0, 1)])
        XCTAssertEqual(padded, [9, 9, 9, 1, 2, 9, 3, 4, 9])
    }

    func testRejectsMismatchedAndNegativePadding() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 64))
        let output = try device.tensor(exactly: 256)
        let stream = try device.makeStream()
        assertInvalidArgument(try Pad().encode(on: stream, input: buffer, shape: [4, 4], padding: [(1, 1)], output: output))
        assertInvalidArgument(try Pad().encode(on: stream, input: buffer, shape: [4, 4], padding: [(1, 1), (-1, 0)], output: output))
        assertInvalidArgument(try Pad().encode(on: stream, input: buffer, shape: [1, 2, 2, 2, 2], padding: Array(repeating: (0, 0), count: 5),
                                              output: output))
        assertInvalidArgument(try Pad().encode(on: stream, input: buffer, shape: [8, 8], padding: [(4, 5), (4, 5)], output: output))
    }
}
