import GPU
import Kernels
import TestSupport
import XCTest

final class DepthwiseConv2DConformanceTests: GPUTestCase {
    func testDepthwiseThreeByThreeSamePaddingWithVectorChannels() throws {
        checkWindowedConvolution("3x3 C=8 batch 2", batch: 2, height: 13, width: 11, seed: 1) {
            DepthwiseConv2D(channels: 8, kernel: 3, padding: 1, activation: .relu6, dataType: $0)
        }
        checkWindowedConvolution("3x3 C=32 no bias", height: 19, width: 21, bias: false, seed: 2) {
            DepthwiseConv2D(channels: 32, kernel: 3, padding: 1, dataType: $0)
        }
    }

    func testDepthwiseChannelCountsNotAMultipleOfFour() throws {
        checkWindowedConvolution("3x3 C=6", height: 7, width: 9, seed: 3) {
            DepthwiseConv2D(channels: 6, kernel: 3, padding: 1, activation: .hardSwish, dataType: $0)
        }
        checkWindowedConvolution("3x3 C=1 narrow", height: 5, width: 3, seed: 4) {
            DepthwiseConv2D(channels: 1, kernel: 3, padding: 1, dataType: $0)
        }
    }

    func testDepthwiseStrideTwoUsesTFLiteAsymmetricSamePadding() throws {
        let geometry = convolutionOutput(input: Size2D(12, 15), kernel: 3, stride: 2, padding: .same)
        XCTAssertEqual(geometry.padding, Size2D(0, 1))
        checkWindowedConvolution("3x3/2 C=12", height: 12, width: 15, output: geometry.size, seed: 5) {
            DepthwiseConv2D(channels: 12, kernel: 3, stride: 2, padding: geometry.padding, dataType: $0)
        }
        let five = convolutionOutput(input: Size2D(17, 10), kernel: 5, stride: 2, padding: .same)
        checkWindowedConvolution("5x5/2 C=4 batch 2", batch: 2, height: 17, width: 10, output: five.size, seed: 6) {
            DepthwiseConv2D(channels: 4, kernel: 5, stride: 2, padding: five.padding, activation: .relu, dataType: $0)
        }
    }

    func testDepthwiseDilationAndValidPadding() throws {
        checkWindowedConvolution("3x3 dilation 2 C=8", height: 11, width: 10, output: Size2D(11, 10), seed: 7) {
            DepthwiseConv2D(channels: 8, kernel: 3, dilation: 2, padding: 2, dataType: $0)
        }
        checkWindowedConvolution("3x2 dilation 2x3 valid C=5", height: 9, width: 12, output: Size2D(5, 9), seed: 8) {
            DepthwiseConv2D(channels: 5, kernel: Size2D(3, 2), dilation: Size2D(2, 3), dataType: $0)
        }
        checkWindowedConvolution("1x1 stride 2 C=4", height: 7, width: 7, output: Size2D(4, 4), seed: 9) {
            DepthwiseConv2D(channels: 4, kernel: 1, stride: 2, dataType: $0)
        }
    }

    func testDepthwiseChannelMultiplier() throws {
        checkWindowedConvolution("multiplier 2 C=3", height: 6, width: 10, seed: 10) {
            DepthwiseConv2D(channels: 3, multiplier: 2, kernel: 3, padding: 1, activation: .tanh, dataType: $0)
        }
        checkWindowedConvolution(
            "multiplier 4 C=2 stride 2", batch: 2, height: 9, width: 9, output: Size2D(5, 5), seed: 11
        ) {
            DepthwiseConv2D(channels: 2, multiplier: 4, kernel: 3, stride: 2, padding: 1, dataType: $0)
        }
    }

    func testDepthwiseRejectsBadShapes() throws {
        let stream = try device.makeStream()
        let conv = DepthwiseConv2D(channels: 8, kernel: 3, padding: 1)
        // Weights for 4 channels only.
        assertInvalidArgument(
            try conv.encode(
                on: stream, input: try device.tensor(count: 8 * 8 * 8), batch: 1, height: 8,
                width: 8, weights: try device.tensor(exactly: 36),
                output: try device.tensor(count: 8 * 8 * 8), outputHeight: 8, outputWidth: 8))
        // An output taller than the padded input allows.
        assertInvalidArgument(
            try conv.encode(
                on: stream, input: try device.tensor(count: 8 * 8 * 8), batch: 1, height: 8,
                width: 8, weights: try device.tensor(count: 72),
                output: try device.tensor(count: 8 * 16 * 8), outputHeight: 16, outputWidth: 8))
    }
}
