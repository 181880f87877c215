/// The fitted face as the photo shows it: its 468 vertices projected to pixels, and the sizes and
/// directions the body layer is laid out by (the chin, the face's up-down axis, its width and height).
struct ProjectedFace: Sendable {
    /// Pixel position (x, y) and camera depth z of every face vertex.
    let points: [SIMD3<Float>]
    let triangles: [(Int, Int, Int)]
    /// Chin tip in pixels.
    let chin: SIMD2<Float>
    /// Unit image direction from the forehead to the chin.
    let down: SIMD2<Float>
    /// Unit image direction to the viewer's right, perpendicular to `down`.
    let right: SIMD2<Float>
    /// Forehead-to-chin and cheek-to-cheek extents, pixels.
    let height: Float
    let width: Float
    /// Centre of the face between the cheeks, pixels.
    let center: SIMD2<Float>
    /// Median camera depth of the face vertices, world units.
    let medianDepth: Float

    // Index sets from MediaPipe's face mesh topology (Apache-2.0).
    static let foreheadTop = 10
    static let chinTip = 152
    static let rightCheek = 234 // subject's right, viewer's left
    static let leftCheek = 454
    /// The face outline, in order around the face.
    static let oval = [
        10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
        152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
    ]

    init(_ face: FaceGeometry) throws(BodyFitError) {
        guard face.vertices.count == 468 else {
            throw .invalidFaceGeometry("it has \(face.vertices.count) vertices, not the 468 of FaceMesh")
        }
        guard face.vertices.allSatisfy({ $0.z > 0 && $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
            throw .invalidFaceGeometry("some vertices are not in front of the camera")
        }
        guard face.triangles.allSatisfy({ [$0.0, $0.1, $0.2].allSatisfy { (0..<468).contains($0) } }) else {
            throw .invalidFaceGeometry("a triangle refers to a vertex that does not exist")
        }
        let points = face.vertices.map { face.camera.project($0) }
        func pixel(_ i: Int) -> SIMD2<Float> { SIMD2(points[i].x, points[i].y) }
        let axis = pixel(Self.chinTip) - pixel(Self.foreheadTop)
        let height = (axis * axis).sum().squareRoot()
        let across = pixel(Self.leftCheek) - pixel(Self.rightCheek)
        let width = (across * across).sum().squareRoot()
        guard height > 1, width > 1 else {
            throw .invalidFaceGeometry("it projects to less than a pixel")
        }
        self.points = points
        self.triangles = face.triangles
        self.chin = pixel(Self.chinTip)
        self.down = axis / height
        self.right = SIMD2(down.y, -down.x)
        self.height = height
        self.width = width
        self.center = (pixel(Self.leftCheek) + pixel(Self.rightCheek)) / 2
        let depths = face.vertices.map(\.z).sorted()
        self.medianDepth = depths[depths.count / 2]
    }

    /// How far below the chin (along the face's down axis) and how far right of the face's centre
    /// line a pixel lies, pixels.
    func chinFrame(_ q: SIMD2<Float>) -> (below: Float, across: Float) {
        ((q - chin).dot(down), (q - center).dot(right))
    }
}

extension SIMD2 where Scalar == Float {
    func dot(_ other: SIMD2<Float>) -> Float { (self * other).sum() }
    var length: Float { (self * self).sum().squareRoot() }
}
