import Foundation
import GPU

/// Softmax along the last axis of a `[rows, length]` tensor (Shaders/softmax.comp).
///
/// Numerically stable: every exponent is taken relative to the row maximum, so large logits
/// do not overflow. One workgroup handles one row.
public struct Softmax: Sendable {
    public let dataType: DataType

    public init(dataType: DataType = .float32) {
        self.dataType = dataType
    }

    /// Records the kernel; `output` may be `input` (in place).
    public func encode(
        on stream: CommandStream, input: GPUBuffer, output: GPUBuffer,
        rows: Int, length: Int
    ) throws(GPUError) {
        try require(
            rows > 0 && length > 0, "softmax needs at least one row of at least one element, got [\(rows), \(length)]")
        try require(rows * length <= Int(UInt32.max), "softmax tensor [\(rows), \(length)] exceeds 32-bit indexing")
        try requireCapacity(input, rows * length, dataType, "softmax input")
        try requireCapacity(output, rows * length, dataType, "softmax output")
        let vectorized = length % 4 == 0
        let size = reductionWorkgroupSize(loads: vectorized ? length / 4 : length, device: stream.device)
        let pipeline = try stream.device.kernelPipeline(
            .softmax, dataType: dataType, specialization: [.uint(UInt32(size)), .bool(vectorized)])
        let bindings: [BufferBinding] =
            input === output
            ? [.readWrite(input), .readWrite(output)]
            : [.read(input), .write(output)]
        try stream.dispatch(
            pipeline, bindings, push: [.int(rows), .int(length)],
            groups: linearGroups(rows), label: "softmax")
    }

    /// CPU reference (accumulates in Double).
    public static func reference(_ x: [Float], rows: Int, length: Int) -> [Float] {
        var result = [Float](repeating: 0, count: rows * length)
        for row in 0..<rows {
            let values = x[row * length..<(row + 1) * length]
            let maximum = Double(values.max() ?? 0)
            let sum = values.reduce(0.0) { $0 + Foundation.exp(Double($1) - maximum) }
            for (offset, value) in values.enumerated() {
                result[row * length + offset] = Float(Foundation.exp(Double(value) - maximum) / sum)
            }
        }
        return result
    }
}
