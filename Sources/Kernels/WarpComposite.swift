import Foundation
import GPU

/// One rasterized layer of the posed subject as the warp kernels read it: its triangles (indices into the
/// shared vertex attributes) and the rasterizer's per-pixel outputs over the output image.
public struct WarpLayer {
    public var triangles: GPUBuffer
    public var ids: GPUBuffer
    public var barycentrics: GPUBuffer
    public var depth: GPUBuffer
    public var triangleCount: Int

    public init(triangles: GPUBuffer, ids: GPUBuffer, barycentrics: GPUBuffer, depth: GPUBuffer, triangleCount: Int) {
        self.triangles = triangles
        self.ids = ids
        self.barycentrics = barycentrics
        self.depth = depth
        self.triangleCount = triangleCount
    }

    /// The same as host arrays, for the CPU references.
    public struct Host: Sendable {
        public var triangles: [UInt32]
        public var ids: [UInt32]
        public var barycentrics: [Float]
        public var depth: [Float]

        public init(triangles: [UInt32], ids: [UInt32], barycentrics: [Float], depth: [Float]) {
            self.triangles = triangles
            self.ids = ids
            self.barycentrics = barycentrics
            self.depth = depth
        }
    }
}

/// Sizes shared by the warp kernels: the output image, the photo its layers sample, and the mesh.
public struct WarpShape: Sendable, Hashable {
    public var outputWidth: Int, outputHeight: Int
    public var photoWidth: Int, photoHeight: Int
    /// Vertices behind the attribute buffer (both layers' triangles index into it).
    public var vertexCount: Int
    public var bodyTriangleCount: Int, faceTriangleCount: Int

    public init(
        outputWidth: Int, outputHeight: Int, photoWidth: Int, photoHeight: Int,
        vertexCount: Int, bodyTriangleCount: Int, faceTriangleCount: Int
    ) {
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        self.photoWidth = photoWidth
        self.photoHeight = photoHeight
        self.vertexCount = vertexCount
        self.bodyTriangleCount = bodyTriangleCount
        self.faceTriangleCount = faceTriangleCount
    }

    var outputPixels: Int { outputWidth * outputHeight }
    var photoPixels: Int { photoWidth * photoHeight }
    /// Photo pixels per output pixel, for sampling the plate at an output pixel.
    var photoScale: Float { Float(photoWidth) / Float(outputWidth) }

    func validate(_ what: String) throws(GPUError) {
        try require(
            outputWidth > 0 && outputHeight > 0 && photoWidth > 0 && photoHeight > 0,
            "\(what): empty image (output \(outputWidth)x\(outputHeight), photo \(photoWidth)x\(photoHeight))")
        try require(
            vertexCount >= 0 && bodyTriangleCount >= 0 && faceTriangleCount >= 0,
            "\(what): negative mesh size in \(self)")
        try require(
            8 * max(outputPixels, photoPixels, vertexCount) < Int(Int32.max), "\(what): \(self) exceeds 32-bit indexing"
        )
    }
}

/// Stage 2's warp renderer (Shaders/warp_composite.comp): the background plate, the body layer over it and
/// the face layer on top. A covered layer samples the photo at its surface point's reference coordinate
/// (bilinear, pixel centres at +0.5, clamped edges); the mouth cavity is synthesized (dark cavity, tongue,
/// the teeth rows the photo does not show, coloured by `MouthPalette`) and the eyeballs take the gaze shift (a blink is geometry: the lids close over them). The layer's
/// weight is its interpolated vertex alpha times the matte at the reference point. Vertex attributes follow
/// `VertexAttributes` in the Body module (8 floats). The face layer may be rasterized over a `SampleWindow`
/// with several samples per pixel: each sample is shaded and composited over the pixel's plate-and-body colour,
/// and the pixel takes their mean (the face's anti-aliasing). Output: [outputHeight][outputWidth][3] floats.
public struct WarpComposite: Sendable {
    /// Part labels that are not simply sampled from the photo.
    public struct SpecialParts: Sendable, Hashable {
        public var mouthCavity: UInt32, leftEye: UInt32, rightEye: UInt32
        public init(mouthCavity: UInt32, leftEye: UInt32, rightEye: UInt32) {
            self.mouthCavity = mouthCavity
            self.leftEye = leftEye
            self.rightEye = rightEye
        }
    }

