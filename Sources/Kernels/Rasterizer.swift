import GPU

/// Triangle rasterizer: per pixel the nearest triangle's id, its view depth and perspective-correct
/// barycentrics (Shaders/rasterize*.comp). Screen space: vertex (x, y) in pixels with pixel centres at
/// +0.5, z = view depth > 0; 1/z is interpolated linearly, so depth and barycentrics are perspective-correct.
///
/// Coverage: a pixel centre is inside when all three edge functions have the sign of the triangle's area,
/// zero included, so both windings draw (no culling) and a centre exactly on an edge shared by two
/// triangles belongs to both. Nearest = smallest z; equal depths go to the smaller triangle id, so the
/// result is deterministic. Zero-area triangles, triangles with a depth <= 0 or a non-finite position, and
/// triangles with a vertex index >= `vertexCount` draw nothing (the GPU cannot throw on buffer contents).
///
/// Depth test, three strategies with identical results (the smallest (depth bits, id) per pixel):
/// - `atomic64` (the default): one invocation per triangle does an atomicMin of (depth bits << 32 | id) per
///   covered pixel; `twoPass` where the device lacks 64-bit buffer atomics.
/// - `twoPass`: the minimum depth, then the minimum id among triangles at that depth, with 32-bit atomics.
/// - `binned`: triangles are binned into 16x16-pixel tiles, then one workgroup per tile sets up 64 listed
///   triangles at a time in shared memory and keeps each pixel's winner in registers: no atomics on pixels,
///   work spread over tiles rather than serialized per triangle. On lavapipe it is 3-9x slower than
///   `atomic64` (barriers and per-lane setup dominate there; README, bench kernels), so it is not the default;
///   it is the path to measure on GPUs where per-pixel atomics contend.
/// A resolve pass then recomputes depth and barycentrics from the winning triangle's vertices.
public struct Rasterizer: Sendable {
    public struct Shape: Sendable, Hashable {
        public var width: Int, height: Int, vertexCount: Int, triangleCount: Int
        public init(width: Int, height: Int, vertexCount: Int, triangleCount: Int) {
            self.width = width
            self.height = height
            self.vertexCount = vertexCount
            self.triangleCount = triangleCount
        }
        var pixelCount: Int { width * height }
    }

    public enum DepthTest: String, Sendable, CaseIterable {
        case binned, atomic64, twoPass
    }

    /// The id of pixels no triangle covers.
    public static let noTriangle = ShaderConstants.noTriangle
    static let workgroupSize = 64
    /// Tile edge of the binned path (Shaders/rasterize_bin.comp, rasterize_tiles.comp).
    static let tileSize = ShaderConstants.rasterTile
    /// Triangle ids a tile's list holds before the tile falls back to scanning every triangle.
    static let tileCapacity = 256
    /// Scratch sub-ranges start on this boundary (the largest minStorageBufferOffsetAlignment Vulkan allows).
    static let scratchAlignment = 256

    /// The strategy asked for; `atomic64` falls back to `twoPass` on devices without 64-bit buffer atomics.
    public let depthTest: DepthTest

    public init(depthTest: DepthTest = .atomic64) {
        self.depthTest = depthTest
    }

    /// The strategy `encode` takes on `device`.
    public func effectiveDepthTest(on device: GPUDevice) -> DepthTest {
        depthTest == .atomic64 && !(device.features.int64Atomics && device.features.int64) ? .twoPass : depthTest
    }

    private struct ScratchLayout {
        var winnerBytes: Int, countsOffset: Int, countsBytes: Int, listsOffset: Int, listsBytes: Int
        var byteCount: Int { listsOffset + listsBytes }

        init(width: Int, height: Int) {
            func aligned(_ n: Int) -> Int { (n + scratchAlignment - 1) / scratchAlignment * scratchAlignment }
            let tiles = ((width + tileSize - 1) / tileSize) * ((height + tileSize - 1) / tileSize)
            winnerBytes = 8 * width * height
            countsOffset = aligned(winnerBytes)
            countsBytes = 4 * tiles
            listsOffset = aligned(countsOffset + countsBytes)
            listsBytes = 4 * tiles * tileCapacity
        }
    }

    /// Bytes of the scratch buffer `encode` needs: 8 per pixel (winning id and depth bits) plus the tile lists.
    public static func scratchByteCount(width: Int, height: Int) -> Int {
        ScratchLayout(width: width, height: height).byteCount
    }

