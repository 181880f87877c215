import GPU
import Kernels
import TestSupport
import XCTest

final class SoftmaxConformanceTests: GPUTestCase {
    /// Checks softmax over each [rows, length] on values in `range`.
    private func check(
        _ shapes: [(rows: Int, length: Int)], in range: ClosedRange<Float>, seed: UInt64,
        dataTypes: [DataType]? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        checkKernel("Softmax", shapes, seed: seed, dataTypes: dataTypes, file: file, line: line) { shape, random in
            random.floats(shape.rows * shape.length, in: range)
        } reference: { shape, x in
            Softmax.reference(x, rows: shape.rows, length: shape.length)
        } gpu: { shape, x, run in
            try Softmax(dataType: run.dataType).encode(
                on: run.stream, input: run.tensor(x), output: run.output,
                rows: shape.rows, length: shape.length)
        }
    }

    func testRowsOfEveryLengthMatchReference() throws {
        check([(1, 1), (3, 7), (7, 4), (5, 33), (3, 36), (2, 1000), (4, 4099), (2, 100_000)], in: -6...6, seed: 10)
    }

    func testLargeLogitsDoNotOverflow() throws {
        // An overflowing exp gives infinity or NaN, which never compares within tolerance of the finite reference.
        check([(3, 257)], in: 500...1000, seed: 11, dataTypes: [.float32])
    }

    func testMoreRowsThanOneGridDimensionHolds() throws {
        check([(70_001, 3)], in: -4...4, seed: 12)
    }

    func testRunsInPlace() throws {
        var random = SeededRandom(seed: 13)
        let x = random.floats(6 * 129, in: -3...3)
        let buffer = try device.tensor(x)
        let stream = try device.makeStream()
        try Softmax().encode(on: stream, input: buffer, output: buffer, rows: 6, length: 129)
        try stream.submitAndWait()
        assertConforms(
            try buffer.floats(x.count), Softmax.reference(x, rows: 6, length: 129), .fp32,
            "softmax in place")
    }

    func testRejectsEmptyRowsAndSmallBuffers() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 8))
        let stream = try device.makeStream()
        assertInvalidArgument(try Softmax().encode(on: stream, input: buffer, output: buffer, rows: 2, length: 0))
        assertInvalidArgument(try Softmax().encode(on: stream, input: buffer, output: buffer, rows: 3, length: 3))
    }
}