    /// The teeth rows the cavity draws: those the photo does not show itself.
    public struct TeethRows: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Under the upper lip, at the top of the opening.
        public static let upper = TeethRows(rawValue: Int32(ShaderConstants.teethUpper))
        /// Above the lower lip, at the bottom of the opening.
        public static let lower = TeethRows(rawValue: Int32(ShaderConstants.teethLower))
        public static let both: TeethRows = [.upper, .lower]
    }

    /// Colours of the synthesized mouth interior, 0...1 like the photo's pixels (a grayscale photo gets a gray one).
    public struct MouthPalette: Sendable, Hashable {
        /// The dark back of the mouth, at its brightest (the middle, near the lower teeth).
        public var cavity: SIMD3<Float>
        public var tongue: SIMD3<Float>
        /// Teeth in full light.
        public var enamel: SIMD3<Float>
        public init(cavity: SIMD3<Float>, tongue: SIMD3<Float>, enamel: SIMD3<Float>) {
            self.cavity = cavity
            self.tongue = tongue
            self.enamel = enamel
        }
        /// For a photo whose lips and white point are not known.
        public static let standard = MouthPalette(
            cavity: [0.20, 0.06, 0.06], tongue: [0.62, 0.27, 0.27], enamel: [0.88, 0.85, 0.78])
    }

    /// Per-frame shading inputs.
    public struct FrameState: Sendable, Hashable {
        /// Gaze in fractions of the iris's travel: +x to the viewer's right, +y down.
        public var gazeX: Float, gazeY: Float
        /// Teeth rows to draw in the cavity.
        public var teeth: TeethRows
        public var palette: MouthPalette
        public init(gazeX: Float = 0, gazeY: Float = 0, teeth: TeethRows = .both, palette: MouthPalette = .standard) {
            self.gazeX = gazeX
            self.gazeY = gazeY
            self.teeth = teeth
            self.palette = palette
        }
    }

    static let workgroupSize = 64
    static let attributeStride = ShaderConstants.attributeStride
    static let gazeTravel: Float = 0.22

    public let parts: SpecialParts

    public init(parts: SpecialParts) { self.parts = parts }

    /// Records the kernel. `photo` and `plate` are [photoHeight][photoWidth][3] floats, `matte` [photoHeight][photoWidth],
    /// `attributes` [vertexCount][8], `parts` [bodyTriangleCount + faceTriangleCount] labels (body first). The body
    /// layer covers the output pixel for pixel; the face layer covers `faceWindow`'s samples (nil: the whole output,
    /// one sample per pixel).
    public func encode(
        on stream: CommandStream, photo: GPUBuffer, plate: GPUBuffer, matte: GPUBuffer,
        attributes: GPUBuffer, parts partLabels: GPUBuffer, body: WarpLayer, face: WarpLayer,
        faceWindow: SampleWindow? = nil, frame: FrameState, shape: WarpShape, output: GPUBuffer
    ) throws(GPUError) {
        try shape.validate("warp composite")
        let window = faceWindow ?? .whole(width: shape.outputWidth, height: shape.outputHeight)
        try window.validate(inside: shape, "warp face samples")
        try requireBytes(photo, 12 * shape.photoPixels, "warp photo")
        try requireBytes(plate, 12 * shape.photoPixels, "warp plate")
        try requireBytes(matte, 4 * shape.photoPixels, "warp matte")
        try requireBytes(attributes, 4 * Self.attributeStride * shape.vertexCount, "warp vertex attributes")
        try requireBytes(partLabels, 4 * (shape.bodyTriangleCount + shape.faceTriangleCount), "warp part labels")
        try requireLayer(body, shape.bodyTriangleCount, samples: shape.outputPixels, "body")
        try requireLayer(face, shape.faceTriangleCount, samples: window.sampleCount, "face")
        try requireBytes(output, 12 * shape.outputPixels, "warp output")
        for input in [
            photo, plate, matte, attributes, partLabels, body.triangles, body.ids, body.barycentrics,
            face.triangles, face.ids, face.barycentrics,
        ] {
            try require(input !== output, "warp output must not alias an input")
        }
        let pipeline = try stream.device.kernelPipeline(
            .warpComposite,
            specialization: [
                .uint(UInt32(Self.workgroupSize)), .uint(parts.mouthCavity), .uint(parts.leftEye),
                .uint(parts.rightEye),
                .int(Int32(window.samplesPerAxis)),
            ])
        let palette = frame.palette
        let colours = [palette.cavity, palette.tongue, palette.enamel].flatMap {
            [PushConstants.Value.float($0.x), .float($0.y), .float($0.z)]
        }
        let push = PushConstants(
            [
                .int(shape.outputWidth), .int(shape.outputHeight), .int(shape.photoWidth), .int(shape.photoHeight),
                .float(shape.photoScale), .uint(UInt32(shape.bodyTriangleCount)),
                .float(frame.gazeX), .float(frame.gazeY), .int(Int(frame.teeth.rawValue)),
            ] + colours
                + [.int(window.x), .int(window.y), .int(window.width), .int(window.height)])
        try stream.dispatch(
            pipeline,
            [
                .read(photo), .read(plate), .read(matte), .read(attributes),
                .read(body.triangles), .read(face.triangles), .read(partLabels),
                .read(body.ids), .read(body.barycentrics), .read(face.ids), .read(face.barycentrics),
                .write(output, byteCount: 12 * shape.outputPixels),
            ],
            push: push, groups: linearGroups(groups(shape.outputPixels, Self.workgroupSize)),
            label: "warp_composite")
    }

    /// CPU reference, the shader's arithmetic in the same order.
    public func reference(
        photo: [Float], plate: [Float], matte: [Float], attributes: [Float], parts partLabels: [UInt32],
        body: WarpLayer.Host, face: WarpLayer.Host, faceWindow: SampleWindow? = nil,
        frame: FrameState, shape: WarpShape
    ) -> [Float] {
        let sampler = PhotoSampler(
            photo: photo, plate: plate, matte: matte, width: shape.photoWidth, height: shape.photoHeight)
        let window = faceWindow ?? .whole(width: shape.outputWidth, height: shape.outputHeight)
        let n = window.samplesPerAxis
        var result = [Float](repeating: 0, count: 3 * shape.outputPixels)
        func composite(_ colour: SIMD3<Float>, _ surface: WarpSurface) -> SIMD3<Float> {
            let weight = min(max(surface.alpha * sampler.matte(surface.reference), 0), 1)
            return mix(colour, shade(surface, frame: frame, sampler: sampler), weight)
        }
        func surface(_ layer: WarpLayer.Host, _ sample: Int, _ base: Int) -> WarpSurface? {
            WarpSurface(layer: layer, pixel: sample, attributes: attributes, parts: partLabels, partBase: base)
        }
        let middle = n / 2
        let continuity = 2 * shape.photoScale
        for pixel in 0..<shape.outputPixels {
            let (x, y) = (pixel % shape.outputWidth, pixel / shape.outputWidth)
            let centre = SIMD2(Float(x), Float(y)) + 0.5
            var colour = sampler.sample(plate: true, centre * shape.photoScale)
            if let body = surface(body, pixel, 0) { colour = composite(colour, body) }
            let (wx, wy) = (x - window.x, y - window.y)
            if wx >= 0 && wy >= 0 && wx < window.width && wy < window.height {
                let first = wy * n * window.sampleWidth + wx * n
                let centreSample = first + middle * window.sampleWidth + middle
                let centreId = face.ids[centreSample]
                let centre = surface(face, centreSample, shape.bodyTriangleCount)
                let centreColour = centre.map { composite(colour, $0) } ?? colour
                var sum = SIMD3<Float>(repeating: 0)
                for j in 0..<n {
                    for i in 0..<n {
                        let sample = first + j * window.sampleWidth + i
                        if face.ids[sample] == centreId {
                            sum += centreColour
                        } else if let s = surface(face, sample, shape.bodyTriangleCount) {
                            let continues =
                                centre.map {
                                    s.part == $0.part
                                        && squaredLength(s.reference - $0.reference) <= continuity * continuity
                                } ?? false
                            sum += continues ? centreColour : composite(colour, s)
                        } else {
                            sum += colour
                        }
                    }
                }
                colour = sum / Float(n * n)
            }
            result[3 * pixel] = colour.x
            result[3 * pixel + 1] = colour.y
            result[3 * pixel + 2] = colour.z
        }
        return result
    }

    private func shade(_ s: WarpSurface, frame: FrameState, sampler: PhotoSampler) -> SIMD3<Float> {
        switch s.part {
        case parts.mouthCavity: return Self.mouthCavity(s, teeth: frame.teeth, palette: frame.palette)
        case parts.leftEye, parts.rightEye: return Self.eye(s, frame: frame, sampler: sampler)
        default: return sampler.sample(plate: false, s.reference)
        }
    }

    static func eye(_ s: WarpSurface, frame: FrameState, sampler: PhotoSampler) -> SIMD3<Float> {
        let u = min(max(s.uv.x, 0), 1)
        let v = min(max(s.uv.y, 0), 1)
        let travel = sin(Float.pi * u) * sin(Float.pi * v) * gazeTravel * s.scale
        return sampler.sample(plate: false, s.reference - SIMD2(frame.gazeX, frame.gazeY) * travel)
    }

    static func mouthCavity(_ s: WarpSurface, teeth: TeethRows, palette: MouthPalette) -> SIMD3<Float> {
        let u = min(max(s.uv.x, 0), 1)
        let across = 2 * u - 1
        let v = min(max(s.uv.y, 0), 1)
        let opening = max(s.aux.x, 0)
        let width = max(s.scale, 0)
        let light = 1 - across * across
        let fromTop = v * opening
        let fromBottom = (1 - v) * opening
        var colour = palette.cavity * (0.45 + 0.55 * light) * (0.55 + 0.45 * smoothstep(0, 0.5, v))
        let tongue =
            (1 - smoothstep(0.4, 0.7, abs(across))) * (1 - smoothstep(0.2, 0.4, fromBottom / max(opening, 1e-3)))
        colour = mix(colour, palette.tongue * (0.45 + 0.55 * light), tongue)
        let enamel = palette.enamel * (0.35 + 0.65 * light)
        if teeth.contains(.upper) {
            let height = 0.1 * width * light
            let upper = min(max(height - fromTop + 0.5, 0), 1)
            let shadow = 0.7 + 0.3 * smoothstep(0, 0.35 * height + 0.5, fromTop)
            let midline = 1 - 0.18 * (1 - smoothstep(0, 0.012, abs(across)))
            colour = mix(colour, enamel * shadow * midline, upper)
        }
        if teeth.contains(.lower) {
            let lower = min(max(0.07 * width * light - fromBottom + 0.5, 0), 1)
            colour = mix(colour, enamel * 0.95, lower)
        }
        return colour
    }

    private func requireLayer(_ layer: WarpLayer, _ count: Int, samples: Int, _ name: String) throws(GPUError) {
        try require(
            layer.triangleCount == count,
            "warp \(name) layer has \(layer.triangleCount) triangles, the shape says \(count)")
        try requireBytes(layer.triangles, 12 * count, "warp \(name) triangles")
        try requireBytes(layer.ids, 4 * samples, "warp \(name) ids")
        try requireBytes(layer.barycentrics, 12 * samples, "warp \(name) barycentrics")
        try requireBytes(layer.depth, 4 * samples, "warp \(name) depth")
    }
}

