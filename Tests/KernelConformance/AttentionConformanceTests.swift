import GPU
import Kernels
import TestSupport
import XCTest

final class AttentionConformanceTests: GPUTestCase {
    /// Runs `attention` on the GPU over Q, K, V (already representable in `attention.dataType`).
    private func run(
        _ attention: Attention, query: [Float], key: [Float], value: [Float],
        shape: Attention.Shape
    ) throws -> [Float] {
        let dataType = attention.dataType
        let output = try device.tensor(count: shape.queryCount, as: dataType)
        let stream = try device.makeStream()
        try attention.encode(
            on: stream, query: try device.tensor(query, as: dataType),
            key: try device.tensor(key, as: dataType), value: try device.tensor(value, as: dataType),
            output: output, shape: shape)
        try stream.submitAndWait()
        return try output.floats(shape.queryCount, as: dataType)
    }

    /// Random Q, K, V for `shape`, rounded through fp16 so both data types see the same inputs.
    private func inputs(
        _ shape: Attention.Shape, _ random: inout SeededRandom,
        in range: ClosedRange<Float> = -1...1
    ) -> (query: [Float], key: [Float], value: [Float]) {
        (
            random.floats(shape.queryCount, in: range).roundedToHalf,
            random.floats(shape.keyCount, in: range).roundedToHalf,
            random.floats(shape.keyCount, in: range).roundedToHalf
        )
    }

    /// One attention call: nil scale and rows per invocation leave the kernel's defaults.
    private struct Case {
        var shape: Attention.Shape
        var causal = false
        var scale: Float? = nil
        var rowsPerInvocation: Int? = nil
    }

    /// Checks every case on Q, K and V drawn from `range`.
    private func check(
        _ cases: [Case], in range: ClosedRange<Float> = -1...1, seed: UInt64,
        dataTypes: [DataType]? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        checkKernel("Attention", cases, seed: seed, dataTypes: dataTypes, file: file, line: line) { attention, random in
            (
                query: random.floats(attention.shape.queryCount, in: range),
                key: random.floats(attention.shape.keyCount, in: range),
                value: random.floats(attention.shape.keyCount, in: range)
            )
        } reference: { attention, x in
            Attention.reference(
                query: x.query, key: x.key, value: x.value, shape: attention.shape,
                causal: attention.causal, scale: attention.scale)
        } gpu: { attention, x, run in
            try Attention(
                causal: attention.causal, scale: attention.scale, dataType: run.dataType,
                rowsPerInvocation: attention.rowsPerInvocation
            )
            .encode(
                on: run.stream, query: run.tensor(x.query), key: run.tensor(x.key), value: run.tensor(x.value),
                output: run.output, shape: attention.shape)
        }
    }

    /// Each shape without and with the causal mask.
    private func unmaskedAndCausal(_ shapes: [Attention.Shape]) -> [Case] {
        shapes.flatMap { [Case(shape: $0), Case(shape: $0, causal: true)] }
    }

    func testSelfAttentionMatchesReference() throws {
        check(
            unmaskedAndCausal([
                .init(heads: 1, queryLength: 1, keyLength: 1, headDimension: 16), // a single key
                // B = 2, H = 3, a partial block
                .init(batch: 2, heads: 3, queryLength: 37, keyLength: 37, headDimension: 64),
                .init(heads: 1, queryLength: 600, keyLength: 600, headDimension: 4), // several blocks and tiles
            ]), seed: 21, dataTypes: [.float32])
    }

    func testCrossAttentionMatchesReference() throws {
        check(
            unmaskedAndCausal([
                .init(heads: 2, queryLength: 70, keyLength: 45, headDimension: 80), // Sq > Sk
                .init(heads: 1, queryLength: 5, keyLength: 131, headDimension: 128), // Sk not a tile multiple
                .init(batch: 2, heads: 1, queryLength: 129, keyLength: 200, headDimension: 32),
                .init(heads: 2, queryLength: 64, keyLength: 1, headDimension: 16), // Sk = 1 under many rows
            ]), seed: 22, dataTypes: [.float32])
    }

