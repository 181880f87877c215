import GPU
import Kernels
import TestSupport
import XCTest

final class LayerNormConformanceTests: GPUTestCase {
    private func run(_ x: [Float], rows: Int, length: Int, epsilon: Float = 1e-5, gamma: [Float]?, beta: [Float]?,
                     as dataType: DataType, inPlace: Bool = false) throws -> [Float] {
        let input = try device.tensor(x, as: dataType)
        let output = inPlace ? input : try device.tensor(count: x.count, as: dataType)
        let stream = try device.makeStream()
        try LayerNorm(epsilon: epsilon, dataType: dataType).encode(
            on: stream, input: input, output: output, rows: rows, length: length,
            gamma: try gamma.map { try device.tensor($0, as: dataType) },
            beta: try beta.map { try device.tensor($0, as: dataType) })
        try stream.submitAndWait()
        return try output.floats(x.count, as: dataType)
    }

    func testEveryShapeAndAffineOptionMatchesReference() throws {
        var random = SeededRandom(seed: 20)
        let shapes = [(1, 1), (3, 7), (2, 4), (5, 33), (4, 36), (2, 1000), (3, 4099), (1, 20_000)]
        for dataType in testedDataTypes(device) {
            for (rows, length) in shapes {
                let x = random.floats(rows * length, in: -3...5).roundedToHalf
                let gamma = random.floats(length, in: 0.5...2).roundedToHalf
                let beta = random.floats(length, in: -1...1).roundedToHalf
                for (useGamma, useBeta) in [(true, true), (true, false), (false, true), (false, false)] {
                    let epsilon: Float = useGamma ? 1e-5 : 1e-3
                    let g = useGamma ? gamma : nil, b = useBeta ? beta : nil
                    assertConforms(
                        try run(x, rows: rows, length: length, epsilon: epsilon, gamma: g, beta: b, as: dataType),
                        LayerNorm.reference(x, rows: rows, length: length, epsilon: epsilon, gamma: g, beta: b),
                        dataType == .float32 ? .fp32 : .fp16,
                        "layer norm [\(rows), \(length)] gamma \(useGamma) beta \(useBeta) \(dataType)")
                }
            }
        }
    }

    func testRowsWithLargeMeanAndSmallSpreadKeepPrecision() throws {
        var random = SeededRandom(seed: 21)
        for length in [777, 1024] {
            let x = random.floats(4 * length, in: -0.01...0.01).map { 1000 + $0 }
            assertConforms(try run(x, rows: 4, length: length, gamma: nil, beta: nil, as: .float32),
                           LayerNorm.reference(x, rows: 4, length: length), .fp32, "layer norm of 1000 + noise, n=\(length)")
        }
    }

    func testConstantRowsNormalizeToBeta() throws {
        let x = [Float](repeating: 3.25, count: 2 * 12)
        let beta = (0..<12).map { Float($0) }
        let gpu = try run(x, rows: 2, length: 12, gamma: nil, beta: beta, as: .float32)
        XCTAssertEqual(gpu, beta + beta)
    }

    func testRunsInPlace() throws {
        var random = SeededRandom(seed: 22)
        let x = random.floats(5 * 67, in: -2...2)
        let gamma = random.floats(67, in: 0.5...1.5)
        assertConforms(try run(x, rows: 5, length: 67, gamma: gamma, beta: nil, as: .float32, inPlace: true),
                       LayerNorm.reference(x, rows: 5, length: 67, gamma: gamma), .fp32, "layer norm in place")
    }

    func testRejectsEmptyRowsAndShortGamma() throws {
        let buffer = try device.tensor([Float](repeating: 1, count: 16))
        let stream = try device.makeStream()
        assertInvalidArgument(try LayerNorm().encode(on: stream, input: buffer, output: buffer, rows: 0, length: 4))
        assertInvalidArgument(try LayerNorm().encode(on: stream, input: buffer, output: buffer, rows: 1, length: 16,
                                                    gamma: try device.tensor([Float](repeating: 1, count: 8))))
    }
}
