import GPU

/// Group normalization of an NHWC tensor (Shaders/group_norm.comp): the C channels form
/// `groups` groups of C / groups consecutive channels; each (image, group) is normalized by the
/// mean and population variance over its H * W * C / groups elements, then scaled by gamma[c],
/// offset by beta[c] (both optional) and passed through a fused activation (SiLU is common).
///
/// Three dispatches: per-chunk moments of every channel, their combination per group into a
/// small scratch buffer, and the element-wise apply. The stream places the barriers between them.
public struct GroupNorm: Sendable {
    public let groups: Int
    public let epsilon: Float
    public let activation: Activation
    public let dataType: DataType

    /// Pixels whose moments one invocation of the first pass takes; bounds the work per
    /// invocation while keeping the number of partial moments (the scratch size) small.
    static let pixelsPerChunk = 64
    /// Pixels one invocation of the apply pass normalizes (its per-channel setup is amortized over them).
    static let applyPixelsPerChunk = 16
    /// Invocations (channel lanes) per workgroup of the partials and apply passes, at most.
    static let channelLanesLimit = 64

    public init(groups: Int, epsilon: Float = 1e-5, activation: Activation = .none, dataType: DataType = .float32) {
        self.groups = groups
        self.epsilon = epsilon
        self.activation = activation
        self.dataType = dataType
    }

    /// Bytes of the scratch buffer `encode` needs for an NHWC `shape`: fp32 moments per
    /// (image, chunk of pixels, channel) and per (image, group).
    public static func scratchByteCount(shape: [Int], groups: Int, device: GPUDevice) -> Int {
        guard shape.count == 4 else { return 0 }
        let layout = ScratchLayout(shape: shape, groups: groups, device: device)
        return layout.statsOffset + layout.statsBytes
    }

