import GPU
import Kernels
import TestSupport
import XCTest

final class Conv2DConformanceTests: GPUTestCase {
    func testConv2DOneByOneKernelWithOddChannelCounts() throws {
        checkWindowedConvolution("1x1 3->5", height: 7, width: 5, seed: 1) {
            Conv2D(inputChannels: 3, outputChannels: 5, kernel: 1, dataType: $0)
        }
        checkWindowedConvolution("1x1 16->24 batch 2", batch: 2, height: 9, width: 13, bias: false, seed: 2) {
            Conv2D(inputChannels: 16, outputChannels: 24, kernel: 1, activation: .relu, dataType: $0)
        }
    }

    func testConv2DThreeByThreeSamePaddingAtSizesNotAMultipleOfTheTile() throws {
        checkWindowedConvolution("3x3 8->16", batch: 2, height: 9, width: 11, seed: 3) {
            Conv2D(inputChannels: 8, outputChannels: 16, kernel: 3, padding: 1, activation: .relu, dataType: $0)
        }
        checkWindowedConvolution("3x3 16->40", height: 33, width: 35, seed: 4) {
            Conv2D(inputChannels: 16, outputChannels: 40, kernel: 3, padding: 1, activation: .hardSwish, dataType: $0)
        }
        checkWindowedConvolution("3x3 5->7 no bias", height: 6, width: 3, bias: false, seed: 5) {
            Conv2D(inputChannels: 5, outputChannels: 7, kernel: 3, padding: 1, dataType: $0)
        }
    }

    func testConv2DStrideTwoUsesTFLiteAsymmetricSamePadding() throws {
        let geometry = convolutionOutput(input: Size2D(13, 10), kernel: 3, stride: 2, padding: .same)
        XCTAssertEqual(geometry.size, Size2D(7, 5))
        XCTAssertEqual(geometry.padding, Size2D(1, 0)) // 10 wide: 1 column of padding, all of it on the right
        checkWindowedConvolution("3x3/2 4->12", height: 13, width: 10, output: geometry.size, seed: 6) {
            Conv2D(
                inputChannels: 4, outputChannels: 12, kernel: 3, stride: 2, padding: geometry.padding,
                activation: .relu6, dataType: $0)
        }
        checkWindowedConvolution("1x1/2 valid 6->4", batch: 2, height: 9, width: 8, output: Size2D(5, 4), seed: 7) {
            Conv2D(inputChannels: 6, outputChannels: 4, kernel: 1, stride: 2, dataType: $0)
        }
    }

    func testConv2DDilationAndRectangularKernels() throws {
        checkWindowedConvolution("3x3 dilation 2 6->7", height: 10, width: 9, output: Size2D(10, 9), seed: 8) {
            Conv2D(inputChannels: 6, outputChannels: 7, kernel: 3, dilation: 2, padding: 2, dataType: $0)
        }
        checkWindowedConvolution("1x5 dilation 1x2 8->8", height: 5, width: 17, output: Size2D(5, 17), seed: 9) {
            Conv2D(
                inputChannels: 8, outputChannels: 8, kernel: Size2D(1, 5), dilation: Size2D(1, 2),
                padding: Size2D(0, 4), dataType: $0)
        }
        checkWindowedConvolution("5x2 stride 2x1 valid 4->16", height: 12, width: 7, output: Size2D(4, 6), seed: 10) {
            Conv2D(inputChannels: 4, outputChannels: 16, kernel: Size2D(5, 2), stride: Size2D(2, 1), dataType: $0)
        }
    }

    func testConv2DGroups() throws {
        checkWindowedConvolution("groups 2, 8->12", height: 7, width: 9, seed: 11) {
            Conv2D(inputChannels: 8, outputChannels: 12, kernel: 5, padding: 2, groups: 2, dataType: $0)
        }
        checkWindowedConvolution("groups 4, 16->32", batch: 2, height: 6, width: 6, seed: 12) {
            Conv2D(
                inputChannels: 16, outputChannels: 32, kernel: 3, stride: 2, padding: 0, groups: 4,
                activation: .silu, dataType: $0)
        }
        checkWindowedConvolution("groups 3, 6->9", height: 5, width: 7, seed: 13) {
            Conv2D(inputChannels: 6, outputChannels: 9, kernel: 3, padding: 1, groups: 3, dataType: $0)
        }
    }

    func testConv2DFusesEveryActivation() throws {
        for (index, activation) in Activation.allCases.enumerated() {
            checkWindowedConvolution("activation \(activation)", height: 5, width: 6, seed: 20 + UInt64(index)) {
                Conv2D(inputChannels: 4, outputChannels: 8, kernel: 3, padding: 1, activation: activation, dataType: $0)
            }
        }
    }

    func testConv2DWithOneGroupPerChannelMatchesDepthwiseReference() throws {
        let channels = 6
        let height = 9
        let width = 7
        let depthwise = DepthwiseConv2D(channels: channels, kernel: 3, stride: 2, padding: 1, activation: .relu)
        let testCase = (batch: 2, height: height, width: width, output: Size2D(5, 4), depthwise: depthwise)
        checkKernel("Conv2D with groups == channels", [testCase], seed: 30) { _, random in
            (
                input: random.floats(2 * height * width * channels),
                weights: random.floats(9 * channels), // depthwise [kH, kW, C]
                bias: random.floats(channels)
            )
        } reference: { _, x in
            DepthwiseConv2D.reference(
                depthwise, input: x.input, batch: 2, height: height, width: width,
                weights: x.weights, bias: x.bias, outputHeight: 5, outputWidth: 4)
        } gpu: { _, x, run in
            // The depthwise weights as grouped-convolution OHWI weights [C, kH, kW, 1].
            var ohwi = [Float](repeating: 0, count: x.weights.count)
            for tap in 0..<9 { for c in 0..<channels { ohwi[c * 9 + tap] = x.weights[tap * channels + c] } }
            let conv = Conv2D(
                inputChannels: channels, outputChannels: channels, kernel: 3, stride: 2, padding: 1,
                groups: channels, activation: .relu, dataType: run.dataType)
            try conv.encode(
                on: run.stream, input: run.tensor(x.input), batch: 2, height: height, width: width,
                weights: run.tensor(ohwi), bias: run.tensor(x.bias), output: run.output,
                outputHeight: 5, outputWidth: 4)
        }
    }

    func testConv2DRejectsBadShapes() throws {
        let buffer = try device.tensor(count: 4096)
        let stream = try device.makeStream()
        func encode(_ conv: Conv2D, height: Int = 8, width: Int = 8, output: Size2D = 8) throws {
            try conv.encode(
                on: stream, input: buffer, batch: 1, height: height, width: width,
                weights: try device.tensor(count: 4096), output: try device.tensor(count: 4096),
                outputHeight: output.y, outputWidth: output.x)
        }
        // Channels not divisible by the groups.
        assertInvalidArgument(try encode(Conv2D(inputChannels: 6, outputChannels: 8, kernel: 3, padding: 1, groups: 4)))
        // An output larger than the padded input allows.
        assertInvalidArgument(try encode(Conv2D(inputChannels: 4, outputChannels: 4, kernel: 3), output: 12))
        // An input buffer too small for the stated shape.
        assertInvalidArgument(
            try encode(Conv2D(inputChannels: 64, outputChannels: 4, kernel: 1), height: 32, width: 32))
        // Padding as wide as the whole kernel window.
        assertInvalidArgument(try encode(Conv2D(inputChannels: 4, outputChannels: 4, kernel: 3, padding: 3)))
    }
}
