import GPU
import Kernels
import TestSupport
import XCTest

final class AttentionConformanceTests: GPUTestCase {
    /// Runs `attention` on the GPU over Q, K, V (already representable in `attention.dataType`).
    private func run(_ attention: Attention, query: [Float], key: [Float], value: [Float],
                     shape: Attention.Shape) throws -> [Float] {
        let dataType = attention.dataType
        let output = try device.tensor(count: shape.queryCount, as: dataType)
        let stream = try device.makeStream()
        try attention.encode(on: stream, query: try device.tensor(query, as: dataType),
                             key: try device.tensor(key, as: dataType), value: try device.tensor(value, as: dataType),
                             output: output, shape: shape)
        try stream.submitAndWait()
        return try output.floats(shape.queryCount, as: dataType)
    }

    /// Random Q, K, V for `shape`, rounded through fp16 so both data types see the same inputs.
    private func inputs(_ shape: Attention.Shape, _ random: inout SeededRandom,
                        in range: ClosedRange<Float> = -1...1) -> (query: [Float], key: [Float], value: [Float]) {
        (random.floats(shape.queryCount, in: range).roundedToHalf,
         random.floats(shape.keyCount, in: range).roundedToHalf,
         random.floats(shape.keyCount, in: range).roundedToHalf)
    }

    private func tolerance(_ dataType: DataType) -> Tolerance { dataType == .float32 ? .fp32 : .fp16 }

    /// Runs every shape with and without the causal mask in each data type and compares with the reference.
    private func assertMatchesReference(_ shapes: [Attention.Shape], dataTypes: [DataType], seed: UInt64,
                                        causalModes: [Bool] = [false, true]) throws {
        var random = SeededRandom(seed: seed)
        for shape in shapes {
            let (query, key, value) = inputs(shape, &random)
            for dataType in dataTypes {
                for causal in causalModes {
                    let attention = Attention(causal: causal, dataType: dataType)
                    let gpu = try run(attention, query: query, key: key, value: value, shape: shape)
                    let cpu = Attention.reference(query: query, key: key, value: value, shape: shape, causal: causal)
                    assertConforms(gpu, cpu, tolerance(dataType), "\(shape) causal=\(causal) \(dataType)")
                }
            }
        }
    }

    func testSelfAttentionMatchesReference() throws {
        try assertMatchesReference([
            .init(heads: 1, queryLength: 1, keyLength: 1, headDimension: 16),             // a single key
            .init(batch: 2, heads: 3, queryLength: 37, keyLength: 37, headDimension: 64),  // B = 2, H = 3, partial block
            .init(heads: 1, queryLength: 600, keyLength: 600, headDimension: 4),           // several blocks and tiles
        ], dataTypes: [.float32], seed: 21)
    }

    func testCrossAttentionMatchesReference() throws {
        try assertMatchesReference([
            .init(heads: 2, queryLength: 70, keyLength: 45, headDimension: 80),           // Sq > Sk
            .init(heads: 1, queryLength: 5, keyLength: 131, headDimension: 128),          // Sk not a tile multiple
            .init(batch: 2, heads: 1, queryLength: 129, keyLength: 200, headDimension: 32),
            .init(heads: 2, queryLength: 64, keyLength: 1, headDimension: 16),            // Sk = 1 under many rows
        ], dataTypes: [.float32], seed: 22)
    }

    func testHalfStorageMatchesReferenceWithinHalfTolerance() throws {
        try XCTSkipUnless(device.features.storage16Bit, "\(device.info.name) has no 16-bit storage")
        try assertMatchesReference([
            .init(batch: 2, heads: 3, queryLength: 37, keyLength: 37, headDimension: 64),
            .init(heads: 2, queryLength: 70, keyLength: 45, headDimension: 80),
        ], dataTypes: [.float16], seed: 23)
        try assertMatchesReference([
            .init(heads: 1, queryLength: 5, keyLength: 131, headDimension: 128),
            .init(heads: 2, queryLength: 64, keyLength: 1, headDimension: 16),
        ], dataTypes: [.float16], seed: 24, causalModes: [false])
    }

    func testEveryRowsPerInvocationMatchesReference() throws {
        // The default depends on the device (many rows on CPUs, few on GPUs): check each choice,
        // with Sq not a multiple of the rows and the masked diagonal inside one invocation.
        var random = SeededRandom(seed: 17)
        let shape = Attention.Shape(batch: 1, heads: 2, queryLength: 83, keyLength: 90, headDimension: 24)
        let (query, key, value) = inputs(shape, &random, in: -2...2)
        for rows in 1...Attention.maxRowsPerInvocation {
            for causal in rows == 1 ? [false, true] : [true] {
                let attention = Attention(causal: causal, rowsPerInvocation: rows)
                let gpu = try run(attention, query: query, key: key, value: value, shape: shape)
                let cpu = Attention.reference(query: query, key: key, value: value, shape: shape, causal: causal)
                assertConforms(gpu, cpu, .fp32, "rows per invocation \(rows) causal=\(causal)")
            }
        }
    }

    func testCustomScaleKeepsPeakedSoftmaxStable() throws {
        // Scores reach several hundred: exp without subtracting the running max would overflow.
        var random = SeededRandom(seed: 12)
        let shape = Attention.Shape(batch: 1, heads: 2, queryLength: 50, keyLength: 77, headDimension: 64)
        let (query, key, value) = inputs(shape, &random, in: -3...3)
        for dataType in testedDataTypes(device) {
            for scale: Float in [2, 0.05, 0] {
                for causal in [false, true] {
                    let attention = Attention(causal: causal, scale: scale, dataType: dataType)
                    let gpu = try run(attention, query: query, key: key, value: value, shape: shape)
                    let cpu = Attention.reference(query: query, key: key, value: value, shape: shape,
                                                  causal: causal, scale: scale)
                    assertConforms(gpu, cpu, tolerance(dataType), "scale=\(scale) causal=\(causal) \(dataType)")
                }
            }
        }
    }

