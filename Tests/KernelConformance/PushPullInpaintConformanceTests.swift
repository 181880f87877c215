import GPU
import Kernels
import TestSupport
import XCTest

final class PushPullInpaintConformanceTests: GPUTestCase {
    private func run(_ image: [Float], weights: [Float], height: Int, width: Int) throws -> [Float] {
        let output = try device.tensor(count: height * width * 3)
        let stream = try device.makeStream()
        try PushPullInpaint().encode(
            on: stream, image: try device.tensor(image), shape: [height, width, 3],
            weights: try device.tensor(weights), weightShape: [height, width], output: output)
        try stream.submitAndWait()
        return try output.floats(height * width * 3)
    }

    /// Weight maps for the hole shapes the background plate meets.
    private enum Hole: CaseIterable {
        case disc, featheredDisc, borderStrip, allButOnePixel, none, randomFractional

        func weights(height: Int, width: Int, random: inout SeededRandom) -> [Float] {
            let (cy, cx) = (Float(height) * 0.45, Float(width) * 0.55)
            let radius = Float(min(height, width)) * 0.3
            return (0..<height * width).map { pixel in
                let (y, x) = (pixel / width, pixel % width)
                let distance = ((Float(y) - cy) * (Float(y) - cy) + (Float(x) - cx) * (Float(x) - cx)).squareRoot()
                switch self {
                case .disc: return distance <= radius ? 0 : 1
                case .featheredDisc: return min(max((distance - radius) / 3, 0), 1)
                case .borderStrip: return x < max(width / 4, 1) || y >= height - max(height / 5, 1) ? 0 : 1
                case .allButOnePixel: return pixel == (height / 3) * width + width / 2 ? 1 : 0
                case .none: return 1
                case .randomFractional:
                    return Float.random(in: 0...1, using: &random) < 0.4 ? 0 : Float.random(in: 0...1, using: &random)
                }
            }
        }
    }

    // Widths that are a multiple of 4 take the vec4 path at level 0.
    private static let sizes: [(height: Int, width: Int)] = [
        (1, 1), (7, 5), (37, 29), (130, 97), (1, 8), (6, 1), (1, 4), (9, 12), (36, 28), (129, 96),
    ]

    /// Checks every hole over every size (fp32: the kernel reads and writes fp32 only) on images in `range`.
    private func check(
        _ sizes: [(height: Int, width: Int)], holes: [Hole], in range: ClosedRange<Float>, seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let cases = sizes.flatMap { size in holes.map { (height: size.height, width: size.width, hole: $0) } }
        checkKernel(
            "PushPullInpaint", cases, seed: seed, dataTypes: [.float32],
            file: file, line: line
        ) { fill, random in
            (
                image: random.floats(fill.height * fill.width * 3, in: range),
                weights: fill.hole.weights(height: fill.height, width: fill.width, random: &random.random)
            )
        } reference: { fill, x in
            PushPullInpaint.reference(image: x.image, weights: x.weights, height: fill.height, width: fill.width)
        } gpu: { fill, x, run in
            try PushPullInpaint().encode(
                on: run.stream, image: run.tensor(x.image),
                shape: [fill.height, fill.width, 3], weights: run.tensor(x.weights),
                weightShape: [fill.height, fill.width], output: run.output)
        }
    }

    func testEveryHoleShapeMatchesReferenceOnOddSizes() throws {
        check(Self.sizes, holes: Hole.allCases, in: -2...3, seed: 60)
    }

    func testQuarterHDPlateWithADeepPyramidMatchesReference() throws {
        check([(270, 480), (271, 479)], holes: [.featheredDisc, .borderStrip], in: 0...1, seed: 65)
    }

    func testLevelsHalveRoundingUpToOneByOne() {
        XCTAssertEqual(PushPullInpaint.levelSizes(height: 7, width: 5), [Size2D(4, 3), Size2D(2, 2), Size2D(1, 1)])
        XCTAssertEqual(PushPullInpaint.levelSizes(height: 1, width: 1), [Size2D(1, 1)])
        XCTAssertEqual(PushPullInpaint.levelSizes(height: 1, width: 5), [Size2D(1, 3), Size2D(1, 2), Size2D(1, 1)])
        XCTAssertEqual(PushPullInpaint.levelSizes(height: 1080, width: 1920).count, 11)
    }

    func testKnownPixelsKeepTheirValueExactly() throws {
        var random = SeededRandom(seed: 61)
        for (height, width) in [(37, 29), (130, 97), (37, 28)] {
            for hole in [Hole.disc, .featheredDisc, .randomFractional] {
                let image = random.floats(height * width * 3, in: -1...1)
                let weights = hole.weights(height: height, width: width, random: &random)
                let output = try run(image, weights: weights, height: height, width: width)
                for pixel in 0..<height * width where weights[pixel] == 1 {
                    XCTAssertEqual(
                        Array(output[3 * pixel..<3 * pixel + 3]), Array(image[3 * pixel..<3 * pixel + 3]),
                        "\(hole) \(height)x\(width) pixel \(pixel)")
                }
            }
        }
    }

