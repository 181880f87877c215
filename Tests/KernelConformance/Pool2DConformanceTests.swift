import GPU
import Kernels
import TestSupport
import XCTest

final class Pool2DConformanceTests: GPUTestCase {
    /// A pooling window over an NHWC input and the output size it gives.
    private struct Window {
        let shape: [Int]
        let kernel: (height: Int, width: Int)
        let stride: (height: Int, width: Int)
        let padding: (top: Int, left: Int)
        let outputSize: (height: Int, width: Int)

        /// TFLite SAME padding: output ceil(in / stride), padding split with the extra at the bottom/right.
        static func same(
            _ shape: [Int], kernel: (height: Int, width: Int),
            stride: (height: Int, width: Int)
        ) -> Window {
            let outHeight = (shape[1] + stride.height - 1) / stride.height
            let outWidth = (shape[2] + stride.width - 1) / stride.width
            let padHeight = max((outHeight - 1) * stride.height + kernel.height - shape[1], 0)
            let padWidth = max((outWidth - 1) * stride.width + kernel.width - shape[2], 0)
            return Window(
                shape: shape, kernel: kernel, stride: stride, padding: (padHeight / 2, padWidth / 2),
                outputSize: (outHeight, outWidth))
        }

        /// TFLite VALID padding: no padding, windows entirely inside the input.
        static func valid(
            _ shape: [Int], kernel: (height: Int, width: Int),
            stride: (height: Int, width: Int)
        ) -> Window {
            Window(
                shape: shape, kernel: kernel, stride: stride, padding: (0, 0),
                outputSize: (
                    (shape[1] - kernel.height) / stride.height + 1, (shape[2] - kernel.width) / stride.width + 1
                ))
        }
    }

    private func run(_ pool: Pool2D, _ x: [Float], _ window: Window) throws -> [Float] {
        let count = window.shape[0] * window.outputSize.height * window.outputSize.width * window.shape[3]
        let output = try device.tensor(count: count, as: pool.dataType)
        let stream = try device.makeStream()
        try pool.encode(
            on: stream, input: try device.tensor(x, as: pool.dataType), shape: window.shape,
            output: output, outputSize: window.outputSize)
        try stream.submitAndWait()
        return try output.floats(count, as: pool.dataType)
    }

    /// Checks every mode over every window on inputs in `range`.
    private func check(
        _ windows: [Window], modes: [Pool2D.Mode] = Pool2D.Mode.allCases, in range: ClosedRange<Float>,
        seed: UInt64, dataTypes: [DataType]? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        let cases = windows.flatMap { window in modes.map { (mode: $0, window: window) } }
        func pool(_ mode: Pool2D.Mode, _ window: Window, _ dataType: DataType) -> Pool2D {
            Pool2D(mode, kernel: window.kernel, stride: window.stride, padding: window.padding, dataType: dataType)
        }
        checkKernel("Pool2D", cases, seed: seed, dataTypes: dataTypes, file: file, line: line) { pooling, random in
            random.floats(pooling.window.shape.reduce(1, *), in: range)
        } reference: { pooling, x in
            Pool2D.reference(
                pool(pooling.mode, pooling.window, .float32), input: x, shape: pooling.window.shape,
                outputSize: pooling.window.outputSize)
        } gpu: { pooling, x, run in
            try pool(pooling.mode, pooling.window, run.dataType).encode(
                on: run.stream, input: run.tensor(x), shape: pooling.window.shape, output: run.output,
                outputSize: pooling.window.outputSize)
        }
    }

    func testMaxAndAverageMatchReferenceForSameAndValidWindows() throws {
        check(
            [
                .same([1, 5, 5, 3], kernel: (3, 3), stride: (1, 1)),
                .valid([2, 7, 9, 8], kernel: (2, 2), stride: (2, 2)),
                .same([1, 9, 7, 8], kernel: (2, 2), stride: (2, 2)),
                .same([1, 9, 7, 5], kernel: (3, 3), stride: (2, 2)),
                .same([1, 13, 11, 16], kernel: (3, 2), stride: (2, 1)),
                .valid([1, 4, 6, 4], kernel: (4, 6), stride: (1, 1)),
                .same([3, 6, 10, 12], kernel: (2, 3), stride: (3, 2)),
                .valid([1, 11, 10, 68], kernel: (3, 3), stride: (2, 2)),
                .same([1, 6, 9, 260], kernel: (5, 5), stride: (1, 1)),
                Window(shape: [1, 8, 8, 7], kernel: (3, 3), stride: (2, 2), padding: (2, 1), outputSize: (5, 4)),
            ], in: -5...5, seed: 40)
    }

    func testOutputNeedingMoreThan65535WorkgroupsIsComplete() throws {
        check(
            [.valid([1, 600, 600, 1], kernel: (2, 2), stride: (1, 1))], modes: [.max], in: -1...1, seed: 41,
            dataTypes: [.float32])
    }

    func testAverageCountsOnlyTapsInsideTheInput() throws {
        // A 3x3 SAME window over a 2x2 input covers all four real taps and five padded ones:
        // the average is the mean of the four (2.5), not their sum divided by nine.
        let x: [Float] = [1, 2, 3, 4]
        let window = Window.same([1, 2, 2, 1], kernel: (3, 3), stride: (1, 1))
        let gpu = try run(Pool2D(.average, kernel: (3, 3), padding: window.padding), x, window)
        XCTAssertEqual(gpu, [2.5, 2.5, 2.5, 2.5])
        let maxima = try run(Pool2D(.max, kernel: (3, 3), padding: window.padding), x.map { -$0 }, window)
        XCTAssertEqual(maxima, [-1, -1, -1, -1])
    }

    func testRejectsWindowsOutsideTheInputAndWrongRank() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 64))
        let stream = try device.makeStream()
        assertInvalidArgument(
            try Pool2D(.max, kernel: (2, 2), padding: (2, 0)).encode(
                on: stream, input: buffer, shape: [1, 4, 4, 1], output: buffer, outputSize: (2, 2)))
        assertInvalidArgument(
            try Pool2D(.max, kernel: (2, 2), stride: (2, 2)).encode(
                on: stream, input: buffer, shape: [1, 4, 4, 1], output: try device.tensor(count: 64), outputSize: (3, 2)
            ))
        assertInvalidArgument(
            try Pool2D(.average, kernel: (2, 2)).encode(
                on: stream, input: buffer, shape: [4, 4, 4], output: try device.tensor(count: 64), outputSize: (3, 3)))
    }
}
