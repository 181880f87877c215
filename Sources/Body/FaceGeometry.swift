/// What the body layer needs to know of the fitted face: where its surface is at neutral, so the head
/// part of the body mesh lies on the same depth as the face mesh and both turn together without a seam.
public struct FaceGeometry: Sendable {
    public var camera: PinholeCamera
    /// The 468 FaceMesh vertices at neutral controls, camera space (they project onto the photo's landmarks).
    public var vertices: [SIMD3<Float>]
    /// The canonical face triangles over `vertices`.
    public var triangles: [(Int, Int, Int)]
    /// The point the head turns about (top of the neck), camera space.
    public var neckPivot: SIMD3<Float>

    public init(camera: PinholeCamera, vertices: [SIMD3<Float>], triangles: [(Int, Int, Int)], neckPivot: SIMD3<Float>)
    {
        self.camera = camera
        self.vertices = vertices
        self.triangles = triangles
        self.neckPivot = neckPivot
    }
}
