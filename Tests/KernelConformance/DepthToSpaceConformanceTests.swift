import GPU
import Kernels
import TestSupport
import XCTest

final class DepthToSpaceConformanceTests: GPUTestCase {
    private func run(_ kernel: DepthToSpace, _ x: [Float], shape: [Int]) throws -> [Float] {
        let output = try device.tensor(count: x.count, as: kernel.dataType)
        let stream = try device.makeStream()
        try kernel.encode(on: stream, input: try device.tensor(x, as: kernel.dataType), shape: shape, output: output)
        try stream.submitAndWait()
        return try output.floats(x.count, as: kernel.dataType)
    }

    func testBlockSizesAndDepthsMatchReference() throws {
        let cases: [(shape: [Int], blockSize: Int)] = [
            ([1, 1, 1, 4], 2), ([1, 3, 5, 4], 2), ([2, 5, 3, 12], 2), ([1, 4, 7, 16], 2), ([1, 3, 3, 27], 3),
            ([2, 2, 5, 36], 3), ([1, 6, 5, 7], 1), ([1, 2, 3, 64], 4), ([1, 31, 33, 32], 2),
        ]
        checkKernel("DepthToSpace", cases, seed: 80) { depthToSpace, random in
            random.floats(depthToSpace.shape.reduce(1, *), in: -4...4)
        } reference: { depthToSpace, x in
            DepthToSpace.reference(x, shape: depthToSpace.shape, blockSize: depthToSpace.blockSize)
        } gpu: { depthToSpace, x, run in
            try DepthToSpace(blockSize: depthToSpace.blockSize, dataType: run.dataType)
                .encode(on: run.stream, input: run.tensor(x), shape: depthToSpace.shape, output: run.output)
        }
    }

    func testUsesTFLiteDCROrder() throws {
        // One pixel with depth 8 and block 2: two output channels per output pixel, the
        // first block row taking depth 0..<4, the second 4..<8.
        let result = try run(DepthToSpace(blockSize: 2), [0, 1, 2, 3, 4, 5, 6, 7], shape: [1, 1, 1, 8])
        XCTAssertEqual(result, [0, 1, 2, 3, 4, 5, 6, 7])
        let wide = try run(DepthToSpace(blockSize: 2), [0, 1, 2, 3, 10, 11, 12, 13], shape: [1, 1, 2, 4])
        XCTAssertEqual(wide, [0, 1, 10, 11, 2, 3, 12, 13])
    }

    func testRejectsDepthNotDivisibleBySquaredBlock() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 64))
        let stream = try device.makeStream()
        assertInvalidArgument(
            try DepthToSpace(blockSize: 2).encode(
                on: stream, input: buffer, shape: [1, 2, 2, 6],
                output: try device.tensor(count: 64)))
        assertInvalidArgument(
            try DepthToSpace(blockSize: 0).encode(
                on: stream, input: buffer, shape: [1, 2, 2, 4],
                output: try device.tensor(count: 64)))
        assertInvalidArgument(
            try DepthToSpace(blockSize: 2).encode(
                on: stream, input: buffer, shape: [2, 2, 4],
                output: try device.tensor(count: 64)))
    }
}
