import GPU
import Kernels
import XCTest

extension GPUTestCase {
    /// Runs a kernel on every case in every data type and compares each result with the CPU reference.
    ///
    /// For each case, `inputs` draws the case's values from a generator seeded with `seed` (each case starts from
    /// the seed, so the failure message alone reproduces the case), `reference` computes the expected output once,
    /// and then for each data type `gpu` encodes the kernel on a fresh stream into `run.output`: that many elements of
    /// the data type, every one NaN, guard elements after them. The harness submits, reads the output back and
    /// compares with the fp32 or fp16 tolerance of docs/ARCHITECTURE.md. A result out of tolerance, a thrown
    /// error, a write past the output or a validation message fails the test with a message naming the kernel,
    /// every parameter of the case, the data type and the seed, e.g.
    /// `Softmax(rows: 3, length: 7) fp16 seed 10: max |gpu - cpu| = 0.031 at 12 (...) exceeds 0.01`;
    /// the remaining cases still run.
    ///
    /// - Parameters:
    ///   - kernel: The kernel's name, first in every failure message.
    ///   - cases: The shapes and settings to run, best a labelled tuple or a struct so each parameter prints with
    ///     its name (see `KernelCase.parameters`).
    ///   - seed: The seed every case's inputs start from.
    ///   - dataTypes: The data types to run; nil: fp32, and fp16 where the device has 16-bit storage.
    ///   - inputs: Draws a case's inputs; `InputGenerator.floats` rounds through fp16 when fp16 runs, so every
    ///     data type and the reference see the same numbers.
    ///   - reference: The expected output of a case on its inputs; its count sizes `run.output`.
    ///   - gpu: Encodes the kernel for a case and `run.dataType` on `run.stream`, writing `run.output`.
    public func checkKernel<Case, Inputs>(
        _ kernel: String, _ cases: [Case], seed: UInt64, dataTypes: [DataType]? = nil,
        file: StaticString = #filePath, line: UInt = #line,
        inputs: (Case, inout InputGenerator) throws -> Inputs,
        reference: (Case, Inputs) throws -> [Float],
        gpu: (Case, Inputs, KernelRun) throws -> Void
    ) {
        let dataTypes = dataTypes ?? testedDataTypes(device)
        // A list or a filter that came out empty would otherwise pass having compared nothing.
        XCTAssertFalse(
            cases.isEmpty || dataTypes.isEmpty, "\(kernel): no cases or no data types to run",
            file: file, line: line)
        for testCase in cases {
            let name = kernel + KernelCase.parameters(testCase)
            let prepared: (inputs: Inputs, expected: [Float])
            do {
                var generator = InputGenerator(seed: seed, roundsToHalf: dataTypes.contains(.float16))
                let values = try inputs(testCase, &generator)
                prepared = (values, try reference(testCase, values))
            } catch {
                XCTFail("\(name) seed \(seed): \(error)", file: file, line: line)
                continue
            }
            for dataType in dataTypes {
                let what = "\(name) \(dataType) seed \(seed)"
                do {
                    let count = prepared.expected.count
                    let run = KernelRun(
                        device: device, dataType: dataType, stream: try device.makeStream(),
                        output: try device.tensor(count: count, as: dataType))
                    try gpu(testCase, prepared.inputs, run)
                    try run.stream.submitAndWait()
                    assertConforms(
                        try run.output.floats(count, as: dataType), prepared.expected, Tolerance(dataType),
                        what, file: file, line: line)
                    if let overrun = OutputGuard.check(run.output) {
                        XCTFail("\(what): \(overrun)", file: file, line: line)
                    }
                } catch {
                    XCTFail("\(what): \(error)", file: file, line: line)
                }
                // Named here, a validation message says which case caused it; GPUTestCase would only say which test.
                let messages = device.instance.validationLog.drain()
                XCTAssert(
                    messages.isEmpty, "\(what): Vulkan validation reported:\n" + messages.joined(separator: "\n"),
                    file: file, line: line)
            }
        }
    }
}

/// One GPU run of a `checkKernel` case: the data type, the stream to encode on and the output to write.
public struct KernelRun {
    public let device: GPUDevice
    public let dataType: DataType
    /// A stream of its own; the harness submits it and waits.
    public let stream: CommandStream
    /// As many elements of `dataType` as the reference gave, every one NaN, with guard elements after them.
    public let output: GPUBuffer

    /// A buffer holding `values` stored as `dataType`.
    public func tensor(_ values: [Float]) throws -> GPUBuffer {
        try device.tensor(values, as: dataType)
    }

    /// A buffer holding `values` stored as `dataType`, or nil for an operand the case leaves out (a bias, a gamma).
    public func tensor(_ values: [Float]?) throws -> GPUBuffer? {
        try values.map { try device.tensor($0, as: dataType) }
    }
}

/// Seeded random inputs for one `checkKernel` case.
///
/// `floats` rounds through fp16 whenever fp16 runs, so the fp32 run, the fp16 run and the reference all see the same
/// numbers, and a difference measures the kernel rather than the rounding of its inputs.
public struct InputGenerator {
    /// The case's generator, for values that are not tensor elements (indices, labels, choices).
    public var random: SeededRandom
    /// Whether `floats` rounds its values through fp16.
    public let roundsToHalf: Bool

    public init(seed: UInt64, roundsToHalf: Bool) {
        random = SeededRandom(seed: seed)
        self.roundsToHalf = roundsToHalf
    }

    /// `count` uniform values in `range`, stored exactly by every data type that runs.
    public mutating func floats(_ count: Int, in range: ClosedRange<Float> = -1...1) -> [Float] {
        let values = random.floats(count, in: range)
        return roundsToHalf ? values.roundedToHalf : values
    }
}

extension Tolerance {
    /// The tolerance for outputs stored as `dataType`.
    public init(_ dataType: DataType) {
        self = dataType == .float32 ? .fp32 : .fp16
    }
}

/// How `checkKernel` prints a case.
public enum KernelCase {
    /// The case's parameters, each with its label: `(rows: 3, length: 7)` for a labelled tuple or a struct, a space
    /// and its description for a `CustomStringConvertible` case. Inner structs, tuples, optionals and arrays
    /// print the same way; a `DataType` inside a case is left out, as a kernel a case holds is rebuilt for the data
    /// type of each run, which the message names on its own.
    public static func parameters(_ value: Any) -> String {
        let text = describe(value, naming: false)
        return text.hasPrefix("(") ? text : " " + text
    }

    /// `naming`: whether a struct prints its type's name before its fields (an inner one does, the case does not).
    private static func describe(_ value: Any, naming: Bool = true) -> String {
        let mirror = Mirror(reflecting: value)
        // Before the description: an array's would print its elements' debug descriptions, type names and all.
        if mirror.displayStyle == .collection || mirror.displayStyle == .set {
            return "[" + mirror.children.map { describe($0.value) }.joined(separator: ", ") + "]"
        }
        if let value = value as? CustomStringConvertible { return value.description }
        switch mirror.displayStyle {
        case .tuple, .struct:
            let fields = mirror.children.compactMap { child -> String? in
                if child.value is DataType { return nil }
                let text = describe(child.value)
                guard let label = child.label, !label.hasPrefix(".") else { return text }
                return "\(label): \(text)"
            }
            let name = naming && mirror.displayStyle == .struct ? "\(mirror.subjectType)" : ""
            return name + "(" + fields.joined(separator: ", ") + ")"
        case .optional:
            return mirror.children.first.map { describe($0.value) } ?? "nil"
        default:
            return String(describing: value)
        }
    }
}
