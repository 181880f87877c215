import GPU
import Kernels
import TestSupport

extension GPUTestCase {
    /// Runs the convolution `make` builds for each tested data type on seeded random inputs of
    /// [batch, height, width, inputChannels] and compares its [batch, output, outputChannels] result
    /// with the CPU reference.
    func checkConvolution<Convolution: SpatialConvolution>(
        _ label: String, batch: Int = 1, height: Int, width: Int, output: Size2D, bias: Bool = true, seed: UInt64,
        _ make: (DataType) -> Convolution
    ) throws {
        var random = SeededRandom(seed: seed)
        for dataType in testedDataTypes(device) {
            let conv = make(dataType)
            let x = random.floats(batch * height * width * conv.inputChannels).roundedToHalf
            let w = random.floats(conv.weightCount).roundedToHalf
            let b = bias ? random.floats(conv.outputChannels).roundedToHalf : nil
            let count = batch * output.y * output.x * conv.outputChannels
            let result = try device.tensor(count: count, as: dataType)
            let stream = try device.makeStream()
            try conv.encode(on: stream, input: try device.tensor(x, as: dataType), batch: batch, height: height, width: width,
                            weights: try device.tensor(w, as: dataType), bias: try b.map { try device.tensor($0, as: dataType) },
                            output: result, outputHeight: output.y, outputWidth: output.x)
            try stream.submitAndWait()
            let expected = conv.reference(input: x, batch: batch, height: height, width: width, weights: w, bias: b,
                                          outputHeight: output.y, outputWidth: output.x)
            assertConforms(try result.floats(count, as: dataType), expected, dataType == .float32 ? .fp32 : .fp16,
                           "\(Convolution.self) \(label) \(dataType)")
        }
    }
}
