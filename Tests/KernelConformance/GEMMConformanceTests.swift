import GPU
import Kernels
import TestSupport
import XCTest

final class GEMMConformanceTests: GPUTestCase {
    private struct Case {
        var shape: GEMM.Shape
        var transposeA = false, transposeB = false, bias = false, shareB = false
        var activation = Activation.none
    }

    private func check(
        _ cases: [Case], seed: UInt64, dataTypes: [DataType]? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        checkKernel("GEMM", cases, seed: seed, dataTypes: dataTypes, file: file, line: line) { gemm, random in
            let shape = gemm.shape
            return (
                a: random.floats(shape.batch * shape.m * shape.k),
                b: random.floats((gemm.shareB ? 1 : shape.batch) * shape.k * shape.n),
                bias: gemm.bias ? random.floats(shape.n) : nil
            )
        } reference: { gemm, x in
            GEMM.reference(
                a: x.a, b: x.b, bias: x.bias, shape: gemm.shape, transposeA: gemm.transposeA,
                transposeB: gemm.transposeB, shareB: gemm.shareB, activation: gemm.activation)
        } gpu: { gemm, x, run in
            try GEMM(
                transposeA: gemm.transposeA, transposeB: gemm.transposeB, activation: gemm.activation,
                dataType: run.dataType
            )
            .encode(
                on: run.stream, a: run.tensor(x.a), b: run.tensor(x.b), bias: run.tensor(x.bias), c: run.output,
                shape: gemm.shape, shareB: gemm.shareB)
        }
    }

    func testEveryTransposeCombinationAtShapesThatDoNotFillATile() throws {
        let shapes = [
            GEMM.Shape(m: 1, n: 1, k: 1), GEMM.Shape(m: 7, n: 5, k: 3), GEMM.Shape(m: 65, n: 67, k: 33),
            GEMM.Shape(m: 128, n: 64, k: 17), GEMM.Shape(m: 3, n: 130, k: 200),
            GEMM.Shape(m: 68, n: 36, k: 20), GEMM.Shape(m: 260, n: 12, k: 8),
        ]
        check(
            shapes.flatMap { shape in
                [(false, false), (false, true), (true, false), (true, true)].map {
                    Case(shape: shape, transposeA: $0, transposeB: $1)
                }
            }, seed: 10)
    }

    func testBiasAndFusedActivation() throws {
        let shape = GEMM.Shape(m: 33, n: 70, k: 45)
        check([Activation.relu, .gelu, .silu].map { Case(shape: shape, bias: true, activation: $0) }, seed: 11)
    }

    func testBatchedWithPerBatchAndSharedB() throws {
        check(
            [
                Case(shape: GEMM.Shape(batch: 3, m: 20, n: 31, k: 40), transposeB: true),
                Case(shape: GEMM.Shape(batch: 4, m: 9, n: 66, k: 12), bias: true, shareB: true),
            ], seed: 12)
    }

    func testLargeSquareProduct() throws {
        check([Case(shape: GEMM.Shape(m: 256, n: 256, k: 512))], seed: 13, dataTypes: [.float32])
    }

    func testUndersizedBufferIsRejected() throws {
        let small = try device.tensor(count: 10)
        let stream = try device.makeStream()
        assertInvalidArgument(
            try GEMM().encode(
                on: stream, a: small, b: small, c: try device.tensor(count: 100),
                shape: GEMM.Shape(m: 10, n: 10, k: 10)))
    }
}
