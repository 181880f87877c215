import Body
import GPU
import Kernels

/// Renders frames of one subject: uploads the two posed layers, rasterizes each (body, then face on top),
/// and runs the warp renderer (and the control maps when asked) in one command stream per frame.
public final class FrameRenderer {
    public let plates: SubjectPlates
    public let outputWidth: Int
    public let outputHeight: Int
    /// Time every dispatch with Vulkan timestamps (`RenderedFrame.timings`).
    public var profiling = false
    /// The face layer's anti-aliasing: samples per output pixel along each axis (odd; 1 = none), taken over the
    /// face's bounding box only (`SampleWindow`). Lowered for a frame whose samples would not fit one device buffer.
    public var faceSamplesPerAxis = FrameRenderer.defaultFaceSamplesPerAxis {
        didSet { faceSamplesPerAxis = max(1, faceSamplesPerAxis | 1) }
    }
    public static let defaultFaceSamplesPerAxis = 3

    private let warp = WarpComposite(
        parts: .init(
            mouthCavity: BodyPart.mouthCavity.rawValue,
            leftEye: BodyPart.leftEye.rawValue, rightEye: BodyPart.rightEye.rawValue))
    private let rasterizer = Rasterizer()

    public init(plates: SubjectPlates, outputWidth: Int, outputHeight: Int) throws(GPUError) {
        guard outputWidth > 0, outputHeight > 0 else {
            throw .invalidArgument("the output size \(outputWidth)x\(outputHeight) is empty")
        }
        self.plates = plates
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
    }

    /// The most output pixels a frame may have on `device`: every per-pixel buffer a frame binds must fit the
    /// device's `maxStorageBufferRange` (128 MiB on lavapipe, 4 GiB on most discrete GPUs). The widest are the
    /// control maps' 8 floats when `maps`, else the rasterizer's barycentrics and the colour buffer, 3 floats.
    public static func maxPixelCount(on device: GPUDevice, maps: Bool = false) -> Int {
        let bytesPerPixel = maps ? 4 * ControlMaps.channels : 12
        return Int(min(device.info.limits.maxStorageBufferRange, UInt64(Int32.max))) / bytesPerPixel
    }

    /// Renders one frame. Layer positions are in PHOTO pixels (as the Body module poses them) and are scaled
    /// to the output here; reference points stay in photo pixels.
    public func render(body: ScreenMesh, face: ScreenMesh, frame: WarpComposite.FrameState, maps: Bool = false)
        throws(GPUError) -> RenderedFrame
    {
        let device = plates.device
        let scene = try CombinedLayers(
            body: body, face: face,
            scaleX: Float(outputWidth) / Float(plates.width), scaleY: Float(outputHeight) / Float(plates.height))
        let pixels = outputWidth * outputHeight
        let shape = WarpShape(
            outputWidth: outputWidth, outputHeight: outputHeight, photoWidth: plates.width, photoHeight: plates.height,
            vertexCount: scene.vertexCount, bodyTriangleCount: body.triangleCount, faceTriangleCount: face.triangleCount
        )
        let positions = try device.makeBuffer(
            scene.positions.isEmpty ? [Float](repeating: 0, count: 3) : scene.positions)
        let attributes = try device.makeBuffer(
            scene.attributes.isEmpty ? [Float](repeating: 0, count: 8) : scene.attributes)
        let parts = try device.makeBuffer(scene.parts.isEmpty ? [UInt32(0)] : scene.parts)
        let stream = try device.makeStream(profiling: profiling)

        func layer(_ triangles: [UInt32], _ count: Int, vertices: GPUBuffer, window: SampleWindow) throws(GPUError)
            -> WarpLayer
        {
            let samples = window.sampleCount
            let layer = WarpLayer(
                triangles: try device.makeBuffer(triangles.isEmpty ? [UInt32(0)] : triangles),
                ids: try device.makeBuffer(byteCount: 4 * samples),
                barycentrics: try device.makeBuffer(byteCount: 12 * samples),
                depth: try device.makeBuffer(byteCount: 4 * samples), triangleCount: count)
            let scratch = try device.makeBuffer(
                byteCount: Rasterizer.scratchByteCount(width: window.sampleWidth, height: window.sampleHeight))
            try rasterizer.encode(
                on: stream, vertices: vertices, triangles: layer.triangles, scratch: scratch,
                ids: layer.ids, depth: layer.depth, barycentrics: layer.barycentrics,
                shape: .init(
                    width: window.sampleWidth, height: window.sampleHeight, vertexCount: scene.vertexCount,
                    triangleCount: count))
            return layer
        }
        let whole = SampleWindow.whole(width: outputWidth, height: outputHeight)
        let bodyLayer = try layer(scene.bodyTriangles, body.triangleCount, vertices: positions, window: whole)
        let faceWindow = faceSampleWindow(scene, on: device)
        let facePositions =
            faceWindow == whole
            ? positions
            : try device.makeBuffer(
                faceWindow.sampleGridPositions(scene.positions.isEmpty ? [0, 0, 0] : scene.positions))
        let faceLayer = try layer(scene.faceTriangles, face.triangleCount, vertices: facePositions, window: faceWindow)
        let colour = try device.makeBuffer(byteCount: 12 * pixels)
        try warp.encode(
            on: stream, photo: plates.photo, plate: plates.plate, matte: plates.matte, attributes: attributes,
            parts: parts, body: bodyLayer, face: faceLayer, faceWindow: faceWindow, frame: frame, shape: shape,
            output: colour)
        var mapBuffer: GPUBuffer?
        if maps {
            let normals = try device.makeBuffer(scene.normals.isEmpty ? [Float](repeating: 0, count: 3) : scene.normals)
            let output = try device.makeBuffer(byteCount: 4 * ControlMaps.channels * pixels)
            // The maps carry one surface per pixel: the face rasterized at the output's own resolution.
            let faceMapLayer =
                faceWindow == whole
                ? faceLayer : try layer(scene.faceTriangles, face.triangleCount, vertices: positions, window: whole)
            try ControlMaps().encode(
                on: stream, matte: plates.matte, attributes: attributes, normals: normals, parts: parts,
                body: bodyLayer, face: faceMapLayer, shape: shape, output: output)
            mapBuffer = output
        }
        try stream.submitAndWait()
        let rgb = try colour.read(Float.self, count: 3 * pixels)
        return RenderedFrame(
            width: outputWidth, height: outputHeight, pixels: rgb.map { UInt8((min(max($0, 0), 1) * 255).rounded()) },
            maps: try mapBuffer?.read(Float.self, count: ControlMaps.channels * pixels),
            timings: profiling ? try stream.timings() : [])
    }

