import GPU

/// Bilinear or nearest-neighbour resize of an NHWC tensor to any output size (Shaders/resize.comp),
/// matching TFLite's RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (reference kernels) exactly.
///
/// Per axis, with `in` and `out` the input and output sizes and `o` an output index:
///
///     scale = alignCorners && out > 1 ? Float(in - 1) / Float(out - 1) : Float(in) / Float(out)
///
/// Bilinear:
///
///     s  = halfPixelCenters ? (Float(o) + 0.5) * scale - 0.5 : Float(o) * scale
///     i0 = max(floor(s), 0),  i1 = min(ceil(s), in - 1),  t = s - Float(i0)
///     y  = x[y0][x0] * (1 - ty) * (1 - tx) + x[y1][x0] * ty * (1 - tx)
///        + x[y0][x1] * (1 - ty) * tx       + x[y1][x1] * ty * tx
///
/// (with half-pixel centers `s` can be negative near the border; then i0 = i1 = 0 and the
/// weights still sum to one). Nearest:
///
///     s = (Float(o) + (halfPixelCenters ? 0.5 : 0)) * scale
///     i = min(alignCorners ? round(s) : floor(s), in - 1)     (round: half away from zero)
///
/// The shader computes `s` with the same fp32 operations, unfused, so it picks the same
/// neighbours as the reference bit for bit. `Mode` (bilinear or nearest) is generated from Shaders/interface.glsl.
public struct Resize: Sendable {
    public let mode: Mode
    public let alignCorners: Bool
    public let halfPixelCenters: Bool
    public let dataType: DataType

    static let runLength = 4 // output pixels per invocation; matches RUN in the shader
    static let channelLanesLimit = 64

    public init(_ mode: Mode, alignCorners: Bool = false, halfPixelCenters: Bool = false, dataType: DataType = .float32)
    {
        self.mode = mode
        self.alignCorners = alignCorners
        self.halfPixelCenters = halfPixelCenters
        self.dataType = dataType
    }

    /// TFLite's scale from output to input coordinates along one axis.
    static func scale(input: Int, output: Int, alignCorners: Bool) -> Float {
        alignCorners && output > 1 ? Float(input - 1) / Float(output - 1) : Float(input) / Float(output)
    }

    /// Records the kernel: `input` is NHWC `shape`, `output` is [N, outputSize.height, outputSize.width, C].
    public func encode(
        on stream: CommandStream, input: GPUBuffer, shape: [Int], output: GPUBuffer,
        outputSize: (height: Int, width: Int)
    ) throws(GPUError) {
        try require(
            shape.count == 4 && shape.allSatisfy { $0 > 0 }, "resize takes a non-empty NHWC tensor, got shape \(shape)")
        try require(outputSize.height > 0 && outputSize.width > 0, "resize output size \(outputSize) must be positive")
        try require(
            !(alignCorners && halfPixelCenters),
            "resize: alignCorners and halfPixelCenters cannot both be set (as in TFLite)")
        let (batches, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let outputCount = batches * outputSize.height * outputSize.width * channels
        try require(max(shape.reduce(1, *), outputCount) <= Int(UInt32.max), "resize tensor exceeds 32-bit indexing")
        try requireCapacity(input, shape.reduce(1, *), dataType, "resize input")
        try requireCapacity(output, outputCount, dataType, "resize output")
        try require(input !== output, "resize output must not alias its input")

        let vectorized = channels % 4 == 0
        let lanes = vectorized ? channels / 4 : channels
        let lanesPerGroup = min(lanes, Self.channelLanesLimit)
        let pipeline = try stream.device.kernelPipeline(
            .resize, dataType: dataType,
            specialization: [
                .uint(UInt32(lanesPerGroup)), .int(mode.rawValue), .bool(vectorized),
                .bool(alignCorners), .bool(halfPixelCenters),
            ])
        let push: PushConstants = [
            .int(batches), .int(height), .int(width), .int(lanes), .int(outputSize.height), .int(outputSize.width),
            .float(Self.scale(input: height, output: outputSize.height, alignCorners: alignCorners)),
            .float(Self.scale(input: width, output: outputSize.width, alignCorners: alignCorners)),
        ]
        let workgroups =
            batches * outputSize.height * groups(outputSize.width, Self.runLength) * groups(lanes, lanesPerGroup)
        try stream.dispatch(
            pipeline, [.read(input), .write(output)], push: push,
            groups: linearGroups(workgroups), label: "resize.\(mode)")
    }

    /// CPU reference: TFLite's reference_ops::ResizeBilinear and ResizeNearestNeighbor for fp32.
    public static func reference(
        _ resize: Resize, input x: [Float], shape: [Int],
        outputSize: (height: Int, width: Int)
    ) -> [Float] {
        let (batches, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let scaleY = scale(input: height, output: outputSize.height, alignCorners: resize.alignCorners)
        let scaleX = scale(input: width, output: outputSize.width, alignCorners: resize.alignCorners)
        func value(_ n: Int, _ iy: Int, _ ix: Int, _ c: Int) -> Float {
            x[((n * height + iy) * width + ix) * channels + c]
        }

        var result: [Float] = []
        result.reserveCapacity(batches * outputSize.height * outputSize.width * channels)
        for n in 0..<batches {
            for oy in 0..<outputSize.height {
                for ox in 0..<outputSize.width {
                    switch resize.mode {
                    case .nearest:
                        let iy = nearestSource(oy, scale: scaleY, size: height, resize)
                        let ix = nearestSource(ox, scale: scaleX, size: width, resize)
                        for c in 0..<channels { result.append(value(n, iy, ix, c)) }
                    case .bilinear:
                        let (sy, y0, y1) = bilinearSource(oy, scale: scaleY, size: height, resize)
                        let (sx, x0, x1) = bilinearSource(ox, scale: scaleX, size: width, resize)
                        let ty = sy - Float(y0)
                        let tx = sx - Float(x0)
                        for c in 0..<channels {
                            let top = value(n, y0, x0, c) * (1 - ty) * (1 - tx) + value(n, y1, x0, c) * ty * (1 - tx)
                            result.append(top + value(n, y0, x1, c) * (1 - ty) * tx + value(n, y1, x1, c) * ty * tx)
                        }
                    }
                }
            }
        }
        return result
    }

    private static func bilinearSource(_ o: Int, scale: Float, size: Int, _ resize: Resize) -> (Float, Int, Int) {
        let scaled = resize.halfPixelCenters ? (Float(o) + 0.5) * scale - 0.5 : Float(o) * scale
        return (scaled, max(Int(scaled.rounded(.down)), 0), min(Int(scaled.rounded(.up)), size - 1))
    }

    private static func nearestSource(_ o: Int, scale: Float, size: Int, _ resize: Resize) -> Int {
        let scaled = (Float(o) + (resize.halfPixelCenters ? 0.5 : 0)) * scale
        let index = resize.alignCorners ? Int(scaled.rounded()) : Int(scaled.rounded(.down))
        return max(min(index, size - 1), 0)
    }
}
