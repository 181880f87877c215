import GPU
import Kernels
import TestSupport
import XCTest

final class Conv1DConformanceTests: GPUTestCase {
    /// Runs `conv` (rebuilt for each tested data type) on random sequences and compares with its reference.
    func check(_ label: String, batch: Int = 1, length: Int, bias: Bool = true, seed: UInt64,
               _ make: (DataType) -> Conv1D) throws {
        var random = SeededRandom(seed: seed)
        for dataType in testedDataTypes(device) {
            let conv = make(dataType)
            let x = random.floats(batch * length * conv.inputChannels).roundedToHalf
            let w = random.floats(conv.weightCount).roundedToHalf
            let b = bias ? random.floats(conv.outputChannels).roundedToHalf : nil
            let count = batch * conv.outputLength(for: length) * conv.outputChannels
            let result = try device.tensor(count: count, as: dataType)
            let stream = try device.makeStream()
            try conv.encode(on: stream, input: try device.tensor(x, as: dataType), batch: batch, length: length,
                            weights: try device.tensor(w, as: dataType), bias: try b.map { try device.tensor($0, as: dataType) },
                            output: result)
            try stream.submitAndWait()
            let expected = Conv1D.reference(conv, input: x, batch: batch, length: length, weights: w, bias: b)
            assertConforms(try result.floats(count, as: dataType), expected, dataType == .float32 ? .fp32 : .fp16,
                           "conv1d \(label) \(dataType)")
        }
    }

    func testCausalConvolutionSeesOnlyThePast() throws {
        try check("causal k=3 16->24 batch 2", batch: 2, length: 37, seed: 1) {
            Conv1D(inputChannels: 16, outputChannels: 24, kernelSize: 3, padding: Conv1D.causal(kernelSize: 3),
                   activation: .gelu, dataType: $0)
        }
        try check("causal k=2 dilation 4 5->3", length: 19, seed: 2) {
            Conv1D(inputChannels: 5, outputChannels: 3, kernelSize: 2, dilation: 4,
                   padding: Conv1D.causal(kernelSize: 2, dilation: 4), dataType: $0)
        }
    }

    func testCausalOutputDoesNotChangeWhenTheFutureChanges() throws {
        let conv = Conv1D(inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: Conv1D.causal(kernelSize: 3))
        var random = SeededRandom(seed: 3)
        let x = random.floats(10 * 4)
        var changed = x
        for index in 6 * 4..<10 * 4 { changed[index] += 1 } // steps 6...9
        let weights = try device.tensor(random.floats(conv.weightCount))
        var outputs: [[Float]] = []
        for input in [x, changed] {
            let output = try device.tensor(count: 40)
            let stream = try device.makeStream()
            try conv.encode(on: stream, input: try device.tensor(input), batch: 1, length: 10, weights: weights, output: output)
            try stream.submitAndWait()
            outputs.append(try output.floats(40))
        }
        XCTAssertEqual(Array(outputs[0][0..<24]), Array(outputs[1][0..<24]), "steps 0...5 depend only on steps 0...5")
        XCTAssertNotEqual(Array(outputs[0][24...]), Array(outputs[1][24...]))
    }

    func testSymmetricPaddingStrideAndGroups() throws {
        try check("k=5 pad 2+2 stride 2 8->12", length: 23, seed: 4) {
            Conv1D(inputChannels: 8, outputChannels: 12, kernelSize: 5, stride: 2, padding: .init(left: 2, right: 2),
                   activation: .relu, dataType: $0)
        }
        try check("k=3 groups 2 6->10 no padding", batch: 2, length: 9, bias: false, seed: 5) {
            Conv1D(inputChannels: 6, outputChannels: 10, kernelSize: 3, groups: 2, dataType: $0)
        }
        try check("k=1 7->3", length: 4, seed: 6) {
            Conv1D(inputChannels: 7, outputChannels: 3, kernelSize: 1, dataType: $0)
        }
    }

    func testConv1DRejectsBadShapes() throws {
        let stream = try device.makeStream()
        // Kernel longer than the unpadded sequence: no output.
        let long = Conv1D(inputChannels: 4, outputChannels: 4, kernelSize: 9)
        assertInvalidArgument(try long.encode(on: stream, input: try device.tensor(count: 32), batch: 1, length: 8,
                                             weights: try device.tensor(count: 144), output: try device.tensor(count: 32)))
        // Input channels not divisible by groups.
        let grouped = Conv1D(inputChannels: 5, outputChannels: 4, kernelSize: 3, groups: 2)
        assertInvalidArgument(try grouped.encode(on: stream, input: try device.tensor(count: 40), batch: 1, length: 8,
                                                weights: try device.tensor(count: 40), output: try device.tensor(count: 32)))
    }
}
