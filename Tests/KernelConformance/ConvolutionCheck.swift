import GPU
import Kernels
import TestSupport

extension GPUTestCase {
    /// Runs the convolution `make` builds for each tested data type on seeded random inputs of
    /// [batch, height, width, inputChannels] and compares its [batch, output, outputChannels] result
    /// with the CPU reference.
    func checkConvolution<Convolution: SpatialConvolution>(
        _ label: String, batch: Int = 1, height: Int, width: Int, output: Size2D, bias: Bool = true, seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line, _ make: (DataType) -> Convolution
    ) {
        // The fp32 kernel gives the reference and prints the kernel's settings; each run builds its data type's.
        let convolution = make(.float32)
        let testCase = (
            label: label, batch: batch, height: height, width: width, output: output, bias: bias,
            convolution: convolution
        )
        checkKernel("\(Convolution.self)", [testCase], seed: seed, file: file, line: line) { _, random in
            (
                input: random.floats(batch * height * width * convolution.inputChannels),
                weights: random.floats(convolution.weightCount),
                bias: bias ? random.floats(convolution.outputChannels) : nil
            )
        } reference: { _, x in
            convolution.reference(
                input: x.input, batch: batch, height: height, width: width, weights: x.weights,
                bias: x.bias, outputHeight: output.y, outputWidth: output.x)
        } gpu: { _, x, run in
            try make(run.dataType).encode(
                on: run.stream, input: run.tensor(x.input), batch: batch, height: height,
                width: width, weights: run.tensor(x.weights), bias: run.tensor(x.bias),
                output: run.output, outputHeight: output.y, outputWidth: output.x)
        }
    }
}

/// A convolution with a strided, dilated window (conv2d and depthwise conv), whose SAME-padded output size the
/// checks can work out.
protocol WindowedConvolution: SpatialConvolution {
    var kernel: Size2D { get }
    var stride: Size2D { get }
    var dilation: Size2D { get }
}

extension Conv2D: WindowedConvolution {}
extension DepthwiseConv2D: WindowedConvolution {}

extension GPUTestCase {
    /// `checkConvolution` with the output size defaulting to SAME padding's for the convolution's window.
    func checkWindowedConvolution<Convolution: WindowedConvolution>(
        _ label: String, batch: Int = 1, height: Int, width: Int, output: Size2D? = nil,
        bias: Bool = true, seed: UInt64, file: StaticString = #filePath, line: UInt = #line,
        _ make: (DataType) -> Convolution
    ) {
        let shape = make(.float32)
        let size =
            output
            ?? convolutionOutput(
                input: Size2D(height, width), kernel: shape.kernel, stride: shape.stride,
                dilation: shape.dilation, padding: .same
            ).size
        checkConvolution(
            label, batch: batch, height: height, width: width, output: size, bias: bias, seed: seed,
            file: file, line: line, make)
    }
}