    func testDefaultScaleIsInverseSquareRootOfHeadDimension() throws {
        var random = SeededRandom(seed: 13)
        let shape = Attention.Shape(heads: 1, queryLength: 9, keyLength: 21, headDimension: 16)
        let (query, key, value) = inputs(shape, &random, in: -2...2)
        let gpu = try run(Attention(), query: query, key: key, value: value, shape: shape)
        let cpu = Attention.reference(query: query, key: key, value: value, shape: shape, scale: 0.25)
        assertConforms(gpu, cpu, .fp32, "default scale")
        XCTAssertEqual(Attention().effectiveScale(headDimension: 64), 0.125)
    }

    func testCausalMaskIsAlignedToTheLastKey() throws {
        // Sq == Sk: row 0 sees key 0 only, so it is exactly V[0]. Sq == 1: the single row sees every
        // key, so causal equals unmasked.
        var random = SeededRandom(seed: 14)
        let square = Attention.Shape(heads: 1, queryLength: 40, keyLength: 40, headDimension: 8)
        let (query, key, value) = inputs(square, &random)
        let output = try run(Attention(causal: true), query: query, key: key, value: value, shape: square)
        XCTAssertEqual(Array(output[0..<8]), Array(value[0..<8]))

        let single = Attention.Shape(heads: 1, queryLength: 1, keyLength: 40, headDimension: 8)
        let lastQuery = Array(query[(39 * 8)...])
        let causal = try run(Attention(causal: true), query: lastQuery, key: key, value: value, shape: single)
        let unmasked = try run(Attention(), query: lastQuery, key: key, value: value, shape: single)
        assertConforms(causal, unmasked, .fp32, "causal Sq = 1 sees every key")
        // ... and it is the last row of the square causal run.
        assertConforms(causal, Array(output[(39 * 8)...]), .fp32, "end-aligned mask")
    }

    func testCausalRowsThatSeeNoKeyAreZero() throws {
        // Sq = 10, Sk = 4: rows 0...5 see no key (i + Sk - Sq < 0), row 6 sees key 0.
        var random = SeededRandom(seed: 15)
        let shape = Attention.Shape(heads: 1, queryLength: 10, keyLength: 4, headDimension: 12)
        let (query, key, value) = inputs(shape, &random)
        let output = try run(Attention(causal: true), query: query, key: key, value: value, shape: shape)
        XCTAssertEqual(Array(output[0..<(6 * 12)]), [Float](repeating: 0, count: 6 * 12))
        XCTAssertEqual(Array(output[(6 * 12)..<(7 * 12)]), Array(value[0..<12]))
    }

    func testLongCausalSequenceMatchesReferenceOnSampledRows() throws {
        // Sq = Sk = 8192 on one head: the GPU computes every row; the reference checks 48 rows
        // spread over the range, including the first and the last.
        var random = SeededRandom(seed: 16)
        let length = 8192
        let shape = Attention.Shape(heads: 1, queryLength: length, keyLength: length, headDimension: 64)
        let (query, key, value) = inputs(shape, &random, in: -2...2)
        var rows = (0..<46).map { 1 + $0 * (length - 2) / 45 } + [0, length - 1]
        rows.sort()
        for dataType in testedDataTypes(device) {
            let gpu = try run(Attention(causal: true, dataType: dataType), query: query, key: key, value: value,
                              shape: shape)
            let sampled = rows.flatMap { gpu[($0 * 64)..<($0 * 64 + 64)] }
            let cpu = Attention.reference(query: query, key: key, value: value, shape: shape, causal: true,
                                          queryRows: rows)
            assertConforms(sampled, cpu, tolerance(dataType), "causal Sq = Sk = \(length) \(dataType)")
        }
    }

    func testRejectsBadShapesAndBuffers() throws {
        let input = try device.tensor(count: 4096)
        let output = try device.tensor(count: 4096)
        let small = Attention.Shape(heads: 1, queryLength: 4, keyLength: 4, headDimension: 8)
        func encode(_ shape: Attention.Shape, _ attention: Attention = Attention(), output: GPUBuffer) throws {
            try attention.encode(on: try device.makeStream(), query: input, key: input, value: input, output: output,
                                 shape: shape)
        }
        XCTAssertNoThrow(try encode(small, output: output))
        assertInvalidArgument(try encode(.init(heads: 1, queryLength: 4, keyLength: 4, headDimension: 6), output: output))
        assertInvalidArgument(try encode(.init(heads: 1, queryLength: 4, keyLength: 4, headDimension: 132), output: output))
        assertInvalidArgument(try encode(.init(heads: 1, queryLength: 0, keyLength: 4, headDimension: 8), output: output))
        assertInvalidArgument(try encode(.init(heads: 1, queryLength: 4, keyLength: 0, headDimension: 8), output: output))
        assertInvalidArgument(try encode(.init(heads: 2, queryLength: 64, keyLength: 64, headDimension: 64), output: output),
                             "buffers smaller than the shape")
        assertInvalidArgument(try encode(small, output: input), "output aliasing the inputs")
        assertInvalidArgument(try encode(small, Attention(rowsPerInvocation: 0), output: output))
        assertInvalidArgument(try encode(small, Attention(rowsPerInvocation: 9), output: output))
        assertInvalidArgument(try encode(small, Attention(scale: .infinity), output: output))
    }
}
