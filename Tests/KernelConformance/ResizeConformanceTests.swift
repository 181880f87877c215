import GPU
import Kernels
import TestSupport
import XCTest

final class ResizeConformanceTests: GPUTestCase {
    private func run(_ resize: Resize, _ x: [Float], shape: [Int], to outputSize: (height: Int, width: Int)) throws
        -> [Float]
    {
        let count = shape[0] * outputSize.height * outputSize.width * shape[3]
        let output = try device.tensor(count: count, as: resize.dataType)
        let stream = try device.makeStream()
        try resize.encode(
            on: stream, input: try device.tensor(x, as: resize.dataType), shape: shape,
            output: output, outputSize: outputSize)
        try stream.submitAndWait()
        return try output.floats(count, as: resize.dataType)
    }

    /// One resize of an NHWC `shape` to `outputSize`.
    private struct Case {
        var mode: Resize.Mode
        var alignCorners = false, halfPixelCenters = false
        var shape: [Int]
        var outputSize: (height: Int, width: Int)

        func resize(_ dataType: DataType) -> Resize {
            Resize(mode, alignCorners: alignCorners, halfPixelCenters: halfPixelCenters, dataType: dataType)
        }
    }

    /// Checks every case on values in `range`.
    private func check(
        _ cases: [Case], in range: ClosedRange<Float>, seed: UInt64, dataTypes: [DataType]? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        checkKernel("Resize", cases, seed: seed, dataTypes: dataTypes, file: file, line: line) { resize, random in
            random.floats(resize.shape.reduce(1, *), in: range)
        } reference: { resize, x in
            Resize.reference(resize.resize(.float32), input: x, shape: resize.shape, outputSize: resize.outputSize)
        } gpu: { resize, x, run in
            try resize.resize(run.dataType).encode(
                on: run.stream, input: run.tensor(x), shape: resize.shape,
                output: run.output, outputSize: resize.outputSize)
        }
    }

    func testEveryModeAndFlagMatchesReferenceForUpAndDownSampling() throws {
        let sizes: [([Int], (height: Int, width: Int))] = [
            ([1, 4, 5, 3], (9, 11)), ([2, 9, 7, 8], (4, 3)), ([1, 5, 5, 4], (10, 10)), ([1, 7, 3, 5], (7, 3)),
            ([1, 1, 1, 4], (3, 2)), ([1, 3, 4, 6], (1, 1)), ([1, 16, 16, 68], (31, 33)), ([2, 6, 5, 260], (3, 9)),
            ([1, 12, 10, 1], (29, 7)),
        ]
        let flags: [(alignCorners: Bool, halfPixelCenters: Bool)] = [(false, false), (true, false), (false, true)]
        check(
            sizes.flatMap { shape, outputSize in
                Resize.Mode.allCases.flatMap { mode in
                    flags.map {
                        Case(
                            mode: mode, alignCorners: $0.alignCorners, halfPixelCenters: $0.halfPixelCenters,
                            shape: shape,
                            outputSize: outputSize)
                    }
                }
            }, in: -5...5, seed: 50)
    }

    func testOutputNeedingMoreThan65535WorkgroupsIsComplete() throws {
        check(
            Resize.Mode.allCases.map {
                Case(mode: $0, halfPixelCenters: true, shape: [1, 2, 3, 1], outputSize: (300, 1000))
            }, in: -1...1, seed: 51, dataTypes: [.float32])
    }

    func testKnownTFLiteValuesOnATwoByTwoImage() throws {
        let x: [Float] = [1, 2, 3, 4]
        let shape = [1, 2, 2, 1]
        // Rows of the first output row (or the whole 3x3 output with align_corners), worked by hand
        // from TFLite's formulas.
        let halfPixel = try run(Resize(.bilinear, halfPixelCenters: true), x, shape: shape, to: (4, 4))
        XCTAssertEqual(Array(halfPixel[0..<4]), [1, 1.25, 1.75, 2])
        XCTAssertEqual(Array(halfPixel[4..<8]), [1.5, 1.75, 2.25, 2.5])
        let plain = try run(Resize(.bilinear), x, shape: shape, to: (4, 4))
        XCTAssertEqual(Array(plain[0..<4]), [1, 1.5, 2, 2])
        XCTAssertEqual(Array(plain[12..<16]), [3, 3.5, 4, 4])
        XCTAssertEqual(
            try run(Resize(.bilinear, alignCorners: true), x, shape: shape, to: (3, 3)),
            [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4])
        XCTAssertEqual(try run(Resize(.nearest), x, shape: shape, to: (4, 4))[0..<4], [1, 1, 2, 2])
        XCTAssertEqual(
            try run(Resize(.nearest, alignCorners: true), x, shape: shape, to: (3, 3)),
            [1, 2, 2, 3, 4, 4, 3, 4, 4])
        XCTAssertEqual(
            try run(Resize(.nearest, halfPixelCenters: true), x, shape: shape, to: (3, 3)),
            [1, 2, 2, 3, 4, 4, 3, 4, 4])
    }

    func testRejectsBothFlagsAndWrongShapes() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 64))
        let output = try device.tensor(count: 64)
        let stream = try device.makeStream()
        assertInvalidArgument(
            try Resize(.bilinear, alignCorners: true, halfPixelCenters: true).encode(
                on: stream, input: buffer, shape: [1, 4, 4, 1], output: output, outputSize: (2, 2)))
        assertInvalidArgument(
            try Resize(.nearest).encode(
                on: stream, input: buffer, shape: [4, 4, 4], output: output, outputSize: (2, 2)))
        assertInvalidArgument(
            try Resize(.bilinear).encode(
                on: stream, input: buffer, shape: [1, 4, 4, 4], output: output, outputSize: (8, 8)))
    }
}
