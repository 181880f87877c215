import GPU

/// Fills the holes of an RGB image from their surroundings by push-pull (Gortler et al. 1996,
/// "The Lumigraph", section 3.3) in Shaders/push_pull.comp: the background plate behind a
/// person who moves.
///
/// The image is fp32 [H, W, 3]; the weights are fp32 [H, W] in 0...1 (1 known, 0 hole, in
/// between feathered; values outside are clamped). Level 0 is the image with premultiplied
/// colour `p = c * w` (0 where `w == 0`, so a hole's colour is ignored, even NaN). Each level
/// above halves the size, rounding up, until 1x1 (at least one level, so a 1x1 image has a
/// 1x1 level 1); see `levelSizes`.
///
/// **Push**, level k -> k + 1, over the up to four children (y, x) = (2i + dy, 2j + dx)
/// inside level k, dy outer and dx inner:
///
///     S = sum p_child,  W = sum w_child,  c = W > 0 ? S / W : 0
///     w_{k+1} = top ? 1 : min(W, 1),  p_{k+1} = c * w_{k+1}
///
/// The top (1x1) level counts as fully known: it holds the weighted mean of every known pixel.
///
/// **Pull**, from the level below the top down to level 0, in place:
///
///     out_k = p_k + (1 - w_k) * up(out_{k+1})      (out_top = p_top)
///
/// which is `c_k * w_k + (1 - w_k) * up(out_{k+1})`: a pixel of weight 1 keeps its colour exactly.
/// `up` is bilinear with the coarse pixel i centred at fine coordinate 2i + 0.5 and edges
/// clamped; per axis a fine index f = 2m takes coarse (max(m - 1, 0), m) with weights
/// (0.25, 0.75), and f = 2m + 1 takes (m, min(m + 1, size - 1)) with (0.75, 0.25); with `a`, `b`
/// the taps along x and `t`, `u` along y:
///
///     up = wt * (wa * C[t][a] + wb * C[t][b]) + wu * (wa * C[u][a] + wb * C[u][b])
///
/// Every output is a convex mix of known colours, so it stays within their range (an image with
/// no known pixel fills with 0). fp32 only; a 1920x1080 plate takes 11 levels, 22 dispatches
/// and about 11 MB of scratch. `Pass` (which pass a dispatch runs) is generated from Shaders/interface.glsl.
public struct PushPullInpaint: Sendable {
    static let workgroupSize = 64

    public init() {}

    /// Sizes of pyramid levels 1 through the 1x1 top for an image of `height` x `width`.
    public static func levelSizes(height: Int, width: Int) -> [Size2D] {
        var sizes = [Size2D((height + 1) / 2, (width + 1) / 2)]
        while let last = sizes.last, last.y > 1 || last.x > 1 {
            sizes.append(Size2D((last.y + 1) / 2, (last.x + 1) / 2))
        }
        return sizes
    }

    /// Bytes of the scratch buffer `encode` needs: the pyramid levels above 0 as vec4s.
    public static func scratchByteCount(height: Int, width: Int, device: GPUDevice) -> Int {
        guard height > 0, width > 0 else { return 0 }
        return ScratchLayout(height: height, width: width, device: device).byteCount
    }

    /// Records the 2 * levels dispatches. `shape` is the image's [H, W, 3]; `weightShape` is
    /// [H, W] (or [H, W, 1]). `scratch` (at least `scratchByteCount` bytes) holds the pyramid;
    /// without one, a buffer is made.
    public func encode(
        on stream: CommandStream, image: GPUBuffer, shape: [Int], weights: GPUBuffer,
        weightShape: [Int], output: GPUBuffer, scratch: GPUBuffer? = nil
    ) throws(GPUError) {
        try require(
            shape.count == 3 && shape[2] == 3 && shape[0] > 0 && shape[1] > 0,
            "push-pull inpainting takes a non-empty RGB image [H, W, 3], got shape \(shape)")
        let (height, width) = (shape[0], shape[1])
        try require(
            weightShape == [height, width] || weightShape == [height, width, 1],
            "push-pull inpainting weights must be [\(height), \(width)] like the image \(shape), got \(weightShape)")
        let pixels = height * width
        try require(pixels * 3 <= Int(UInt32.max), "push-pull inpainting image \(shape) exceeds 32-bit indexing")
        try requireCapacity(image, pixels * 3, .float32, "push-pull inpainting image")
        try requireCapacity(weights, pixels, .float32, "push-pull inpainting weights")
        try requireCapacity(output, pixels * 3, .float32, "push-pull inpainting output")
        try require(output !== image && output !== weights, "push-pull inpainting output must not alias its inputs")
        let device = stream.device
        let layout = ScratchLayout(height: height, width: width, device: device)
        let scratch = if let scratch { scratch } else { try device.makeBuffer(byteCount: layout.byteCount) }
        try require(
            scratch.byteCount >= layout.byteCount,
            "push-pull inpainting scratch needs \(layout.byteCount) bytes for \(shape), got \(scratch.byteCount)")
        try require(
            scratch !== image && scratch !== weights && scratch !== output,
            "push-pull inpainting scratch must be a buffer of its own")

        // Every pass binds all five buffers with the access the shader could make (the
        // validation layer's static view); level 0 has no scratch level, so its passes bind
        // a spare slot as "fine".
        let levels = [Size2D(height, width)] + layout.sizes
        func level(_ k: Int) -> BufferBinding {
            k == 0
                ? .readWrite(scratch, offset: 0, byteCount: 16)
                : .readWrite(scratch, offset: layout.offsets[k - 1], byteCount: 16 * levels[k].y * levels[k].x)
        }
        func dispatch(_ pass: Pass, fine k: Int) throws(GPUError) {
            let (fineSize, coarseSize) = (levels[k], levels[k + 1])
            // Level 0 with W % 4 == 0 goes by pairs of coarse pixels, with vec4 image access.
            let vectorized = k == 0 && width % 4 == 0
            let pipeline = try device.kernelPipeline(
                .pushPull, specialization: [.uint(UInt32(Self.workgroupSize)), .int(pass.rawValue), .bool(vectorized)])
            let push: PushConstants = [
                .int(fineSize.y), .int(fineSize.x), .int(coarseSize.y), .int(coarseSize.x),
                .int(k + 1 == levels.count - 1 ? 1 : 0),
            ]
            // One invocation per coarse pixel (pull fills its 2x2 fine children), or per pair.
            let invocations = coarseSize.y * (vectorized ? coarseSize.x / 2 : coarseSize.x)
            try stream.dispatch(
                pipeline, [.read(image), .read(weights), level(k), level(k + 1), .write(output)],
                push: push, groups: linearGroups(groups(invocations, Self.workgroupSize)),
                label: "push_pull.\(pass)")
        }
        let top = levels.count - 1
        try dispatch(.pushFromImage, fine: 0)
        for k in 1..<top { try dispatch(.push, fine: k) }
        for k in (1..<top).reversed() { try dispatch(.pull, fine: k) }
        try dispatch(.pullToImage, fine: 0)
    }

