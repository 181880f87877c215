import GPU

/// Layer normalization over the last axis of a `[rows, length]` tensor (Shaders/layer_norm.comp):
/// y = (x - mean) / sqrt(variance + epsilon) * gamma + beta, with the population variance.
///
/// gamma and beta (`[length]` each) are optional: without gamma the scale is 1, without beta
/// the offset is 0. Statistics are exact two-pass moments in fp32 combined across invocations,
/// so rows with a large mean and small spread keep their precision.
public struct LayerNorm: Sendable {
    public let epsilon: Float
    public let dataType: DataType

    public init(epsilon: Float = 1e-5, dataType: DataType = .float32) {
        self.epsilon = epsilon
        self.dataType = dataType
    }

    /// Records the kernel; `output` may be `input` (in place).
    public func encode(
        on stream: CommandStream, input: GPUBuffer, output: GPUBuffer, rows: Int, length: Int,
        gamma: GPUBuffer? = nil, beta: GPUBuffer? = nil
    ) throws(GPUError) {
        try require(
            rows > 0 && length > 0,
            "layer norm needs at least one row of at least one element, got [\(rows), \(length)]")
        try require(rows * length <= Int(UInt32.max), "layer norm tensor [\(rows), \(length)] exceeds 32-bit indexing")
        try require(
            epsilon >= 0 && epsilon.isFinite, "layer norm epsilon must be finite and non-negative, got \(epsilon)")
        try requireCapacity(input, rows * length, dataType, "layer norm input")
        try requireCapacity(output, rows * length, dataType, "layer norm output")
        if let gamma { try requireCapacity(gamma, length, dataType, "layer norm gamma") }
        if let beta { try requireCapacity(beta, length, dataType, "layer norm beta") }

        let vectorized = length % 4 == 0
        let size = reductionWorkgroupSize(loads: vectorized ? length / 4 : length, device: stream.device)
        let pipeline = try stream.device.kernelPipeline(
            .layerNorm, dataType: dataType,
            specialization: [.uint(UInt32(size)), .bool(vectorized), .bool(gamma != nil), .bool(beta != nil)])
        // An absent gamma or beta binds the input in its place; the shader does not read it.
        let (inputBinding, outputBinding): (BufferBinding, BufferBinding) =
            input === output
            ? (.readWrite(input), .readWrite(output))
            : (.read(input), .write(output))
        try stream.dispatch(
            pipeline, [inputBinding, .read(gamma ?? input), .read(beta ?? input), outputBinding],
            push: [.int(rows), .int(length), .float(epsilon)],
            groups: linearGroups(rows), label: "layer_norm")
    }

    /// CPU reference (two-pass statistics in Double).
    public static func reference(
        _ x: [Float], rows: Int, length: Int, epsilon: Float = 1e-5,
        gamma: [Float]? = nil, beta: [Float]? = nil
    ) -> [Float] {
        var result = [Float](repeating: 0, count: rows * length)
        for row in 0..<rows {
            let values = x[row * length..<(row + 1) * length].map(Double.init)
            let mean = values.reduce(0, +) / Double(length)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(length)
            let rstd = 1 / (variance + Double(epsilon)).squareRoot()
            for (offset, value) in values.enumerated() {
                var normalized = (value - mean) * rstd
                if let gamma { normalized *= Double(gamma[offset]) }
                if let beta { normalized += Double(beta[offset]) }
                result[row * length + offset] = Float(normalized)
            }
        }
        return result
    }
}
