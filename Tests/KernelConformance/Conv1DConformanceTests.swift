import GPU
import Kernels
import TestSupport
import XCTest

final class Conv1DConformanceTests: GPUTestCase {
    /// Runs `make`'s convolution (built for each tested data type) on random sequences and compares with its reference.
    func check(
        _ label: String, batch: Int = 1, length: Int, bias: Bool = true, seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line, _ make: (DataType) -> Conv1D
    ) {
        let conv = make(.float32)
        let testCase = (label: label, batch: batch, length: length, bias: bias, convolution: conv)
        checkKernel("Conv1D", [testCase], seed: seed, file: file, line: line) { _, random in
            (
                input: random.floats(batch * length * conv.inputChannels), weights: random.floats(conv.weightCount),
                bias: bias ? random.floats(conv.outputChannels) : nil
            )
        } reference: { _, x in
            Conv1D.reference(conv, input: x.input, batch: batch, length: length, weights: x.weights, bias: x.bias)
        } gpu: { _, x, run in
            try make(run.dataType).encode(
                on: run.stream, input: run.tensor(x.input), batch: batch, length: length,
                weights: run.tensor(x.weights), bias: run.tensor(x.bias), output: run.output)
        }
    }

    func testCausalConvolutionSeesOnlyThePast() throws {
        check("causal k=3 16->24 batch 2", batch: 2, length: 37, seed: 1) {
            Conv1D(
                inputChannels: 16, outputChannels: 24, kernelSize: 3, padding: Conv1D.causal(kernelSize: 3),
                activation: .gelu, dataType: $0)
        }
        check("causal k=2 dilation 4 5->3", length: 19, seed: 2) {
            Conv1D(
                inputChannels: 5, outputChannels: 3, kernelSize: 2, dilation: 4,
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
            try conv.encode(
                on: stream, input: try device.tensor(input), batch: 1, length: 10, weights: weights, output: output)
            try stream.submitAndWait()
            outputs.append(try output.floats(40))
        }
        XCTAssertEqual(Array(outputs[0][0..<24]), Array(outputs[1][0..<24]), "steps 0...5 depend only on steps 0...5")
        XCTAssertNotEqual(Array(outputs[0][24...]), Array(outputs[1][24...]))
    }

    func testSymmetricPaddingStrideAndGroups() throws {
        check("k=5 pad 2+2 stride 2 8->12", length: 23, seed: 4) {
            Conv1D(
                inputChannels: 8, outputChannels: 12, kernelSize: 5, stride: 2, padding: .init(left: 2, right: 2),
                activation: .relu, dataType: $0)
        }
        check("k=3 groups 2 6->10 no padding", batch: 2, length: 9, bias: false, seed: 5) {
            Conv1D(inputChannels: 6, outputChannels: 10, kernelSize: 3, groups: 2, dataType: $0)
        }
        check("k=1 7->3", length: 4, seed: 6) {
            Conv1D(inputChannels: 7, outputChannels: 3, kernelSize: 1, dataType: $0)
        }
    }

    func testConv1DRejectsBadShapes() throws {
        let stream = try device.makeStream()
        // Kernel longer than the unpadded sequence: no output.
        let long = Conv1D(inputChannels: 4, outputChannels: 4, kernelSize: 9)
        assertInvalidArgument(
            try long.encode(
                on: stream, input: try device.tensor(count: 32), batch: 1, length: 8,
                weights: try device.tensor(count: 144), output: try device.tensor(count: 32)))
        // Input channels not divisible by groups.
        let grouped = Conv1D(inputChannels: 5, outputChannels: 4, kernelSize: 3, groups: 2)
        assertInvalidArgument(
            try grouped.encode(
                on: stream, input: try device.tensor(count: 40), batch: 1, length: 8,
                weights: try device.tensor(count: 40), output: try device.tensor(count: 32)))
    }
}
