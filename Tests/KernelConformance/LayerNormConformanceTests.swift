import GPU
import Kernels
import TestSupport
import XCTest

final class LayerNormConformanceTests: GPUTestCase {
    /// Runs fp32 layer norm over `x`, into a new output or, `inPlace`, over its input.
    private func run(
        _ x: [Float], rows: Int, length: Int, gamma: [Float]?, beta: [Float]?,
        inPlace: Bool = false
    ) throws -> [Float] {
        let input = try device.tensor(x)
        let output = inPlace ? input : try device.tensor(count: x.count)
        let stream = try device.makeStream()
        try LayerNorm().encode(
            on: stream, input: input, output: output, rows: rows, length: length,
            gamma: try gamma.map { try device.tensor($0) },
            beta: try beta.map { try device.tensor($0) })
        try stream.submitAndWait()
        return try output.floats(x.count)
    }

    /// One normalization of [rows, length]: which of gamma and beta it applies, and its epsilon.
    private struct Case {
        var rows: Int, length: Int
        var gamma = false, beta = false
        var epsilon: Float = 1e-5
    }

    /// Checks every case on values in `range` with gammas in 0.5...2 and betas in -1...1.
    private func check(
        _ cases: [Case], in range: ClosedRange<Float>, seed: UInt64, dataTypes: [DataType]? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        checkKernel("LayerNorm", cases, seed: seed, dataTypes: dataTypes, file: file, line: line) { norm, random in
            let (x, gamma, beta) = (
                random.floats(norm.rows * norm.length, in: range),
                random.floats(norm.length, in: 0.5...2), random.floats(norm.length, in: -1...1)
            )
            return (x: x, gamma: norm.gamma ? gamma : nil, beta: norm.beta ? beta : nil)
        } reference: { norm, x in
            LayerNorm.reference(
                x.x, rows: norm.rows, length: norm.length, epsilon: norm.epsilon, gamma: x.gamma,
                beta: x.beta)
        } gpu: { norm, x, run in
            try LayerNorm(epsilon: norm.epsilon, dataType: run.dataType).encode(
                on: run.stream, input: run.tensor(x.x), output: run.output, rows: norm.rows, length: norm.length,
                gamma: run.tensor(x.gamma), beta: run.tensor(x.beta))
        }
    }

    func testEveryShapeAndAffineOptionMatchesReference() throws {
        let shapes = [(1, 1), (3, 7), (2, 4), (5, 33), (4, 36), (2, 1000), (3, 4099), (1, 20_000)]
        check(
            shapes.flatMap { rows, length in
                [(true, true), (true, false), (false, true), (false, false)].map { gamma, beta in
                    Case(rows: rows, length: length, gamma: gamma, beta: beta, epsilon: gamma ? 1e-5 : 1e-3)
                }
            }, in: -3...5, seed: 20)
    }

    func testRowsWithLargeMeanAndSmallSpreadKeepPrecision() throws {
        // 1000 + noise in -0.01...0.01, fp32 only: fp16 could not hold the noise.
        check(
            [Case(rows: 4, length: 777), Case(rows: 4, length: 1024)], in: 999.99...1000.01, seed: 21,
            dataTypes: [.float32])
    }

    func testConstantRowsNormalizeToBeta() throws {
        let x = [Float](repeating: 3.25, count: 2 * 12)
        let beta = (0..<12).map { Float($0) }
        let gpu = try run(x, rows: 2, length: 12, gamma: nil, beta: beta)
        XCTAssertEqual(gpu, beta + beta)
    }

    func testRunsInPlace() throws {
        var random = SeededRandom(seed: 22)
        let x = random.floats(5 * 67, in: -2...2)
        let gamma = random.floats(67, in: 0.5...1.5)
        assertConforms(
            try run(x, rows: 5, length: 67, gamma: gamma, beta: nil, inPlace: true),
            LayerNorm.reference(x, rows: 5, length: 67, gamma: gamma), .fp32, "layer norm in place")
    }

    func testRejectsEmptyRowsAndShortGamma() throws {
        let buffer = try device.tensor([Float](repeating: 1, count: 16))
        let stream = try device.makeStream()
        assertInvalidArgument(try LayerNorm().encode(on: stream, input: buffer, output: buffer, rows: 0, length: 4))
        assertInvalidArgument(
            try LayerNorm().encode(
                on: stream, input: buffer, output: buffer, rows: 1, length: 16,
                gamma: try device.tensor([Float](repeating: 1, count: 8))))
    }
}