    /// Records the rasterization. `vertices` holds [vertexCount][3] floats (x, y, z), `triangles`
    /// [triangleCount][3] UInt32 indices; outputs are `ids` [height][width] UInt32, `depth` [height][width]
    /// floats (0 where uncovered) and `barycentrics` [height][width][3] floats (0 where uncovered).
    public func encode(
        on stream: CommandStream, vertices: GPUBuffer, triangles: GPUBuffer, scratch: GPUBuffer,
        ids: GPUBuffer, depth: GPUBuffer, barycentrics: GPUBuffer, shape: Shape
    ) throws(GPUError) {
        try require(shape.width > 0 && shape.height > 0, "Rasterizer image \(shape.width)x\(shape.height) is empty")
        try require(
            shape.vertexCount >= 0 && shape.triangleCount >= 0, "Rasterizer shape \(shape) has a negative count")
        let layout = ScratchLayout(width: shape.width, height: shape.height)
        try require(
            layout.byteCount < Int(Int32.max) && 3 * max(shape.vertexCount, shape.triangleCount) < Int(Int32.max),
            "Rasterizer \(shape) exceeds 32-bit indexing")
        try requireBytes(vertices, 12 * shape.vertexCount, "Rasterizer vertices ([\(shape.vertexCount)][3] floats)")
        try requireBytes(
            triangles, 12 * shape.triangleCount, "Rasterizer triangles ([\(shape.triangleCount)][3] UInt32)")
        try requireBytes(scratch, layout.byteCount, "Rasterizer scratch")
        try requireBytes(ids, 4 * shape.pixelCount, "Rasterizer ids")
        try requireBytes(depth, 4 * shape.pixelCount, "Rasterizer depth")
        try requireBytes(barycentrics, 12 * shape.pixelCount, "Rasterizer barycentrics")
        let outputs = [ids, depth, barycentrics]
        for output in outputs {
            try require(
                output !== vertices && output !== triangles && output !== scratch,
                "Rasterizer outputs must not alias an input or the scratch buffer")
        }
        try require(
            ids !== depth && ids !== barycentrics && depth !== barycentrics, "Rasterizer outputs must be distinct")

        let device = stream.device
        let push: PushConstants = [
            .int(shape.width), .int(shape.height), .int(shape.vertexCount), .int(shape.triangleCount),
        ]
        let winners = BufferBinding.readWrite(scratch, byteCount: layout.winnerBytes)
        try stream.fill(scratch, byteCount: layout.winnerBytes, with: Self.noTriangle)
        if shape.triangleCount > 0 {
            let triangleGroups = linearGroups(groups(shape.triangleCount, Self.workgroupSize))
            switch effectiveDepthTest(on: device) {
            case .binned:
                let counts = BufferBinding.readWrite(
                    scratch, offset: layout.countsOffset, byteCount: layout.countsBytes)
                let lists = BufferBinding.readWrite(scratch, offset: layout.listsOffset, byteCount: layout.listsBytes)
                try stream.fill(scratch, offset: layout.countsOffset, byteCount: layout.countsBytes, with: 0)
                let bin = try device.kernelPipeline(
                    .rasterizeBin,
                    specialization: [
                        .uint(UInt32(Self.workgroupSize)),
                        .uint(UInt32(Self.tileCapacity)),
                    ])
                try stream.dispatch(
                    bin, [.read(vertices), .read(triangles), counts, lists], push: push, groups: triangleGroups,
                    label: "rasterize_bin")
                let tiles = try device.kernelPipeline(
                    .rasterizeTiles, specialization: [.uint(UInt32(Self.tileCapacity))])
                let tileCount = layout.countsBytes / 4
                try stream.dispatch(
                    tiles, [.read(vertices), .read(triangles), counts, lists, winners], push: push,
                    groups: linearGroups(tileCount), label: "rasterize_tiles")
            case .atomic64:
                let pipeline = try device.kernelPipeline(
                    .rasterizeInt64, specialization: [.uint(UInt32(Self.workgroupSize))])
                try stream.dispatch(
                    pipeline, [.read(vertices), .read(triangles), winners], push: push, groups: triangleGroups,
                    label: "rasterize_int64")
            case .twoPass:
                for pass in 1...2 {
                    let pipeline = try device.kernelPipeline(
                        .rasterize, specialization: [.uint(UInt32(Self.workgroupSize)), .int(Int32(pass))])
                    try stream.dispatch(
                        pipeline, [.read(vertices), .read(triangles), winners], push: push, groups: triangleGroups,
                        label: "rasterize_pass\(pass)")
                }
            }
        }
        let resolve = try device.kernelPipeline(.rasterizeResolve, specialization: [.uint(UInt32(Self.workgroupSize))])
        try stream.dispatch(
            resolve,
            [
                .read(vertices), .read(triangles), .read(scratch, byteCount: layout.winnerBytes),
                .write(ids, byteCount: 4 * shape.pixelCount),
                .write(depth, byteCount: 4 * shape.pixelCount),
                .write(barycentrics, byteCount: 12 * shape.pixelCount),
            ],
            push: push, groups: linearGroups(groups(shape.pixelCount, Self.workgroupSize)),
            label: "rasterize_resolve")
    }

    /// Checks host-side triangle indices before upload: the GPU passes cannot throw, they skip a triangle
    /// with an index out of range, so callers that build meshes on the CPU validate here.
    public static func validate(triangles: [UInt32], vertexCount: Int) throws(GPUError) {
        try require(
            triangles.count % 3 == 0, "Rasterizer triangles hold \(triangles.count) indices, not a multiple of 3")
        if let bad = triangles.firstIndex(where: { Int($0) >= vertexCount }) {
            throw .invalidArgument("Rasterizer triangle \(bad / 3) uses vertex \(triangles[bad]) of \(vertexCount)")
        }
    }

