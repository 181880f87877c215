import GPU
import Kernels
import TestSupport
import XCTest

final class ConcatConformanceTests: GPUTestCase {
    private func run(_ concat: Concat, _ inputs: [(values: [Float], shape: [Int])]) throws -> [Float] {
        let count = Concat.outputShape(inputs.map(\.shape), axis: concat.axis)!.reduce(1, *)
        let output = try device.tensor(count: count, as: concat.dataType)
        let stream = try device.makeStream()
        try concat.encode(
            on: stream, inputs: try inputs.map { (try device.tensor($0.values, as: concat.dataType), $0.shape) },
            output: output)
        try stream.submitAndWait()
        return try output.floats(count, as: concat.dataType)
    }

    func testEveryAxisAndRankConcatenatesLikeReference() throws {
        let cases: [(axis: Int, shapes: [[Int]])] = [
            (0, [[5], [3], [8]]),
            (1, [[3, 7], [3, 2]]),
            (0, [[2, 5], [1, 5], [4, 5]]),
            (-1, [[2, 3, 5], [2, 3, 1], [2, 3, 4]]),
            (3, [[1, 6, 7, 4], [1, 6, 7, 3], [1, 6, 7, 8]]), // vec4, scalar, then a misaligned offset
            (3, [[2, 9, 5, 16], [2, 9, 5, 32]]), // vec4 throughout
            (1, [[1, 3, 5, 6], [1, 4, 5, 6]]),
            (2, [[2, 4, 3, 5], [2, 4, 6, 5], [2, 4, 1, 5]]),
            (-4, [[1, 2, 3, 3], [2, 2, 3, 3]]),
            (3, [[1, 40, 33, 1], [1, 40, 33, 2]]),
        ]
        checkKernel("Concat", cases, seed: 70) { concat, random in
            concat.shapes.map { random.floats($0.reduce(1, *), in: -4...4) }
        } reference: { concat, x in
            Concat.reference(zip(x, concat.shapes).map { (values: $0, shape: $1) }, axis: concat.axis)
        } gpu: { concat, x, run in
            let inputs = try zip(x, concat.shapes).map { (try run.tensor($0), $1) }
            try Concat(axis: concat.axis, dataType: run.dataType).encode(
                on: run.stream, inputs: inputs,
                output: run.output)
        }
    }

    func testConcatenatesMatrixColumnsExactly() throws {
        let result = try run(Concat(axis: 1), [([1, 2, 3, 4], [2, 2]), ([5, 6], [2, 1])])
        XCTAssertEqual(result, [1, 2, 5, 3, 4, 6])
    }

    func testRejectsMismatchedShapesAndBadAxes() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 64))
        let output = try device.tensor(exactly: 128)
        let stream = try device.makeStream()
        assertInvalidArgument(
            try Concat(axis: 1).encode(on: stream, inputs: [(buffer, [2, 3]), (buffer, [3, 3])], output: output))
        assertInvalidArgument(
            try Concat(axis: 2).encode(on: stream, inputs: [(buffer, [2, 3]), (buffer, [2, 3])], output: output))
        assertInvalidArgument(
            try Concat(axis: 0).encode(on: stream, inputs: [(buffer, [1, 1, 1, 2, 2])], output: output))
        assertInvalidArgument(try Concat(axis: 0).encode(on: stream, inputs: [], output: output))
        assertInvalidArgument(
            try Concat(axis: 0).encode(
                on: stream, inputs: [(buffer, [64]), (buffer, [64]), (buffer, [64])],
                output: output))
    }
}
