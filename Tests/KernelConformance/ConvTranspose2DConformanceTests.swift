import GPU
import Kernels
import TestSupport
import XCTest

final class ConvTranspose2DConformanceTests: GPUTestCase {
    /// Checks `make`'s transposed convolution against its scatter-form reference; `padding` picks the
    /// output size and crop as TFLite does.
    func check(
        _ label: String, batch: Int = 1, height: Int, width: Int, padding: PaddingMode = .same,
        bias: Bool = true, seed: UInt64, file: StaticString = #filePath, line: UInt = #line,
        _ make: (DataType, Size2D) -> ConvTranspose2D, kernel: Size2D, stride: Size2D
    ) {
        let geometry = transposedConvolutionOutput(
            input: Size2D(height, width), kernel: kernel, stride: stride,
            padding: padding)
        checkConvolution(
            label, batch: batch, height: height, width: width, output: geometry.size, bias: bias,
            seed: seed, file: file, line: line
        ) { make($0, geometry.padding) }
    }

    func testFourByFourStrideTwoUpsamplesLikeMediaPipe() throws {
        check(
            "4x4/2 16->8", batch: 2, height: 5, width: 7, seed: 1,
            {
                ConvTranspose2D(inputChannels: 16, outputChannels: 8, kernel: 4, stride: 2, padding: $1, dataType: $0)
            }, kernel: 4, stride: 2)
        check(
            "4x4/2 8->20 valid", height: 6, width: 3, padding: .valid, seed: 2,
            {
                ConvTranspose2D(
                    inputChannels: 8, outputChannels: 20, kernel: 4, stride: 2, padding: $1,
                    activation: .relu, dataType: $0)
            }, kernel: 4, stride: 2)
    }

    func testOddKernelsStridesAndChannelCounts() throws {
        check(
            "3x3/2 5->3", height: 7, width: 6, seed: 3,
            {
                ConvTranspose2D(inputChannels: 5, outputChannels: 3, kernel: 3, stride: 2, padding: $1, dataType: $0)
            }, kernel: 3, stride: 2)
        check(
            "2x2/2 4->6 valid", batch: 2, height: 4, width: 9, padding: .valid, bias: false, seed: 4,
            {
                ConvTranspose2D(inputChannels: 4, outputChannels: 6, kernel: 2, stride: 2, padding: $1, dataType: $0)
            }, kernel: 2, stride: 2)
        check(
            "5x3/3x1 12->17", height: 5, width: 8, seed: 5,
            {
                ConvTranspose2D(
                    inputChannels: 12, outputChannels: 17, kernel: Size2D(5, 3), stride: Size2D(3, 1),
                    padding: $1, activation: .sigmoid, dataType: $0)
            }, kernel: Size2D(5, 3), stride: Size2D(3, 1))
    }

    func testStrideLargerThanKernelLeavesBiasOnlyPixels() throws {
        check(
            "1x1/2 4->4", height: 5, width: 6, seed: 6,
            {
                ConvTranspose2D(inputChannels: 4, outputChannels: 4, kernel: 1, stride: 2, padding: $1, dataType: $0)
            }, kernel: 1, stride: 2)
        check(
            "3x3/1 7->9", height: 9, width: 11, seed: 7,
            {
                ConvTranspose2D(inputChannels: 7, outputChannels: 9, kernel: 3, stride: 1, padding: $1, dataType: $0)
            }, kernel: 3, stride: 1)
    }

    func testTransposedConvRejectsBadShapes() throws {
        let stream = try device.makeStream()
        let conv = ConvTranspose2D(inputChannels: 4, outputChannels: 4, kernel: 4, stride: 2, padding: 1)
        // 8x8 input spreads over at most 18x18; cropping 1 leaves 17, so 20 is too large.
        assertInvalidArgument(
            try conv.encode(
                on: stream, input: try device.tensor(count: 256), batch: 1, height: 8, width: 8,
                weights: try device.tensor(count: 256), output: try device.tensor(count: 1600),
                outputHeight: 20, outputWidth: 20))
        // Weights buffer too small for 4x4x4x4.
        assertInvalidArgument(
            try conv.encode(
                on: stream, input: try device.tensor(count: 256), batch: 1, height: 8, width: 8,
                weights: try device.tensor(count: 64), output: try device.tensor(count: 1024),
                outputHeight: 16, outputWidth: 16))
    }
}
