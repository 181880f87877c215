import GPU
import Kernels
import TestSupport
import XCTest

final class ElementwiseConformanceTests: GPUTestCase {
    func testEveryActivationMatchesReferenceAtOddSizes() throws {
        let cases = Activation.allCases.flatMap { activation in
            [1, 7, 1023, 4099].map { (activation: activation, count: $0) }
        }
        checkKernel("Unary", cases, seed: 1) { unary, random in
            random.floats(unary.count, in: -8...8)
        } reference: { unary, x in
            Unary.reference(unary.activation, x)
        } gpu: { unary, x, run in
            try Unary(unary.activation, dataType: run.dataType).encode(
                on: run.stream, input: run.tensor(x),
                output: run.output, count: unary.count)
        }
    }

    func testUnaryRunsInPlace() throws {
        let x: [Float] = [-2, -0.5, 0, 0.5, 3, 7]
        let buffer = try device.tensor(x)
        let stream = try device.makeStream()
        try Unary(.relu6).encode(on: stream, input: buffer, output: buffer, count: x.count)
        try stream.submitAndWait()
        XCTAssertEqual(try buffer.floats(x.count), [0, 0, 0, 0.5, 3, 6])
    }

    func testBinaryOperationsBroadcastLikeNumPy() throws {
        let shapes: [([Int], [Int])] = [
            ([5], [5]), ([2, 3, 5, 7], [7]), ([2, 3, 5, 7], [2, 1, 1, 7]), ([1, 9, 1], [4, 1, 3]),
            ([3, 1], [1, 1]), ([1, 17, 13, 33], [1, 1, 1, 33]), ([300, 301], [300, 1]),
            ([16, 12], [12]), ([8, 6], [8, 6]), ([4, 3], [3]), ([2, 64, 8], [1, 64, 8]),
        ]
        let cases = Binary.Operation.allCases.flatMap { operation in
            shapes.map { (operation: operation, a: $0, b: $1, activation: Activation.relu) }
        }
        checkKernel("Binary", cases, seed: 2) { binary, random in
            // Keep divisors away from zero so the comparison measures the kernel, not 1/0.
            (a: random.floats(binary.a.reduce(1, *), in: -4...4), b: random.floats(binary.b.reduce(1, *), in: 0.5...2))
        } reference: { binary, x in
            Binary.reference(
                binary.operation, activation: binary.activation, a: x.a, aShape: binary.a, b: x.b,
                bShape: binary.b)
        } gpu: { binary, x, run in
            try Binary(binary.operation, activation: binary.activation, dataType: run.dataType).encode(
                on: run.stream, a: run.tensor(x.a), aShape: binary.a, b: run.tensor(x.b), bShape: binary.b,
                output: run.output)
        }
    }

    func testBinaryRejectsShapesThatDoNotBroadcast() throws {
        let a = try device.tensor([Float](repeating: 1, count: 6))
        let stream = try device.makeStream()
        assertInvalidArgument(
            try Binary(.add).encode(
                on: stream, a: a, aShape: [2, 3], b: a, bShape: [2],
                output: try device.tensor(count: 6)))
    }
}