    /// Where each level above 0 lives in the scratch buffer, after a spare slot that level 0's
    /// passes bind in place of a scratch level.
    private struct ScratchLayout {
        let sizes: [Size2D]
        let offsets: [Int]
        let byteCount: Int

        init(height: Int, width: Int, device: GPUDevice) {
            let alignment = max(Int(device.info.limits.minStorageBufferOffsetAlignment), 16)
            func aligned(_ bytes: Int) -> Int { (bytes + alignment - 1) / alignment * alignment }
            sizes = PushPullInpaint.levelSizes(height: height, width: width)
            var offsets: [Int] = []
            var end = aligned(16)
            for size in sizes {
                offsets.append(end)
                end = aligned(end + 16 * size.y * size.x)
            }
            self.offsets = offsets
            byteCount = end
        }
    }

    /// CPU reference: the same pyramid and the same fp32 formulas as the shader (see the type's
    /// documentation). `image` is [H, W, 3], `weights` [H, W]; returns [H, W, 3].
    public static func reference(image: [Float], weights: [Float], height: Int, width: Int) -> [Float] {
        // A level: premultiplied colour (3 per pixel) and weight (1 per pixel).
        struct Level {
            var height: Int, width: Int
            var colour: [Float], weight: [Float]
        }
        var base = Level(
            height: height, width: width, colour: [Float](repeating: 0, count: height * width * 3),
            weight: [Float](repeating: 0, count: height * width))
        for pixel in 0..<height * width {
            let w = min(max(weights[pixel], 0), 1)
            base.weight[pixel] = w
            if w > 0 { for c in 0..<3 { base.colour[3 * pixel + c] = image[3 * pixel + c] * w } }
        }

        var pyramid = [base]
        let sizes = levelSizes(height: height, width: width)
        for (index, size) in sizes.enumerated() {
            let fine = pyramid[pyramid.count - 1]
            let isTop = index == sizes.count - 1
            var coarse = Level(
                height: size.y, width: size.x, colour: [Float](repeating: 0, count: size.y * size.x * 3),
                weight: [Float](repeating: 0, count: size.y * size.x))
            for cy in 0..<size.y {
                for cx in 0..<size.x {
                    var sum: [Float] = [0, 0, 0]
                    var weight: Float = 0
                    for fy in 2 * cy..<min(2 * cy + 2, fine.height) {
                        for fx in 2 * cx..<min(2 * cx + 2, fine.width) {
                            let child = fy * fine.width + fx
                            for c in 0..<3 { sum[c] += fine.colour[3 * child + c] }
                            weight += fine.weight[child]
                        }
                    }
                    let pixel = cy * size.x + cx
                    let w: Float = isTop ? 1 : min(weight, 1)
                    coarse.weight[pixel] = w
                    for c in 0..<3 { coarse.colour[3 * pixel + c] = (weight > 0 ? sum[c] / weight : 0) * w }
                }
            }
            pyramid.append(coarse)
        }

        // Pull: after this loop pyramid[k].colour holds out_k.
        for k in (0..<pyramid.count - 1).reversed() {
            let coarse = pyramid[k + 1]
            var fine = pyramid[k]
            for fy in 0..<fine.height {
                let (t, u, wt, wu) = taps(fy, size: coarse.height)
                for fx in 0..<fine.width {
                    let (a, b, wa, wb) = taps(fx, size: coarse.width)
                    let pixel = fy * fine.width + fx
                    for c in 0..<3 {
                        func at(_ y: Int, _ x: Int) -> Float { coarse.colour[3 * (y * coarse.width + x) + c] }
                        let up = wt * (wa * at(t, a) + wb * at(t, b)) + wu * (wa * at(u, a) + wb * at(u, b))
                        fine.colour[3 * pixel + c] += (1 - fine.weight[pixel]) * up
                    }
                }
            }
            pyramid[k] = fine
        }
        return pyramid[0].colour
    }

    /// The two coarse taps of fine index `f` along an axis of `size` coarse pixels, with weights.
    private static func taps(_ f: Int, size: Int) -> (Int, Int, Float, Float) {
        let m = f / 2
        return f % 2 == 0 ? (max(m - 1, 0), m, 0.25, 0.75) : (m, min(m + 1, size - 1), 0.75, 0.25)
    }
}