    /// The face layer's samples: its bounding box in the output (a pixel of margin, clipped to the frame) at
    /// `faceSamplesPerAxis`, fewer where the samples' barycentrics would outgrow one device buffer. A face
    /// entirely off the frame gets a 1x1 window its triangles do not cover.
    private func faceSampleWindow(_ scene: CombinedLayers, on device: GPUDevice) -> SampleWindow {
        var low = SIMD2<Float>(repeating: .infinity)
        var high = SIMD2<Float>(repeating: -.infinity)
        for v in scene.faceVertices {
            let p = SIMD2(scene.positions[3 * v], scene.positions[3 * v + 1])
            guard p.x.isFinite && p.y.isFinite else { continue }
            low = pointwiseMin(low, p)
            high = pointwiseMax(high, p)
        }
        let x0 = Int(max(0, min(Float(outputWidth), (low.x - 1).rounded(.down))))
        let y0 = Int(max(0, min(Float(outputHeight), (low.y - 1).rounded(.down))))
        let x1 = Int(max(0, min(Float(outputWidth), (high.x + 1).rounded(.up))))
        let y1 = Int(max(0, min(Float(outputHeight), (high.y + 1).rounded(.up))))
        guard x1 > x0 && y1 > y0 else { return SampleWindow(x: 0, y: 0, width: 1, height: 1, samplesPerAxis: 1) }
        let range = Int(min(device.info.limits.maxStorageBufferRange, UInt64(Int32.max)))
        var n = faceSamplesPerAxis
        while n > 1 && 12 * (x1 - x0) * (y1 - y0) * n * n > range { n -= 2 }
        return SampleWindow(x: x0, y: y0, width: x1 - x0, height: y1 - y0, samplesPerAxis: n)
    }
}

/// The two layers as one vertex array (body first) with the face's indices shifted, validated, positions scaled
/// from photo to output pixels.
struct CombinedLayers {
    var positions: [Float]
    var attributes: [Float]
    var normals: [Float]
    var bodyTriangles: [UInt32]
    var faceTriangles: [UInt32]
    var parts: [UInt32]
    var vertexCount: Int
    /// The face layer's vertices in the combined array (after the body's).
    var faceVertices: Range<Int>

    init(body: ScreenMesh, face: ScreenMesh, scaleX: Float, scaleY: Float) throws(GPUError) {
        for (mesh, name) in [(body, "body"), (face, "face")] {
            let n = mesh.vertexCount
            guard mesh.positions.count == 3 * n, mesh.attributes.count == VertexAttributes.stride * n,
                mesh.normals.count == 3 * n,
                mesh.parts.count == mesh.triangleCount, mesh.triangles.count % 3 == 0
            else {
                throw .invalidArgument(
                    "the \(name) layer's arrays disagree: \(mesh.positions.count) position, \(mesh.attributes.count) attribute, \(mesh.normals.count) normal values, \(mesh.triangles.count) indices, \(mesh.parts.count) parts"
                )
            }
            try Rasterizer.validate(triangles: mesh.triangles, vertexCount: n)
        }
        vertexCount = body.vertexCount + face.vertexCount
        faceVertices = body.vertexCount..<vertexCount
        positions = body.positions + face.positions
        for v in 0..<vertexCount {
            positions[3 * v] *= scaleX
            positions[3 * v + 1] *= scaleY
        }
        attributes = body.attributes + face.attributes
        normals = body.normals + face.normals
        bodyTriangles = body.triangles
        let offset = UInt32(body.vertexCount)
        faceTriangles = face.triangles.map { $0 + offset }
        parts = body.parts + face.parts
    }
}