    /// What the rasterizer writes, as host arrays.
    public struct Image: Sendable, Equatable {
        public var ids: [UInt32]
        public var depth: [Float]
        public var barycentrics: [Float]
        public init(ids: [UInt32], depth: [Float], barycentrics: [Float]) {
            self.ids = ids
            self.depth = depth
            self.barycentrics = barycentrics
        }
    }

    /// CPU reference: every triangle in id order over every pixel centre of its clipped bounding box,
    /// the same coverage rule and arithmetic order as the shaders.
    public static func reference(vertices: [Float], triangles: [UInt32], width: Int, height: Int) -> Image {
        let pixelCount = width * height
        var image = Image(
            ids: [UInt32](repeating: noTriangle, count: pixelCount),
            depth: [Float](repeating: 0, count: pixelCount),
            barycentrics: [Float](repeating: 0, count: 3 * pixelCount))
        for t in 0..<triangles.count / 3 {
            guard let triangle = ReferenceTriangle(t, vertices: vertices, triangles: triangles) else { continue }
            let (lo, hi) = triangle.pixelBounds(width: width, height: height)
            guard lo.x <= hi.x && lo.y <= hi.y else { continue }
            for y in lo.y...hi.y {
                for x in lo.x...hi.x {
                    let l = triangle.screenBarycentrics(x: x, y: y)
                    guard l.0 >= 0 && l.1 >= 0 && l.2 >= 0 else { continue }
                    let inverseDepth = triangle.interpolatedInverseDepth(l)
                    let z = 1 / inverseDepth
                    let pixel = y * width + x
                    // Triangles come in increasing id order: only a strictly nearer one replaces the winner.
                    if image.ids[pixel] != noTriangle && z >= image.depth[pixel] { continue }
                    image.ids[pixel] = UInt32(t)
                    image.depth[pixel] = z
                    image.barycentrics[3 * pixel] = l.0 * triangle.inverseDepth.0 / inverseDepth
                    image.barycentrics[3 * pixel + 1] = l.1 * triangle.inverseDepth.1 / inverseDepth
                    image.barycentrics[3 * pixel + 2] = l.2 * triangle.inverseDepth.2 / inverseDepth
                }
            }
        }
        return image
    }
}

/// One triangle of the CPU reference, set up like `loadTriangle` in Shaders/rasterize.glsl.
struct ReferenceTriangle {
    var p0: (x: Float, y: Float), p1: (x: Float, y: Float), p2: (x: Float, y: Float)
    var inverseDepth: (Float, Float, Float)
    var area: Float

    /// Nil when the triangle draws nothing.
    init?(_ t: Int, vertices: [Float], triangles: [UInt32]) {
        let indices = [Int(triangles[3 * t]), Int(triangles[3 * t + 1]), Int(triangles[3 * t + 2])]
        guard indices.allSatisfy({ $0 < vertices.count / 3 }) else { return nil }
        let v = indices.map { (x: vertices[3 * $0], y: vertices[3 * $0 + 1], z: vertices[3 * $0 + 2]) }
        guard v.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z > 0 }) else { return nil }
        p0 = (v[0].x, v[0].y)
        p1 = (v[1].x, v[1].y)
        p2 = (v[2].x, v[2].y)
        area = Self.edge(p0, p1, (p2.x, p2.y))
        inverseDepth = (1 / v[0].z, 1 / v[1].z, 1 / v[2].z)
        guard area != 0 && area.isFinite else { return nil }
    }

    static func edge(_ a: (x: Float, y: Float), _ b: (x: Float, y: Float), _ p: (x: Float, y: Float)) -> Float {
        (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
    }

    func pixelBounds(width: Int, height: Int) -> (lo: (x: Int, y: Int), hi: (x: Int, y: Int)) {
        let low = (x: min(p0.x, p1.x, p2.x), y: min(p0.y, p1.y, p2.y))
        let high = (x: max(p0.x, p1.x, p2.x), y: max(p0.y, p1.y, p2.y))
        func clamped(_ value: Float, _ lower: Float, _ upper: Float) -> Int { Int(min(max(value, lower), upper)) }
        return (
            (
                clamped((low.x - 0.5).rounded(.up), 0, Float(width)),
                clamped((low.y - 0.5).rounded(.up), 0, Float(height))
            ),
            (
                clamped((high.x - 0.5).rounded(.down), -1, Float(width - 1)),
                clamped((high.y - 0.5).rounded(.down), -1, Float(height - 1))
            )
        )
    }

    func screenBarycentrics(x: Int, y: Int) -> (Float, Float, Float) {
        let p = (x: Float(x) + 0.5, y: Float(y) + 0.5)
        return (Self.edge(p1, p2, p) / area, Self.edge(p2, p0, p) / area, Self.edge(p0, p1, p) / area)
    }

    func interpolatedInverseDepth(_ l: (Float, Float, Float)) -> Float {
        (l.0 * inverseDepth.0 + l.1 * inverseDepth.1) + l.2 * inverseDepth.2
    }
}
