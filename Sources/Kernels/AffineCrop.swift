import GPU

/// Resamples a region of an RGB image into a model's input tensor (Shaders/affine_crop.comp):
/// an affine map from output pixel centres to image pixels, bilinear reads from pixel centres,
/// then `value * scale + offset` (e.g. 0...255 to -1...1). Perception uses it for every model
/// input: the whole photo resized for the detectors, a rotated face square for the face mesh.
public struct AffineCrop: Sendable {
    /// Row-major 2x3 matrix: source = M * (u, v, 1) for output pixel centre (u, v).
    public struct Transform: Sendable, Hashable {
        public var m00: Float, m01: Float, m02: Float, m10: Float, m11: Float, m12: Float
        public init(m00: Float, m01: Float, m02: Float, m10: Float, m11: Float, m12: Float) {
            self.m00 = m00
            self.m01 = m01
            self.m02 = m02
            self.m10 = m10
            self.m11 = m11
            self.m12 = m12
        }

        /// Output (0...outputWidth, 0...outputHeight) onto the axis-aligned source rectangle.
        public static func rectangle(
            minX: Float, minY: Float, width: Float, height: Float,
            outputWidth: Int, outputHeight: Int
        ) -> Transform {
            Transform(
                m00: width / Float(outputWidth), m01: 0, m02: minX,
                m10: 0, m11: height / Float(outputHeight), m12: minY)
        }
    }

    public enum Border: Sendable { case zero, replicate }

    public var border: Border
    public var scale: Float
    public var offset: Float

    static let workgroup = 8

    public init(border: Border = .zero, scale: Float = 1, offset: Float = 0) {
        self.border = border
        self.scale = scale
        self.offset = offset
    }

    /// Records the kernel: `image` holds [height, width, 3] floats, `output` receives [outputHeight, outputWidth, 3].
    public func encode(
        on stream: CommandStream, image: GPUBuffer, width: Int, height: Int, transform: Transform,
        output: GPUBuffer, outputWidth: Int, outputHeight: Int
    ) throws(GPUError) {
        try require(
            width > 0 && height > 0 && outputWidth > 0 && outputHeight > 0,
            "affine crop needs non-empty images, got \(width)x\(height) -> \(outputWidth)x\(outputHeight)")
        try requireCapacity(image, width * height * 3, .float32, "affine crop image")
        try requireCapacity(output, outputWidth * outputHeight * 3, .float32, "affine crop output")
        try require(image !== output, "affine crop output must not alias the image")
        let pipeline = try stream.device.kernelPipeline(
            .affineCrop,
            specialization: [.uint(UInt32(Self.workgroup)), .uint(UInt32(Self.workgroup)), .bool(border == .replicate)])
        let push: PushConstants = [
            .int(width), .int(height), .int(outputWidth), .int(outputHeight),
            .float(transform.m00), .float(transform.m01), .float(transform.m02),
            .float(transform.m10), .float(transform.m11), .float(transform.m12),
            .float(scale), .float(offset),
        ]
        try stream.dispatch(
            pipeline, [.read(image), .write(output)], push: push,
            groups: (groups(outputWidth, Self.workgroup), groups(outputHeight, Self.workgroup), 1),
            label: "affine_crop")
    }

    /// CPU reference.
    public func reference(
        image: [Float], width: Int, height: Int, transform t: Transform,
        outputWidth: Int, outputHeight: Int
    ) -> [Float] {
        func tap(_ x: Int, _ y: Int, _ channel: Int) -> Float {
            var (x, y) = (x, y)
            if border == .replicate {
                x = min(max(x, 0), width - 1)
                y = min(max(y, 0), height - 1)
            } else if x < 0 || y < 0 || x >= width || y >= height {
                return 0
            }
            return image[(y * width + x) * 3 + channel]
        }
        var result = [Float](repeating: 0, count: outputWidth * outputHeight * 3)
        for y in 0..<outputHeight {
            for x in 0..<outputWidth {
                let (u, v) = (Float(x) + 0.5, Float(y) + 0.5)
                let sx = t.m00 * u + t.m01 * v + t.m02 - 0.5
                let sy = t.m10 * u + t.m11 * v + t.m12 - 0.5
                let (x0, y0) = (Int(sx.rounded(.down)), Int(sy.rounded(.down)))
                let (fx, fy) = (sx - Float(x0), sy - Float(y0))
                for channel in 0..<3 {
                    let top = tap(x0, y0, channel) * (1 - fx) + tap(x0 + 1, y0, channel) * fx
                    let bottom = tap(x0, y0 + 1, channel) * (1 - fx) + tap(x0 + 1, y0 + 1, channel) * fx
                    result[(y * outputWidth + x) * 3 + channel] = (top * (1 - fy) + bottom * fy) * scale + offset
                }
            }
        }
        return result
    }
}
