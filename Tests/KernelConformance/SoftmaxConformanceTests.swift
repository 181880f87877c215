import GPU
import Kernels
import TestSupport
import XCTest

final class SoftmaxConformanceTests: GPUTestCase {
    private func run(_ x: [Float], rows: Int, length: Int, as dataType: DataType, inPlace: Bool = false) throws -> [Float] {
        let input = try device.tensor(x, as: dataType)
        let output = inPlace ? input : try device.tensor(count: x.count, as: dataType)
        let stream = try device.makeStream()
        try Softmax(dataType: dataType).encode(on: stream, input: input, output: output, rows: rows, length: length)
        try stream.submitAndWait()
        return try output.floats(x.count, as: dataType)
    }

    func testRowsOfEveryLengthMatchReference() throws {
        var random = SeededRandom(seed: 10)
        let shapes = [(1, 1), (3, 7), (7, 4), (5, 33), (3, 36), (2, 1000), (4, 4099), (2, 100_000)]
        for dataType in testedDataTypes(device) {
            for (rows, length) in shapes {
                let x = random.floats(rows * length, in: -6...6).roundedToHalf
                assertConforms(try run(x, rows: rows, length: length, as: dataType),
                               Softmax.reference(x, rows: rows, length: length),
                               dataType == .float32 ? .fp32 : .fp16, "softmax [\(rows), \(length)] \(dataType)")
            }
        }
    }

    func testLargeLogitsDoNotOverflow() throws {
        var random = SeededRandom(seed: 11)
        let x = random.floats(3 * 257, in: 500...1000)
        let gpu = try run(x, rows: 3, length: 257, as: .float32)
        XCTAssert(gpu.allSatisfy(\.isFinite))
        assertConforms(gpu, Softmax.reference(x, rows: 3, length: 257), .fp32, "softmax of logits near 1000")
    }

    func testMoreRowsThanOneGridDimensionHolds() throws {
        var random = SeededRandom(seed: 12)
        let rows = 70_001
        let x = random.floats(rows * 3, in: -4...4).roundedToHalf
        for dataType in testedDataTypes(device) {
            assertConforms(try run(x, rows: rows, length: 3, as: dataType), Softmax.reference(x, rows: rows, length: 3),
                           dataType == .float32 ? .fp32 : .fp16, "softmax [\(rows), 3] \(dataType)")
        }
    }

    func testRunsInPlace() throws {
        var random = SeededRandom(seed: 13)
        let x = random.floats(6 * 129, in: -3...3)
        assertConforms(try run(x, rows: 6, length: 129, as: .float32, inPlace: true),
                       Softmax.reference(x, rows: 6, length: 129), .fp32, "softmax in place")
    }

    func testRejectsEmptyRowsAndSmallBuffers() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 8))
        let stream = try device.makeStream()
        assertInvalidArgument(try Softmax().encode(on: stream, input: buffer, output: buffer, rows: 2, length: 0))
        assertInvalidArgument(try Softmax().encode(on: stream, input: buffer, output: buffer, rows: 3, length: 3))
    }
}
