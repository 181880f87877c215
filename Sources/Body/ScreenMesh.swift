/// One layer of the posed subject for one frame, ready for the rasterizer and the warp renderer:
/// screen-space vertices, triangles with their part, and what each vertex carries.
public struct ScreenMesh: Sendable {
    /// [vertexCount][3]: x, y in output pixels (centres at +0.5), z = camera depth > 0.
    public var positions: [Float]
    /// [triangleCount][3] vertex indices.
    public var triangles: [UInt32]
    /// [triangleCount] `BodyPart` raw values.
    public var parts: [UInt32]
    /// [vertexCount][VertexAttributes.stride], see `VertexAttributes`.
    public var attributes: [Float]
    /// [vertexCount][3] unit normals in camera space (x right, y down, z away from the camera).
    public var normals: [Float]

    public init(
        positions: [Float] = [], triangles: [UInt32] = [], parts: [UInt32] = [],
        attributes: [Float] = [], normals: [Float] = []
    ) {
        self.positions = positions
        self.triangles = triangles
        self.parts = parts
        self.attributes = attributes
        self.normals = normals
    }

    public var vertexCount: Int { positions.count / 3 }
    public var triangleCount: Int { triangles.count / 3 }
}

/// The per-vertex record the warp renderer interpolates, `stride` floats:
///
/// - 0, 1 `referenceX`, `referenceY`: where this surface point is in the photo, in photo pixels
///   (the same pixel convention as screen positions). Neutral controls put every vertex at its own
///   reference point, which is why the neutral frame reproduces the photo.
/// - 2 `alpha`: the layer's coverage weight (1 inside; 0 on a feathered border).
/// - 3, 4 `u`, `v`: a part's own coordinates. Eyes: u from the outer to the inner corner (0...1),
///   v from the upper lid (0) to the lower lid (1). Mouth cavity: u corner to corner, v from the
///   upper teeth edge (0) to the lower (1). Unused elsewhere (0).
/// - 5, 6 `auxX`, `auxY`: mouth cavity: auxX = the opening's height in output pixels at this column this
///   frame. Unused elsewhere.
/// - 7 `scale`: eyes: the eye's width in photo pixels (gaze shift unit). Mouth cavity: the mouth's
///   width in output pixels.
public enum VertexAttributes {
    public static let stride = 8
}
