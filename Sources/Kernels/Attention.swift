import Foundation
import GPU

/// Multi-head scaled dot-product attention, O = softmax(Q K^T * scale + mask) V, computed
/// flash-attention style (Shaders/attention.comp): key/value tiles stream through shared memory
/// and a running softmax is kept per query row, so memory stays linear in the sequence length.
///
/// Q and O are [batch, heads, queryLength, headDimension], K and V [batch, heads, keyLength,
/// headDimension], each row-major in its own buffer. The causal mask is aligned to the end:
/// query i sees keys j <= i + (keyLength - queryLength), the usual lower triangle when the
/// lengths agree. A query row that sees no key (causal with queryLength > keyLength) is zero.
public struct Attention: Sendable {
    /// The sizes of one attention call.
    public struct Shape: Sendable, Hashable, CustomStringConvertible {
        public var batch: Int
        public var heads: Int
        public var queryLength: Int
        public var keyLength: Int
        public var headDimension: Int

        public init(batch: Int = 1, heads: Int, queryLength: Int, keyLength: Int, headDimension: Int) {
            self.batch = batch
            self.heads = heads
            self.queryLength = queryLength
            self.keyLength = keyLength
            self.headDimension = headDimension
        }

        /// Elements of Q (and O).
        public var queryCount: Int { batch * heads * queryLength * headDimension }
        /// Elements of K (and of V).
        public var keyCount: Int { batch * heads * keyLength * headDimension }

        public var description: String { "B\(batch) H\(heads) Sq\(queryLength) Sk\(keyLength) D\(headDimension)" }
    }

    /// Whether query i only sees keys j <= i + (keyLength - queryLength).
    public let causal: Bool
    /// Multiplier of Q K^T; nil means 1 / sqrt(headDimension).
    public let scale: Float?
    public let dataType: DataType
    /// Consecutive query rows each invocation owns (1...maxRowsPerInvocation); nil picks one for
    /// the device and head dimension. More rows reuse every K/V element read from shared memory
    /// more often but need more registers.
    public let rowsPerInvocation: Int?

    /// Head dimensions up to this (multiples of 4) are supported; query rows and output
    /// accumulators live in registers.
    public static let maxHeadDimension = 128
    public static let maxRowsPerInvocation = 8
    static let workgroupSize = 64
    /// Upper bound on keys per shared-memory tile (each invocation keeps rows x tile scores).
    static let maxKeyTile = 32

    public init(
        causal: Bool = false, scale: Float? = nil, dataType: DataType = .float32,
        rowsPerInvocation: Int? = nil
    ) {
        self.causal = causal
        self.scale = scale
        self.dataType = dataType
        self.rowsPerInvocation = rowsPerInvocation
    }

    /// The scale applied to Q K^T for heads of `headDimension`.
    public func effectiveScale(headDimension: Int) -> Float {
        scale ?? 1 / Float(headDimension).squareRoot()
    }

    /// Rows per invocation when the caller does not choose: as many as keep an invocation's query
    /// rows and accumulators (2 x rows x D floats) within a budget. On CPU devices (lavapipe) every
    /// shared-memory load is a loop over the SIMD lanes while spills are cheap, so the budget is
    /// large (measured: 8 rows run ~4x faster than 1 at D = 64); GPUs want few registers.
    static func defaultRowsPerInvocation(headDimension: Int, deviceKind: DeviceKind) -> Int {
        let budget = deviceKind == .cpu ? 1024 : 256
        return min(maxRowsPerInvocation, max(1, budget / (2 * headDimension)))
    }

    /// Keys per tile: the largest power of two up to `maxKeyTile` whose fp32 K and V tiles fit in
    /// `sharedMemoryBytes`, or nil if not even 4 keys fit.
    static func keyTile(headDimension: Int, sharedMemoryBytes: Int) -> Int? {
        let bytesPerKey = 2 * headDimension * MemoryLayout<Float>.size
        var tile = maxKeyTile
        while tile > 4 && tile * bytesPerKey > sharedMemoryBytes { tile /= 2 }
        return tile * bytesPerKey <= sharedMemoryBytes ? tile : nil
    }