    func testConstantImageFillsAnyHoleWithTheConstantIgnoringHoleColours() throws {
        var random = SeededRandom(seed: 62)
        let constant: [Float] = [0.25, -1.5, 3]
        for (height, width) in [(1, 1), (7, 5), (37, 29), (9, 12)] {
            for hole in Hole.allCases {
                let weights = hole.weights(height: height, width: width, random: &random)
                guard weights.contains(where: { $0 > 0 }) else { continue } // nothing known fills with 0
                // Hole colours are junk, NaN among them: weight 0 must ignore them.
                var image = (0..<height * width * 3).map { constant[$0 % 3] }
                for pixel in 0..<height * width where weights[pixel] == 0 {
                    let junk: Float = pixel % 2 == 0 ? .nan : 1000
                    image.replaceSubrange(3 * pixel..<3 * pixel + 3, with: [junk, -junk, junk])
                }
                let expected = (0..<height * width * 3).map { constant[$0 % 3] }
                assertConforms(
                    try run(image, weights: weights, height: height, width: width), expected, .fp32,
                    "constant \(hole) \(height)x\(width)")
            }
        }
    }

    func testFilledValuesStayWithinTheRangeOfKnownValues() throws {
        var random = SeededRandom(seed: 63)
        for (height, width) in [(37, 29), (130, 97), (36, 28)] {
            for hole in [Hole.disc, .borderStrip, .allButOnePixel, .randomFractional] {
                let image = random.floats(height * width * 3, in: -4...4)
                let weights = hole.weights(height: height, width: width, random: &random)
                let output = try run(image, weights: weights, height: height, width: width)
                for c in 0..<3 {
                    let known = (0..<height * width).filter { weights[$0] > 0 }.map { image[3 * $0 + c] }
                    let (low, high) = (known.min() ?? 0, known.max() ?? 0)
                    let slack = 1e-5 * max(1, abs(low), abs(high))
                    for pixel in 0..<height * width {
                        let value = output[3 * pixel + c]
                        XCTAssert(
                            value >= low - slack && value <= high + slack,
                            "\(hole) \(height)x\(width): pixel \(pixel) channel \(c) = \(value) outside \(low)...\(high)"
                        )
                    }
                }
            }
        }
    }

    func testAllOnePixelHoleFillsEverythingWithThatPixel() throws {
        let (height, width) = (37, 29)
        var random = SeededRandom(seed: 64)
        let image = random.floats(height * width * 3, in: -1...1)
        let weights = Hole.allButOnePixel.weights(height: height, width: width, random: &random)
        let known = try XCTUnwrap(weights.firstIndex(of: 1))
        let expected = (0..<height * width * 3).map { image[3 * known + $0 % 3] }
        assertConforms(
            try run(image, weights: weights, height: height, width: width), expected, .fp32, "one known pixel")
    }

    func testRejectsShapeMismatchesAndSmallBuffers() throws {
        let image = try device.tensor([Float](repeating: 0, count: 4 * 5 * 3))
        let weights = try device.tensor([Float](repeating: 1, count: 4 * 5))
        let output = try device.tensor(count: 4 * 5 * 3)
        let stream = try device.makeStream()
        let inpaint = PushPullInpaint()
        assertInvalidArgument(
            try inpaint.encode(
                on: stream, image: image, shape: [4, 5, 3], weights: weights,
                weightShape: [5, 4], output: output), "weights transposed")
        assertInvalidArgument(
            try inpaint.encode(
                on: stream, image: image, shape: [4, 5, 4], weights: weights,
                weightShape: [4, 5], output: output), "four channels")
        assertInvalidArgument(
            try inpaint.encode(
                on: stream, image: image, shape: [1, 4, 5, 3], weights: weights,
                weightShape: [4, 5], output: output), "batched image")
        assertInvalidArgument(
            try inpaint.encode(
                on: stream, image: image, shape: [8, 5, 3], weights: weights,
                weightShape: [8, 5], output: output), "buffers too small")
        assertInvalidArgument(
            try inpaint.encode(
                on: stream, image: image, shape: [4, 5, 3], weights: weights,
                weightShape: [4, 5], output: image), "output aliases the image")
        assertInvalidArgument(
            try inpaint.encode(
                on: stream, image: image, shape: [4, 5, 3], weights: weights,
                weightShape: [4, 5], output: output,
                scratch: try device.makeBuffer(byteCount: 16)), "scratch too small")
        assertInvalidArgument(
            try inpaint.encode(
                on: stream, image: image, shape: [0, 5, 3], weights: weights,
                weightShape: [0, 5], output: output), "empty image")
    }
}