/// One covered pixel of a layer with its attributes interpolated (Shaders/warp.glsl `Surface`).
struct WarpSurface {
    var part: UInt32
    var reference: SIMD2<Float>
    var alpha: Float
    var uv: SIMD2<Float>
    var aux: SIMD2<Float>
    var scale: Float
    var vertices: (Int, Int, Int)
    var barycentrics: SIMD3<Float>

    init?(layer: WarpLayer.Host, pixel: Int, attributes: [Float], parts: [UInt32], partBase: Int) {
        let id = layer.ids[pixel]
        guard id != UInt32.max else { return nil }
        let t = Int(id)
        vertices = (Int(layer.triangles[3 * t]), Int(layer.triangles[3 * t + 1]), Int(layer.triangles[3 * t + 2]))
        barycentrics = SIMD3(
            layer.barycentrics[3 * pixel], layer.barycentrics[3 * pixel + 1], layer.barycentrics[3 * pixel + 2])
        var a = [Float](repeating: 0, count: WarpComposite.attributeStride)
        for k in 0..<WarpComposite.attributeStride {
            a[k] =
                barycentrics.x * attributes[vertices.0 * 8 + k] + barycentrics.y * attributes[vertices.1 * 8 + k]
                + barycentrics.z * attributes[vertices.2 * 8 + k]
        }
        part = parts[partBase + t]
        reference = SIMD2(a[0], a[1])
        alpha = a[2]
        uv = SIMD2(a[3], a[4])
        aux = SIMD2(a[5], a[6])
        scale = a[7]
    }
}