    /// Records the three dispatches. `scratch` (at least `scratchByteCount` bytes) holds the
    /// statistics between them; without one, a buffer is taken from the device's pool.
    /// `output` may be `input` (in place).
    public func encode(
        on stream: CommandStream, input: GPUBuffer, shape: [Int], output: GPUBuffer,
        gamma: GPUBuffer? = nil, beta: GPUBuffer? = nil, scratch: GPUBuffer? = nil
    ) throws(GPUError) {
        try require(shape.count == 4, "group norm takes an NHWC tensor, got shape \(shape)")
        try require(shape.allSatisfy { $0 > 0 }, "group norm shape \(shape) has an empty dimension")
        let (batches, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        try require(
            groups > 0 && channels % groups == 0,
            "group norm needs channels (\(channels)) divisible by groups (\(groups))")
        try require(
            epsilon >= 0 && epsilon.isFinite, "group norm epsilon must be finite and non-negative, got \(epsilon)")
        let count = shape.reduce(1, *)
        try require(count <= Int(UInt32.max), "group norm tensor \(shape) exceeds 32-bit indexing")
        try requireCapacity(input, count, dataType, "group norm input")
        try requireCapacity(output, count, dataType, "group norm output")
        if let gamma { try requireCapacity(gamma, channels, dataType, "group norm gamma") }
        if let beta { try requireCapacity(beta, channels, dataType, "group norm beta") }
        let device = stream.device
        let layout = ScratchLayout(shape: shape, groups: groups, device: device)
        let scratchBytes = layout.statsOffset + layout.statsBytes
        let scratch = if let scratch { scratch } else { try device.makeBuffer(byteCount: scratchBytes) }
        try require(
            scratch.byteCount >= scratchBytes,
            "group norm scratch needs \(scratchBytes) bytes for \(shape), got \(scratch.byteCount)")

        let vectorized = channels % 4 == 0
        let hw = height * width
        let push = PushConstants([
            .int(batches), .int(hw), .int(channels), .int(groups), .int(layout.chunks),
            .int(Self.pixelsPerChunk), .int(Self.applyPixelsPerChunk), .float(epsilon),
        ])
        // Every pass binds every buffer with the access the shader could make, so barriers
        // match what the validation layer's static view of the shader expects.
        let inPlace = input === output
        let bindings: [BufferBinding] = [
            inPlace ? .readWrite(input) : .read(input),
            .read(gamma ?? input), .read(beta ?? input),
            .readWrite(scratch, offset: 0, byteCount: layout.partialsBytes),
            .readWrite(scratch, offset: layout.statsOffset, byteCount: layout.statsBytes),
            inPlace ? .readWrite(output) : .write(output),
        ]
        func pipeline(_ pass: Pass, workgroupSize: Int) throws(GPUError) -> ComputePipeline {
            try device.kernelPipeline(
                .groupNorm, dataType: dataType,
                specialization: [
                    .uint(UInt32(workgroupSize)), .int(pass.rawValue), .bool(vectorized),
                    .bool(gamma != nil), .bool(beta != nil), .int(activation.rawValue),
                ])
        }

        let lanes = vectorized ? channels / 4 : channels
        let lanesPerGroup = min(lanes, Self.channelLanesLimit)
        let laneBlocks = Kernels.groups(lanes, lanesPerGroup)
        try stream.dispatch(
            pipeline(.partials, workgroupSize: lanesPerGroup), bindings, push: push,
            groups: linearGroups(batches * layout.chunks * laneBlocks), label: "group_norm.partials")
        let statsSize = reductionWorkgroupSize(loads: layout.chunks * channels / groups, device: device)
        try stream.dispatch(
            pipeline(.stats, workgroupSize: statsSize), bindings, push: push,
            groups: linearGroups(batches * groups), label: "group_norm.stats")
        let applyChunks = Kernels.groups(hw, Self.applyPixelsPerChunk)
        try stream.dispatch(
            pipeline(.apply, workgroupSize: lanesPerGroup), bindings, push: push,
            groups: linearGroups(batches * applyChunks * laneBlocks), label: "group_norm.apply")
    }

    /// Where the two kinds of statistics live in the scratch buffer.
    private struct ScratchLayout {
        let chunks: Int
        let partialsBytes: Int
        let statsOffset: Int
        let statsBytes: Int

        init(shape: [Int], groups: Int, device: GPUDevice) {
            chunks = Kernels.groups(shape[1] * shape[2], GroupNorm.pixelsPerChunk)
            partialsBytes = shape[0] * chunks * shape[3] * 8
            let alignment = max(Int(device.info.limits.minStorageBufferOffsetAlignment), 16)
            statsOffset = (partialsBytes + alignment - 1) / alignment * alignment
            statsBytes = shape[0] * max(groups, 1) * 16
        }
    }

    /// CPU reference (two-pass statistics in Double).
    public static func reference(
        _ x: [Float], shape: [Int], groups: Int, epsilon: Float = 1e-5,
        activation: Activation = .none, gamma: [Float]? = nil, beta: [Float]? = nil
    ) -> [Float] {
        let (batches, pixels, channels) = (shape[0], shape[1] * shape[2], shape[3])
        let channelsPerGroup = channels / groups
        var result = [Float](repeating: 0, count: x.count)
        for n in 0..<batches {
            for g in 0..<groups {
                var indices: [Int] = []
                indices.reserveCapacity(pixels * channelsPerGroup)
                for p in 0..<pixels {
                    for c in g * channelsPerGroup..<(g + 1) * channelsPerGroup {
                        indices.append((n * pixels + p) * channels + c)
                    }
                }
                let mean = indices.reduce(0.0) { $0 + Double(x[$1]) } / Double(indices.count)
                let variance =
                    indices.reduce(0.0) { $0 + (Double(x[$1]) - mean) * (Double(x[$1]) - mean) }
                    / Double(indices.count)
                let rstd = 1 / (variance + Double(epsilon)).squareRoot()
                for index in indices {
                    let c = index % channels
                    var value = (Double(x[index]) - mean) * rstd
                    if let gamma { value *= Double(gamma[c]) }
                    if let beta { value += Double(beta[c]) }
                    result[index] = activation.apply(Float(value))
                }
            }
        }
        return result
    }
}
