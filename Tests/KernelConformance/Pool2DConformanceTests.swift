import GPU
import Kernels
import TestSupport
import XCTest

final class Pool2DConformanceTests: GPUTestCase {
    private struct Case {
        let shape: [Int]
        let kernel: (height: Int, width: Int)
        let stride: (height: Int, width: Int)
        let padding: (top: Int, left: Int)
        let outputSize: (height: Int, width: Int)

        /// TFLite SAME padding: output ceil(in / stride), padding split with the extra at the bottom/right.
        static func same(_ shape: [Int], kernel: (height: Int, width: Int), stride: (height: Int, width: Int)) -> Case {
            let outHeight = (shape[1] + stride.height - 1) / stride.height
            let outWidth = (shape[2] + stride.width - 1) / stride.width
            let padHeight = max((outHeight - 1) * stride.height + kernel.height - shape[1], 0)
            let padWidth = max((outWidth - 1) * stride.width + kernel.width - shape[2], 0)
            return Case(shape: shape, kernel: kernel, stride: stride, padding: (padHeight / 2, padWidth / 2),
                        outputSize: (outHeight, outWidth))
        }

        /// TFLite VALID padding: no padding, windows entirely inside the input.
        static func valid(_ shape: [Int], kernel: (height: Int, width: Int), stride: (height: Int, width: Int)) -> Case {
            Case(shape: shape, kernel: kernel, stride: stride, padding: (0, 0),
                 outputSize: ((shape[1] - kernel.height) / stride.height + 1, (shape[2] - kernel.width) / stride.width + 1))
        }
    }

    private func run(_ pool: Pool2D, _ x: [Float], _ testCase: Case) throws -> [Float] {
        let count = testCase.shape[0] * testCase.outputSize.height * testCase.outputSize.width * testCase.shape[3]
        let output = try device.tensor(count: count, as: pool.dataType)
        let stream = try device.makeStream()
        try pool.encode(on: stream, input: try device.tensor(x, as: pool.dataType), shape: testCase.shape,
                        output: output, outputSize: testCase.outputSize)
        try stream.submitAndWait()
        return try output.floats(count, as: pool.dataType)
    }

    func testMaxAndAverageMatchReferenceForSameAndValidWindows() throws {
        var random = SeededRandom(seed: 40)
        let cases: [Case] = [
            .same([1, 5, 5, 3], kernel: (3, 3), stride: (1, 1)),
            .valid([2, 7, 9, 8], kernel: (2, 2), stride: (2, 2)),
            .same([1, 9, 7, 8], kernel: (2, 2), stride: (2, 2)),
            .same([1, 9, 7, 5], kernel: (3, 3), stride: (2, 2)),
            .same([1, 13, 11, 16], kernel: (3, 2), stride: (2, 1)),
            .valid([1, 4, 6, 4], kernel: (4, 6), stride: (1, 1)),
            .same([3, 6, 10, 12], kernel: (2, 3), stride: (3, 2)),
            .valid([1, 11, 10, 68], kernel: (3, 3), stride: (2, 2)),
            .same([1, 6, 9, 260], kernel: (5, 5), stride: (1, 1)),
            Case(shape: [1, 8, 8, 7], kernel: (3, 3), stride: (2, 2), padding: (2, 1), outputSize: (5, 4)),
        ]
        for dataType in testedDataTypes(device) {
            for testCase in cases {
                let x = random.floats(testCase.shape.reduce(1, *), in: -5...5).roundedToHalf
                for mode in Pool2D.Mode.allCases {
                    let pool = Pool2D(mode, kernel: testCase.kernel, stride: testCase.stride, padding: testCase.padding,
                                      dataType: dataType)
                    assertConforms(try run(pool, x, testCase),
                                   Pool2D.reference(pool, input: x, shape: testCase.shape, outputSize: testCase.outputSize),
                                   dataType == .float32 ? .fp32 : .fp16,
                                   "\(mode) pool \(testCase.shape) k\(testCase.kernel) s\(testCase.stride) p\(testCase.padding) \(dataType)")
                }
            }
        }
    }

    func testOutputNeedingMoreThan65535WorkgroupsIsComplete() throws {
        var random = SeededRandom(seed: 41)
        let testCase = Case.valid([1, 600, 600, 1], kernel: (2, 2), stride: (1, 1))
        let x = random.floats(600 * 600, in: -1...1)
        let pool = Pool2D(.max, kernel: (2, 2))
        assertConforms(try run(pool, x, testCase),
                       Pool2D.reference(pool, input: x, shape: testCase.shape, outputSize: testCase.outputSize),
                       .fp32, "max pool over 89850 workgroups")
    }

    func testAverageCountsOnlyTapsInsideTheInput() throws {
        // A 3x3 SAME window over a 2x2 input covers all four real taps and five padded ones:
        // the average is the mean of the four (2.5), not their sum divided by nine.
        let x: [Float] = [1, 2, 3, 4]
        let testCase = Case.same([1, 2, 2, 1], kernel: (3, 3), stride: (1, 1))
        let gpu = try run(Pool2D(.average, kernel: (3, 3), padding: testCase.padding), x, testCase)
        XCTAssertEqual(gpu, [2.5, 2.5, 2.5, 2.5])
        let maxima = try run(Pool2D(.max, kernel: (3, 3), padding: testCase.padding), x.map { -$0 }, testCase)
        XCTAssertEqual(maxima, [-1, -1, -1, -1])
    }

    func testRejectsWindowsOutsideTheInputAndWrongRank() throws {
        let buffer = try device.tensor([Float](repeating: 0, count: 64))
        let stream = try device.makeStream()
        assertInvalidArgument(try Pool2D(.max, kernel: (2, 2), padding: (2, 0)).encode(
            on: stream, input: buffer, shape: [1, 4, 4, 1], output: buffer, outputSize: (2, 2)))
        assertInvalidArgument(try Pool2D(.max, kernel: (2, 2), stride: (2, 2)).encode(
            on: stream, input: buffer, shape: [1, 4, 4, 1], output: try device.tensor(count: 64), outputSize: (3, 2)))
        assertInvalidArgument(try Pool2D(.average, kernel: (2, 2)).encode(
            on: stream, input: buffer, shape: [4, 4, 4], output: try device.tensor(count: 64), outputSize: (3, 3)))
    }
}