    func testHalfStorageMatchesReferenceWithinHalfTolerance() throws {
        try XCTSkipUnless(device.features.storage16Bit, "\(device.info.name) has no 16-bit storage")
        check(
            unmaskedAndCausal([
                .init(batch: 2, heads: 3, queryLength: 37, keyLength: 37, headDimension: 64),
                .init(heads: 2, queryLength: 70, keyLength: 45, headDimension: 80),
            ]), seed: 23, dataTypes: [.float16])
        check(
            [
                Case(shape: .init(heads: 1, queryLength: 5, keyLength: 131, headDimension: 128)),
                Case(shape: .init(heads: 2, queryLength: 64, keyLength: 1, headDimension: 16)),
            ], seed: 24, dataTypes: [.float16])
    }

    func testEveryRowsPerInvocationMatchesReference() throws {
        // The default depends on the device (many rows on CPUs, few on GPUs): check each choice,
        // with Sq not a multiple of the rows and the masked diagonal inside one invocation.
        let shape = Attention.Shape(batch: 1, heads: 2, queryLength: 83, keyLength: 90, headDimension: 24)
        check(
            (1...Attention.maxRowsPerInvocation).flatMap { rows in
                (rows == 1 ? [false, true] : [true]).map { Case(shape: shape, causal: $0, rowsPerInvocation: rows) }
            }, in: -2...2, seed: 17, dataTypes: [.float32])
    }

    func testCustomScaleKeepsPeakedSoftmaxStable() throws {
        // Scores reach several hundred: exp without subtracting the running max would overflow.
        let shape = Attention.Shape(batch: 1, heads: 2, queryLength: 50, keyLength: 77, headDimension: 64)
        check(
            [Float(2), 0.05, 0].flatMap { scale in
                [false, true].map { Case(shape: shape, causal: $0, scale: scale) }
            }, in: -3...3, seed: 12)
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
            let gpu = try run(
                Attention(causal: true, dataType: dataType), query: query, key: key, value: value,
                shape: shape)
            let sampled = rows.flatMap { gpu[($0 * 64)..<($0 * 64 + 64)] }
            let cpu = Attention.reference(
                query: query, key: key, value: value, shape: shape, causal: true,
                queryRows: rows)
            assertConforms(sampled, cpu, Tolerance(dataType), "causal Sq = Sk = \(length) \(dataType)")
        }
    }

    func testRejectsBadShapesAndBuffers() throws {
        let input = try device.tensor(count: 4096)
        let output = try device.tensor(count: 4096)
        let small = Attention.Shape(heads: 1, queryLength: 4, keyLength: 4, headDimension: 8)
        func encode(_ shape: Attention.Shape, _ attention: Attention = Attention(), output: GPUBuffer) throws {
            try attention.encode(
                on: try device.makeStream(), query: input, key: input, value: input, output: output,
                shape: shape)
        }
        XCTAssertNoThrow(try encode(small, output: output))
        assertInvalidArgument(
            try encode(.init(heads: 1, queryLength: 4, keyLength: 4, headDimension: 6), output: output))
        assertInvalidArgument(
            try encode(.init(heads: 1, queryLength: 4, keyLength: 4, headDimension: 132), output: output))
        assertInvalidArgument(
            try encode(.init(heads: 1, queryLength: 0, keyLength: 4, headDimension: 8), output: output))
        assertInvalidArgument(
            try encode(.init(heads: 1, queryLength: 4, keyLength: 0, headDimension: 8), output: output))
        assertInvalidArgument(
            try encode(.init(heads: 2, queryLength: 64, keyLength: 64, headDimension: 64), output: output),
            "buffers smaller than the shape")
        assertInvalidArgument(try encode(small, output: input), "output aliasing the inputs")
        assertInvalidArgument(try encode(small, Attention(rowsPerInvocation: 0), output: output))
        assertInvalidArgument(try encode(small, Attention(rowsPerInvocation: 9), output: output))
        assertInvalidArgument(try encode(small, Attention(scale: .infinity), output: output))
    }
}
