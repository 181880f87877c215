import GPU

/// The control maps of one posed frame (Shaders/control_maps.comp): per output pixel, for the front layer
/// (face where it covers, else body), 8 floats: depth, unit normal (x, y, z), photo reference point (x, y),
/// part label and layer weight (alpha * matte). Uncovered pixels are all zero. Output: [outputHeight][outputWidth][8].
public struct ControlMaps: Sendable {
    public static let channels = 8
    static let workgroupSize = 64

    public init() {}

    /// `normals` holds [vertexCount][3] floats; the other inputs are as for `WarpComposite`.
    public func encode(
        on stream: CommandStream, matte: GPUBuffer, attributes: GPUBuffer, normals: GPUBuffer,
        parts partLabels: GPUBuffer, body: WarpLayer, face: WarpLayer, shape: WarpShape,
        output: GPUBuffer
    ) throws(GPUError) {
        try shape.validate("control maps")
        try requireBytes(matte, 4 * shape.photoPixels, "control-map matte")
        try requireBytes(
            attributes, 4 * WarpComposite.attributeStride * shape.vertexCount, "control-map vertex attributes")
        try requireBytes(normals, 12 * shape.vertexCount, "control-map normals")
        try requireBytes(partLabels, 4 * (shape.bodyTriangleCount + shape.faceTriangleCount), "control-map part labels")
        for (layer, count, name) in [(body, shape.bodyTriangleCount, "body"), (face, shape.faceTriangleCount, "face")] {
            try require(
                layer.triangleCount == count,
                "control-map \(name) layer has \(layer.triangleCount) triangles, the shape says \(count)")
            try requireBytes(layer.triangles, 12 * count, "control-map \(name) triangles")
            try requireBytes(layer.ids, 4 * shape.outputPixels, "control-map \(name) ids")
            try requireBytes(layer.barycentrics, 12 * shape.outputPixels, "control-map \(name) barycentrics")
            try requireBytes(layer.depth, 4 * shape.outputPixels, "control-map \(name) depth")
        }
        try requireBytes(output, 4 * Self.channels * shape.outputPixels, "control-map output")
        let pipeline = try stream.device.kernelPipeline(
            .controlMaps, specialization: [.uint(UInt32(Self.workgroupSize))])
        let push: PushConstants = [
            .int(shape.outputWidth), .int(shape.outputHeight), .int(shape.photoWidth),
            .int(shape.photoHeight), .uint(UInt32(shape.bodyTriangleCount)),
        ]
        try stream.dispatch(
            pipeline,
            [
                .read(matte), .read(attributes), .read(normals),
                .read(body.triangles), .read(face.triangles), .read(partLabels),
                .read(body.ids), .read(body.barycentrics), .read(body.depth),
                .read(face.ids), .read(face.barycentrics), .read(face.depth),
                .write(output, byteCount: 4 * Self.channels * shape.outputPixels),
            ],
            push: push, groups: linearGroups(groups(shape.outputPixels, Self.workgroupSize)),
            label: "control_maps")
    }

    /// CPU reference.
    public static func reference(
        matte: [Float], attributes: [Float], normals: [Float], parts partLabels: [UInt32],
        body: WarpLayer.Host, face: WarpLayer.Host, shape: WarpShape
    ) -> [Float] {
        let sampler = PhotoSampler(
            photo: [], plate: [], matte: matte, width: shape.photoWidth, height: shape.photoHeight)
        var maps = [Float](repeating: 0, count: channels * shape.outputPixels)
        for pixel in 0..<shape.outputPixels {
            let onFace = face.ids[pixel] != UInt32.max
            let (layer, base) = onFace ? (face, shape.bodyTriangleCount) : (body, 0)
            guard
                let s = WarpSurface(
                    layer: layer, pixel: pixel, attributes: attributes, parts: partLabels, partBase: base)
            else {
                continue
            }
            let (b, v) = (s.barycentrics, s.vertices)
            var n = SIMD3<Float>.zero
            for k in 0..<3 {
                n[k] = b.x * normals[3 * v.0 + k] + b.y * normals[3 * v.1 + k] + b.z * normals[3 * v.2 + k]
            }
            let length2 = (n * n).sum()
            n = length2 > 0 ? n / length2.squareRoot() : .zero
            let weight = min(max(s.alpha * sampler.matte(s.reference), 0), 1)
            let values: [Float] = [
                layer.depth[pixel], n.x, n.y, n.z, s.reference.x, s.reference.y, Float(s.part), weight,
            ]
            for k in 0..<channels { maps[channels * pixel + k] = values[k] }
        }
        return maps
    }
}