    /// Records the kernel. `output` must be a buffer of its own (it is written while K and V are read).
    public func encode(
        on stream: CommandStream, query: GPUBuffer, key: GPUBuffer, value: GPUBuffer,
        output: GPUBuffer, shape: Shape
    ) throws(GPUError) {
        let dimension = shape.headDimension
        try require(
            dimension > 0 && dimension % 4 == 0 && dimension <= Self.maxHeadDimension,
            "attention head dimension must be a multiple of 4 from 4 to \(Self.maxHeadDimension), got \(dimension)")
        try require(
            shape.batch > 0 && shape.heads > 0 && shape.queryLength > 0 && shape.keyLength > 0,
            "attention needs at least one batch, head, query and key, got \(shape)")
        let log2e: Float = 1.442_695_040_888_963_4
        let scale = effectiveScale(headDimension: dimension)
        try require((scale * log2e).isFinite, "attention scale must be finite, got \(scale)")
        try requireCapacity(query, shape.queryCount, dataType, "attention query (\(shape))")
        try requireCapacity(key, shape.keyCount, dataType, "attention key (\(shape))")
        try requireCapacity(value, shape.keyCount, dataType, "attention value (\(shape))")
        try requireCapacity(output, shape.queryCount, dataType, "attention output (\(shape))")
        try require(
            output !== query && output !== key && output !== value,
            "attention output must not alias Q, K or V")

        let sharedMemoryBytes = Int(stream.device.info.limits.maxSharedMemoryBytes)
        guard let keyTile = Self.keyTile(headDimension: dimension, sharedMemoryBytes: sharedMemoryBytes) else {
            throw .unsupported(
                "attention with head dimension \(dimension) needs more than the \(sharedMemoryBytes) bytes of shared memory \(stream.device.info.name) has"
            )
        }
        let rows =
            rowsPerInvocation
            ?? Self.defaultRowsPerInvocation(headDimension: dimension, deviceKind: stream.device.info.kind)
        try require(
            (1...Self.maxRowsPerInvocation).contains(rows),
            "attention rows per invocation must be 1...\(Self.maxRowsPerInvocation), got \(rows)")
        let pipeline = try stream.device.kernelPipeline(
            .attention, dataType: dataType,
            specialization: [
                .uint(UInt32(Self.workgroupSize)), .uint(UInt32(dimension)), .uint(UInt32(keyTile)),
                .bool(causal), .uint(UInt32(rows)),
            ])
        try stream.dispatch(
            pipeline, [.read(query), .read(key), .read(value), .write(output)],
            push: [.int(shape.queryLength), .int(shape.keyLength), .float(scale * log2e)],
            groups: (groups(shape.queryLength, Self.workgroupSize * rows), shape.heads, shape.batch),
            label: causal ? "attention.causal" : "attention")
    }

    /// CPU reference: for each query row, the scaled scores of the keys it sees, their softmax
    /// (max, exp, sum), and the weighted sum of values. With `queryRows`, only those rows of every
    /// (batch, head) are computed and the result is [batch, heads, queryRows.count, headDimension].
    public static func reference(
        query: [Float], key: [Float], value: [Float], shape: Shape,
        causal: Bool = false, scale: Float? = nil, queryRows: [Int]? = nil
    ) -> [Float] {
        let dimension = shape.headDimension
        let scale = scale ?? 1 / Float(dimension).squareRoot()
        let rows = queryRows ?? Array(0..<shape.queryLength)
        var output: [Float] = []
        output.reserveCapacity(shape.batch * shape.heads * rows.count * dimension)
        var scores = [Float](repeating: 0, count: shape.keyLength)
        for head in 0..<shape.batch * shape.heads {
            let queryBase = head * shape.queryLength * dimension
            let keyBase = head * shape.keyLength * dimension
            for row in rows {
                let visibleKeys =
                    causal
                    ? min(max(row + 1 + shape.keyLength - shape.queryLength, 0), shape.keyLength)
                    : shape.keyLength
                var result = [Float](repeating: 0, count: dimension)
                if visibleKeys > 0 {
                    for j in 0..<visibleKeys {
                        var dot: Float = 0
                        for d in 0..<dimension {
                            dot += query[queryBase + row * dimension + d] * key[keyBase + j * dimension + d]
                        }
                        scores[j] = dot * scale
                    }
                    let maximum = scores[0..<visibleKeys].max() ?? 0
                    var sum: Float = 0
                    for j in 0..<visibleKeys {
                        scores[j] = Foundation.exp(scores[j] - maximum)
                        sum += scores[j]
                    }
                    for j in 0..<visibleKeys {
                        let weight = scores[j] / sum
                        for d in 0..<dimension { result[d] += weight * value[keyBase + j * dimension + d] }
                    }
                }
                output += result
            }
        }
        return output
    }
}
