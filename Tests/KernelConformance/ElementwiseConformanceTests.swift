import GPU
import Kernels
import TestSupport
import XCTest

final class ElementwiseConformanceTests: GPUTestCase {
    func testEveryActivationMatchesReferenceAtOddSizes() throws {
        var random = SeededRandom(seed: 1)
        for dataType in testedDataTypes(device) {
            for activation in Activation.allCases {
                for count in [1, 7, 1023, 4099] {
                    let x = random.floats(count, in: -8...8).roundedToHalf
                    let input = try device.tensor(x, as: dataType)
                    let output = try device.tensor(count: count, as: dataType)
                    let stream = try device.makeStream()
                    try Unary(activation, dataType: dataType).encode(on: stream, input: input, output: output, count: count)
                    try stream.submitAndWait()
                    assertConforms(try output.floats(count, as: dataType), Unary.reference(activation, x),
                                   dataType == .float32 ? .fp32 : .fp16, "\(activation) \(dataType) n=\(count)")
                }
            }
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
        var random = SeededRandom(seed: 2)
        let shapes: [([Int], [Int])] = [
            ([5], [5]), ([2, 3, 5, 7], [7]), ([2, 3, 5, 7], [2, 1, 1, 7]), ([1, 9, 1], [4, 1, 3]),
            ([3, 1], [1, 1]), ([1, 17, 13, 33], [1, 1, 1, 33]), ([300, 301], [300, 1]),
            ([16, 12], [12]), ([8, 6], [8, 6]), ([4, 3], [3]), ([2, 64, 8], [1, 64, 8]),
        ]
        for dataType in testedDataTypes(device) {
            for operation in Binary.Operation.allCases {
                for (aShape, bShape) in shapes {
                    let a = random.floats(aShape.reduce(1, *), in: -4...4).roundedToHalf
                    // Keep divisors away from zero so the comparison measures the kernel, not 1/0.
                    let b = random.floats(bShape.reduce(1, *), in: 0.5...2).roundedToHalf
                    let outputCount = Binary.broadcastShape(aShape, bShape)!.reduce(1, *)
                    let output = try device.tensor(count: outputCount, as: dataType)
                    let stream = try device.makeStream()
                    try Binary(operation, activation: .relu, dataType: dataType).encode(
                        on: stream, a: try device.tensor(a, as: dataType), aShape: aShape,
                        b: try device.tensor(b, as: dataType), bShape: bShape, output: output)
                    try stream.submitAndWait()
                    let expected = Binary.reference(operation, activation: .relu, a: a, aShape: aShape, b: b, bShape: bShape)
                    assertConforms(try output.floats(outputCount, as: dataType), expected,
                                   dataType == .float32 ? .fp32 : .fp16, "\(operation) \(aShape)x\(bShape) \(dataType)")
                }
            }
        }
    }

    func testBinaryRejectsShapesThatDoNotBroadcast() throws {
        let a = try device.tensor([Float](repeating: 1, count: 6))
        let stream = try device.makeStream()
        assertInvalidArgument(try Binary(.add).encode(on: stream, a: a, aShape: [2, 3], b: a, bShape: [2],
                                                     output: try device.tensor(count: 6)))
    }
}
