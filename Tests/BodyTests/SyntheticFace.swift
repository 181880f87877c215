import Foundation
import Landmarks
import Perception

@testable import Body

/// Landmarks the way FaceMesh reports them, made from the canonical face with a known pose: the
/// (optionally edited) canonical vertices turned by `rotation` in the canonical frame, placed `distance`
/// cm in front of `camera`, projected; z = depth relative to the head centre in the same pixel scale
/// as x (smaller = closer).
struct SyntheticFace {
    static let width = 640, height = 480
    static let camera = PinholeCamera(imageWidth: width, imageHeight: height)
    static let flip = Rotation3(rows: [1, 0, 0], [0, -1, 0], [0, 0, -1])

    let canonical: CanonicalFace
    var rotation = Rotation3.identity
    var distance: Float = 50
    var offset = SIMD3<Float>(1.5, -2, 0)
    var edit: @Sendable (Int, SIMD3<Float>) -> SIMD3<Float> = { $1 }

    init(canonical: CanonicalFace) { self.canonical = canonical }

    /// Camera-space position of canonical vertex `i` in this pose.
    func cameraPoint(_ i: Int) -> SIMD3<Float> {
        Self.flip.apply(rotation.apply(edit(i, canonical.vertices[i]))) + offset + SIMD3(0, 0, distance)
    }

    var landmarks: [Point3D] {
        let camera = Self.camera
        let pixelsPerCm = camera.focalLength / distance
        return canonical.vertices.indices.map { i in
            let p = cameraPoint(i)
            let image = camera.project(p)
            return Point3D(x: image.x, y: image.y, z: pixelsPerCm * (p.z - distance))
        }
    }

    func fitted() throws -> FaceModel {
        try FaceModel.fit(landmarks: landmarks, imageWidth: Self.width, imageHeight: Self.height)
    }
}

func degrees(_ value: Float) -> Float { value * .pi / 180 }

/// The angle of the rotation taking `a` to `b`, in degrees.
func angleBetween(_ a: Rotation3, _ b: Rotation3) -> Float {
    let relative = a.transposed * b
    let trace = relative.row0.x + relative.row1.y + relative.row2.z
    return acos(min(max((trace - 1) / 2, -1), 1)) * 180 / .pi
}

extension ScreenMesh {
    func position(_ v: Int) -> SIMD3<Float> { SIMD3(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]) }
    func screen(_ v: Int) -> SIMD2<Float> { SIMD2(positions[3 * v], positions[3 * v + 1]) }
    func attribute(_ v: Int, _ field: Int) -> Float { attributes[v * VertexAttributes.stride + field] }
    func normal(_ v: Int) -> SIMD3<Float> { SIMD3(normals[3 * v], normals[3 * v + 1], normals[3 * v + 2]) }

    /// Total screen-space area of the triangles of `part`.
    func area(of part: BodyPart) -> Float {
        var total: Float = 0
        for t in 0..<triangleCount where parts[t] == part.rawValue {
            let a = screen(Int(triangles[3 * t]))
            let b = screen(Int(triangles[3 * t + 1]))
            let c = screen(Int(triangles[3 * t + 2]))
            let e1 = b - a
            let e2 = c - a
            total += abs(e1.x * e2.y - e1.y * e2.x) / 2
        }
        return total
    }
}

func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
