import GPU
import Kernels
import TestSupport
import XCTest

final class GEMMConformanceTests: GPUTestCase {
    private func check(_ shape: GEMM.Shape, transposeA: Bool = false, transposeB: Bool = false, bias: Bool = false,
                       shareB: Bool = false, activation: Activation = .none, dataType: DataType,
                       random: inout SeededRandom) throws {
        let a = random.floats(shape.batch * shape.m * shape.k).roundedToHalf
        let b = random.floats((shareB ? 1 : shape.batch) * shape.k * shape.n).roundedToHalf
        let biasValues = bias ? random.floats(shape.n).roundedToHalf : nil
        let c = try device.tensor(count: shape.batch * shape.m * shape.n, as: dataType)
        let stream = try device.makeStream()
        try GEMM(transposeA: transposeA, transposeB: transposeB, activation: activation, dataType: dataType)
            .encode(on: stream, a: device.tensor(a, as: dataType), b: device.tensor(b, as: dataType),
                    bias: try biasValues.map { try device.tensor($0, as: dataType) }, c: c, shape: shape, shareB: shareB)
        try stream.submitAndWait()
        let expected = GEMM.reference(a: a, b: b, bias: biasValues, shape: shape, transposeA: transposeA,
                                      transposeB: transposeB, shareB: shareB, activation: activation)
        assertConforms(try c.floats(expected.count, as: dataType), expected, dataType == .float32 ? .fp32 : .fp16,
                       "GEMM \(shape) tA=\(transposeA) tB=\(transposeB) bias=\(bias) \(dataType)")
    }

    func testEveryTransposeCombinationAtShapesThatDoNotFillATile() throws {
        var random = SeededRandom(seed: 10)
        let shapes = [GEMM.Shape(m: 1, n: 1, k: 1), GEMM.Shape(m: 7, n: 5, k: 3), GEMM.Shape(m: 65, n: 67, k: 33),
                      GEMM.Shape(m: 128, n: 64, k: 17), GEMM.Shape(m: 3, n: 130, k: 200),
                      GEMM.Shape(m: 68, n: 36, k: 20), GEMM.Shape(m: 260, n: 12, k: 8)]
        for dataType in testedDataTypes(device) {
            for shape in shapes {
                for transposeA in [false, true] {
                    for transposeB in [false, true] {
                        try check(shape, transposeA: transposeA, transposeB: transposeB, dataType: dataType, random: &random)
                    }
                }
            }
        }
    }

    func testBiasAndFusedActivation() throws {
        var random = SeededRandom(seed: 11)
        for dataType in testedDataTypes(device) {
            for activation in [Activation.relu, .gelu, .silu] {
                try check(GEMM.Shape(m: 33, n: 70, k: 45), bias: true, activation: activation, dataType: dataType,
                          random: &random)
            }
        }
    }

    func testBatchedWithPerBatchAndSharedB() throws {
        var random = SeededRandom(seed: 12)
        for dataType in testedDataTypes(device) {
            try check(GEMM.Shape(batch: 3, m: 20, n: 31, k: 40), transposeB: true, dataType: dataType, random: &random)
            try check(GEMM.Shape(batch: 4, m: 9, n: 66, k: 12), bias: true, shareB: true, dataType: dataType, random: &random)
        }
    }

    func testLargeSquareProduct() throws {
        var random = SeededRandom(seed: 13)
        try check(GEMM.Shape(m: 256, n: 256, k: 512), dataType: .float32, random: &random)
    }

    func testUndersizedBufferIsRejected() throws {
        let small = try device.tensor(count: 10)
        let stream = try device.makeStream()
        assertInvalidArgument(try GEMM().encode(on: stream, a: small, b: small, c: try device.tensor(count: 100),
                                               shape: GEMM.Shape(m: 10, n: 10, k: 10)))
    }
}
