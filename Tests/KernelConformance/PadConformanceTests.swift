import GPU
import Kernels
import TestSupport
import XCTest

final class PadConformanceTests: GPUTestCase {
    private func run(_ pad: Pad, _ x: [Float], shape: [Int], padding: [(before: Int, after: Int)]) throws -> [Float] {
        let count = Pad.outputShape(shape, padding: padding).reduce(1, *)
        let output = try device.tensor(count: count, as: pad.dataType)
        let stream = try device.makeStream()
        try pad.encode(
            on: stream, input: try device.tensor(x, as: pad.dataType), shape: shape, padding: padding, output: output)
        try stream.submitAndWait()
        return try output.floats(count, as: pad.dataType)
    }

    func testEveryRankAndAxisPadsLikeReference() throws {
        let paddings: [([Int], [(before: Int, after: Int)])] = [
            ([5], [(2, 3)]),
            ([3, 7], [(1, 0), (0, 2)]),
            ([2, 5, 3], [(0, 1), (2, 2), (1, 1)]),
            ([1, 9, 11, 3], [(0, 0), (1, 2), (3, 0), (0, 0)]),
            ([2, 6, 5, 8], [(0, 0), (1, 1), (1, 1), (0, 0)]), // spatial padding, vec4 channels
            ([1, 7, 7, 12], [(0, 0), (0, 1), (0, 1), (4, 8)]), // channel padding by multiples of 4
            ([1, 4, 5, 6], [(1, 1), (0, 0), (0, 0), (1, 3)]), // channel padding by odd amounts
            ([1, 30, 31, 16], [(0, 0), (2, 1), (0, 3), (0, 0)]),
            ([3, 1, 1, 1], [(0, 0), (0, 0), (0, 0), (0, 0)]),
        ]
        let values: [Float] = [0, -1.5]
        let cases = paddings.flatMap { shape, padding in values.map { (shape: shape, padding: padding, value: $0) } }
        checkKernel("Pad", cases, seed: 60) { pad, random in
            random.floats(pad.shape.reduce(1, *), in: -3...3)
        } reference: { pad, x in
            Pad.reference(x, shape: pad.shape, padding: pad.padding, value: pad.value)
        } gpu: { pad, x, run in
            try Pad(value: pad.value, dataType: run.dataType).encode(
                on: run.stream, input: run.tensor(x), shape: pad.shape, padding: pad.padding, output: run.output)
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
        assertInvalidArgument(
            try Pad().encode(on: stream, input: buffer, shape: [4, 4], padding: [(1, 1)], output: output))
        assertInvalidArgument(
            try Pad().encode(on: stream, input: buffer, shape: [4, 4], padding: [(1, 1), (-1, 0)], output: output))
        assertInvalidArgument(
            try Pad().encode(
                on: stream, input: buffer, shape: [1, 2, 2, 2, 2], padding: Array(repeating: (0, 0), count: 5),
                output: output))
        assertInvalidArgument(
            try Pad().encode(on: stream, input: buffer, shape: [8, 8], padding: [(4, 5), (4, 5)], output: output))
    }
}