/// Bilinear sampling of the photo, plate and matte as the warp shaders do it.
struct PhotoSampler {
    var photo: [Float], plate: [Float], matte: [Float]
    var width: Int, height: Int

    private func taps(_ p: SIMD2<Float>) -> (x0: Int, x1: Int, y0: Int, y1: Int, t: SIMD2<Float>) {
        let q = p - 0.5
        let f = SIMD2(q.x.rounded(.down), q.y.rounded(.down))
        let (x, y) = (Int(f.x), Int(f.y))
        return (
            min(max(x, 0), width - 1), min(max(x + 1, 0), width - 1),
            min(max(y, 0), height - 1), min(max(y + 1, 0), height - 1), q - f
        )
    }

    func sample(plate fromPlate: Bool, _ p: SIMD2<Float>) -> SIMD3<Float> {
        let image = fromPlate ? plate : photo
        let k = taps(p)
        func texel(_ x: Int, _ y: Int) -> SIMD3<Float> {
            let i = 3 * (y * width + x)
            return SIMD3(image[i], image[i + 1], image[i + 2])
        }
        let top = mix(texel(k.x0, k.y0), texel(k.x1, k.y0), k.t.x)
        let bottom = mix(texel(k.x0, k.y1), texel(k.x1, k.y1), k.t.x)
        return mix(top, bottom, k.t.y)
    }

    func matte(_ p: SIMD2<Float>) -> Float {
        let k = taps(p)
        let top = matte[k.y0 * width + k.x0] * (1 - k.t.x) + matte[k.y0 * width + k.x1] * k.t.x
        let bottom = matte[k.y1 * width + k.x0] * (1 - k.t.x) + matte[k.y1 * width + k.x1] * k.t.x
        return top * (1 - k.t.y) + bottom * k.t.y
    }
}

func squaredLength(_ v: SIMD2<Float>) -> Float { v.x * v.x + v.y * v.y }

/// GLSL's mix, smoothstep.
func mix(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ t: Float) -> SIMD3<Float> { a * (1 - t) + b * t }

func smoothstep(_ edge0: Float, _ edge1: Float, _ x: Float) -> Float {
    let t = min(max((x - edge0) / (edge1 - edge0), 0), 1)
    return t * t * (3 - 2 * t)
}
