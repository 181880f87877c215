import GPU

/// Batched matrix multiply C = act(op(A) op(B) + bias), row-major, fp32 accumulation
/// (Shaders/gemm.comp). op(A) is M x K, op(B) is K x N, C is M x N; bias has N values.
public struct GEMM: Sendable {
    public struct Shape: Sendable, Hashable {
        public var batch: Int, m: Int, n: Int, k: Int
        public init(batch: Int = 1, m: Int, n: Int, k: Int) {
            self.batch = batch
            self.m = m
            self.n = n
            self.k = k
        }
        /// Multiply-adds times two.
        public var flops: Double { 2 * Double(batch) * Double(m) * Double(n) * Double(k) }
    }

    /// Rows each invocation accumulates (x 16 columns); see the comment at the top of gemm.comp.
    static let rowsPerInvocation = 4
    static let columnsPerWorkgroup = 16
    /// Invocations per workgroup: 64, or fewer (down to one subgroup) when M has fewer row runs,
    /// so a short M (e.g. 64 tokens) does not leave most lanes idle.
    static func workgroupSize(rowRuns: Int, device: GPUDevice) -> Int {
        let subgroup = max(Int(device.features.subgroupSize), 1)
        var size = subgroup
        while size < 64 && size < rowRuns { size *= 2 }
        return min(max(size, subgroup), Int(device.info.limits.maxWorkgroupInvocations))
    }

    public let transposeA: Bool
    public let transposeB: Bool
    public let activation: Activation
    public let dataType: DataType

    public init(
        transposeA: Bool = false, transposeB: Bool = false, activation: Activation = .none,
        dataType: DataType = .float32
    ) {
        self.transposeA = transposeA
        self.transposeB = transposeB
        self.activation = activation
        self.dataType = dataType
    }

    /// Records the kernel. With `shareB` one B (e.g. weights) serves every batch entry.
    public func encode(
        on stream: CommandStream, a: GPUBuffer, b: GPUBuffer, bias: GPUBuffer? = nil, c: GPUBuffer,
        shape: Shape, shareB: Bool = false
    ) throws(GPUError) {
        try require(
            shape.batch > 0 && shape.m > 0 && shape.n > 0 && shape.k > 0, "GEMM shape \(shape) has an empty dimension")
        try requireCapacity(a, shape.batch * shape.m * shape.k, dataType, "GEMM A")
        try requireCapacity(b, (shareB ? 1 : shape.batch) * shape.k * shape.n, dataType, "GEMM B")
        try requireCapacity(c, shape.batch * shape.m * shape.n, dataType, "GEMM C")
        if let bias { try requireCapacity(bias, shape.n, dataType, "GEMM bias") }
        try require(c !== a && c !== b, "GEMM output must not alias an input")

        try require(
            shape.batch * shape.m * max(shape.k, shape.n) < Int(Int32.max), "GEMM \(shape) exceeds 32-bit indexing")
        let vector = shape.k % 4 == 0 && (!transposeA || shape.m % 4 == 0) && (transposeB || shape.n % 4 == 0)
        let rowRuns = groups(shape.m, Self.rowsPerInvocation)
        let workgroupSize = Self.workgroupSize(rowRuns: rowRuns, device: stream.device)
        let pipeline = try stream.device.kernelPipeline(
            .gemm, dataType: dataType,
            specialization: [
                .uint(UInt32(workgroupSize)), .int(Int32(Self.rowsPerInvocation)),
                .bool(transposeA), .bool(transposeB), .bool(vector), .bool(bias != nil),
                .int(activation.rawValue), .bool(sharesWeightsThroughSubgroups(stream.device)),
            ])
        let push: PushConstants = [
            .int(shape.m), .int(shape.n), .int(shape.k), .int(shape.m * shape.k),
            .int(shareB ? 0 : shape.k * shape.n), .int(shape.m * shape.n), .int(rowRuns),
        ]
        try stream.dispatch(
            pipeline, [.read(a), .read(b), .read(bias ?? a), .write(c)], push: push,
            groups: (groups(rowRuns, workgroupSize), groups(shape.n, Self.columnsPerWorkgroup), shape.batch),
            label: "gemm")
    }

    /// CPU reference.
    public static func reference(
        a: [Float], b: [Float], bias: [Float]? = nil, shape: Shape,
        transposeA: Bool = false, transposeB: Bool = false, shareB: Bool = false,
        activation: Activation = .none
    ) -> [Float] {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        var c = [Float](repeating: 0, count: shape.batch * m * n)
        for batch in 0..<shape.batch {
            let aBase = batch * m * k
            let bBase = shareB ? 0 : batch * k * n
            for row in 0..<m {
                for column in 0..<n {
                    var sum: Float = 0
                    for depth in 0..<k {
                        let x = a[aBase + (transposeA ? depth * m + row : row * k + depth)]
                        let y = b[bBase + (transposeB ? column * k + depth : depth * n + column)]
                        sum += x * y
                    }
                    c[batch * m * n + row * n + column] = activation.apply(sum + (bias?[column] ?? 0))
                }
            }
        }
        return c
    }
}
