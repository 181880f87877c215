/// How far from the camera the body layer's surface is at each photo pixel. Inside the face's outline
/// it lies just behind the face mesh (so the face layer always wins and both turn together); around
/// the face it continues the outline's depth (hair, ears, neck), and it settles onto a flat body plane
/// a little behind the face about one face height away. Smooth everywhere the mesh is, so posing never
/// tears it.
struct BodyDepth: Sendable {
    let face: ProjectedFace
    /// Depth of the body plane, world units.
    let bodyPlane: Float
    /// Outline vertices as pixel (x, y) and depth.
    private let outline: [SIMD3<Float>]
    private let faceMin: SIMD2<Float>
    private let faceMax: SIMD2<Float>

    /// The body layer sits this far (world units, about cm) behind the face mesh where they overlap.
    static let behindFace: Float = 0.3
    /// The chest and shoulders are this far behind the face's median depth.
    static let bodyBehindFace: Float = 4

    init(face: ProjectedFace) {
        self.face = face
        bodyPlane = face.medianDepth + Self.bodyBehindFace
        outline = ProjectedFace.oval.map { face.points[$0] }
        let xs = face.points.map(\.x)
        let ys = face.points.map(\.y)
        faceMin = SIMD2(xs.min() ?? 0, ys.min() ?? 0)
        faceMax = SIMD2(xs.max() ?? 0, ys.max() ?? 0)
    }

    func depth(at q: SIMD2<Float>) -> Float {
        if let onFace = faceDepth(at: q) { return onFace + Self.behindFace }
        // Inverse-square-distance blend of the outline's depths: continuous with the face at its
        // border and smooth around it.
        var weighted: Float = 0
        var total: Float = 0
        var nearest = Float.infinity
        for p in outline {
            let d2 = (SIMD2(p.x, p.y) - q).dot(SIMD2(p.x, p.y) - q)
            let w = 1 / (d2 + 1)
            weighted += w * p.z
            total += w
            nearest = min(nearest, d2)
        }
        let aroundFace = weighted / total + Self.behindFace
        let t = smoothstep(0, face.height, nearest.squareRoot())
        return aroundFace + (bodyPlane - aroundFace) * t
    }

    /// Depth of the face mesh under a pixel (the nearest surface where it folds over itself), nil
    /// outside its projection.
    private func faceDepth(at q: SIMD2<Float>) -> Float? {
        guard q.x >= faceMin.x, q.y >= faceMin.y, q.x <= faceMax.x, q.y <= faceMax.y else { return nil }
        var best: Float?
        for (i, j, k) in face.triangles {
            let (a, b, c) = (face.points[i], face.points[j], face.points[k])
            let area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
            guard abs(area) > 1e-9 else { continue }
            let wb = ((q.x - a.x) * (c.y - a.y) - (q.y - a.y) * (c.x - a.x)) / area
            let wc = ((b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x)) / area
            let wa = 1 - wb - wc
            let tolerance: Float = -1e-5
            guard wa >= tolerance, wb >= tolerance, wc >= tolerance else { continue }
            let z = wa * a.z + wb * b.z + wc * c.z
            best = min(best ?? z, z)
        }
        return best
    }
}

/// 0 below `edge0`, 1 above `edge1`, a cubic in between with flat ends.
func smoothstep(_ edge0: Float, _ edge1: Float, _ x: Float) -> Float {
    guard edge1 > edge0 else { return x < edge0 ? 0 : 1 }
    let t = min(1, max(0, (x - edge0) / (edge1 - edge0)))
    return t * t * (3 - 2 * t)
}
