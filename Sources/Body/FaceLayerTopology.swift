/// The face layer's fixed structure: the canonical triangles with the mouth opening replaced by a
/// mouth interior that can open, each triangle's part, and the per-vertex attributes that do not
/// change from frame to frame.
///
/// Eyeballs: the triangles that close each eye opening are drawn over copies of the lid-contour
/// vertices (after the mouth's), which stay where the lids are in the photo and sit a little behind
/// them; the lids themselves move on a blink and cover the eyeball by depth instead of squashing it.
///
/// Mouth interior: for each inner-lip column between the corners (upper U_k, lower L_k) two extra
/// vertices A_k and B_k start where the photo's opening divides between the jaws (`MouthInteriorSplit`:
/// below the upper teeth when the photo shows them, else the middle); as the mouth opens A_k moves with
/// U_k and B_k with L_k (see `FaceModel.pose` for closing).
/// Rows U, A, B, L (corners 78 and 308 shared) give three strips: U-A and B-L show the photo's own
/// mouth interior, A-B (zero area at neutral) is the cavity that opens when the jaw drops.
struct FaceLayerTopology: Sendable {
    let faceVertexCount: Int
    /// Inner-lip columns between the corners, as (upper, lower) vertex pairs.
    let columnUpper: [Int]
    let columnLower: [Int]
    let triangles: [UInt32]
    let parts: [UInt32]
    /// [vertexCount][VertexAttributes.stride], with the per-frame mouth fields still 0.
    let baseAttributes: [Float]

    /// The lid-contour vertex each eyeball vertex copies, in eyeball-vertex order.
    let eyeballSources: [Int]
    /// Per eye (right, left): the lid-skin vertices just above the upper lid's lash line, each with the vertex
    /// above it (a ring higher). A closing lid shows skin that a fold hides while the eye is open; drawing it
    /// from the open lid's thin strip smeared the lash line over the whole eye, so as the lid closes these
    /// vertices take their texture from the ring above (lash line at the bottom, lid skin over the eye).
    let lidSkin: [[(vertex: Int, above: Int)]]

    var vertexCount: Int { faceVertexCount + 2 * columnUpper.count + eyeballSources.count }
    var eyeballBase: Int { faceVertexCount + 2 * columnUpper.count }
    func upperInteriorVertex(_ k: Int) -> Int { faceVertexCount + k }
    func lowerInteriorVertex(_ k: Int) -> Int { faceVertexCount + columnUpper.count + k }
    var mouthCorners: (Int, Int) {
        (FaceRegions.upperLipInner[0], FaceRegions.upperLipInner[FaceRegions.upperLipInner.count - 1])
    }

    init(canonical: CanonicalFace, regions: FaceRegions, landmarks: [SIMD2<Float>], upperShares: [Float]) {
        faceVertexCount = canonical.vertices.count
        let upperInner = FaceRegions.upperLipInner
        let lowerInner = FaceRegions.lowerLipInner
        columnUpper = Array(upperInner.dropFirst().dropLast())
        columnLower = Array(lowerInner.dropFirst().dropLast())

        var triangles: [UInt32] = []
        var parts: [UInt32] = []
        func add(_ a: Int, _ b: Int, _ c: Int, _ part: BodyPart) {
            triangles += [UInt32(a), UInt32(b), UInt32(c)]
            parts.append(part.rawValue)
        }
        let eyeballSources = FaceRegions.rightEye.vertices.sorted() + FaceRegions.leftEye.vertices.sorted()
        let eyeballBase = canonical.vertices.count + 2 * columnUpper.count
        var eyeball: [Int: Int] = [:]
        for (k, source) in eyeballSources.enumerated() { eyeball[source] = eyeballBase + k }
        self.eyeballSources = eyeballSources
        lidSkin = [FaceRegions.rightEye, FaceRegions.leftEye].map { Self.lidSkin(above: $0, canonical: canonical) }
        let lips = regions.lips
        for (t, (a, b, c)) in canonical.triangles.enumerated() where !regions.mouthOpeningTriangles.contains(t) {
            if regions.rightEyeTriangles.contains(t) || regions.leftEyeTriangles.contains(t),
                let ea = eyeball[a], let eb = eyeball[b], let ec = eyeball[c]
            {
                add(ea, eb, ec, regions.rightEyeTriangles.contains(t) ? .rightEye : .leftEye)
                continue
            }
            let part: BodyPart = lips.contains(a) && lips.contains(b) && lips.contains(c) ? .lips : .faceSkin
            add(a, b, c, part)
        }
        // Rows run from the subject's right corner (canonical x < 0) to the left one, top to bottom;
        // triangles are wound counter-clockwise seen from the front like the canonical ones.
        let (right, left) = (upperInner[0], upperInner[upperInner.count - 1])
        let count = canonical.vertices.count
        let columns = columnUpper.count
        let rowA = [right] + (0..<columns).map { count + $0 } + [left]
        let rowB = [right] + (0..<columns).map { count + columns + $0 } + [left]
        func strip(_ top: [Int], _ bottom: [Int], _ part: BodyPart) {
            for k in 0..<(top.count - 1) {
                for (a, b, c) in [(top[k], bottom[k], bottom[k + 1]), (top[k], bottom[k + 1], top[k + 1])]
                where a != b && b != c && a != c { add(a, b, c, part) }
            }
        }
        strip(upperInner, rowA, .mouthInterior)
        strip(rowA, rowB, .mouthCavity)
        strip(rowB, lowerInner, .mouthInterior)
        self.triangles = triangles
        self.parts = parts

        let stride = VertexAttributes.stride
        var attributes = [Float](repeating: 0, count: (count + 2 * columns + eyeballSources.count) * stride)
        func set(_ vertex: Int, _ field: Int, _ value: Float) { attributes[vertex * stride + field] = value }
        let oval = Set(regions.faceOval)
        for i in 0..<count {
            set(i, 0, landmarks[i].x)
            set(i, 1, landmarks[i].y)
            set(i, 2, oval.contains(i) ? 0 : 1)
        }
        /// Where `point` lies along the segment from `start` (0) to `end` (1), clamped.
        func along(_ point: SIMD2<Float>, _ start: SIMD2<Float>, _ end: SIMD2<Float>) -> Float {
            let axis = end - start
            let length2 = (axis * axis).sum()
            return length2 > 0 ? min(max(((point - start) * axis).sum() / length2, 0), 1) : 0
        }
        for eye in [FaceRegions.rightEye, FaceRegions.leftEye] {
            let (outer, inner) = (landmarks[eye.outerCorner], landmarks[eye.innerCorner])
            let width = ((inner - outer) * (inner - outer)).sum().squareRoot()
            for j in eye.upperLid.indices {
                let (upper, lower) = (eye.upperLid[j], eye.lowerLid[j])
                let isCorner = upper == lower
                for (source, v) in [(upper, isCorner ? Float(0.5) : 0), (lower, isCorner ? Float(0.5) : 1)] {
                    guard let vertex = eyeball[source] else { continue }
                    set(vertex, 0, landmarks[source].x)
                    set(vertex, 1, landmarks[source].y)
                    set(vertex, 2, 1)
                    set(vertex, 3, along(landmarks[source], outer, inner))
                    set(vertex, 4, v)
                    set(vertex, 7, width)
                }
            }
        }
        let (rightCorner, leftCorner) = (landmarks[right], landmarks[left])
        for k in 0..<columns {
            let (top, bottom) = (landmarks[columnUpper[k]], landmarks[columnLower[k]])
            let split = top + upperShares[k] * (bottom - top)
            let u = along(split, rightCorner, leftCorner)
            for (vertex, v) in [(count + k, Float(0)), (count + columns + k, Float(1))] {
                set(vertex, 0, split.x)
                set(vertex, 1, split.y)
                set(vertex, 2, 1)
                set(vertex, 3, u)
                set(vertex, 4, v)
            }
        }
        set(right, 3, 0)
        set(right, 4, 0.5)
        set(left, 3, 1)
        set(left, 4, 0.5)
        baseAttributes = attributes
    }

    /// For each upper-lid vertex between the corners, its highest mesh neighbour off the lids, and that one's.
    static func lidSkin(above eye: EyeContour, canonical: CanonicalFace) -> [(vertex: Int, above: Int)] {
        var neighbours: [Int: Set<Int>] = [:]
        for (a, b, c) in canonical.triangles {
            neighbours[a, default: []].formUnion([b, c])
            neighbours[b, default: []].formUnion([a, c])
            neighbours[c, default: []].formUnion([a, b])
        }
        let lids = eye.vertices
        func highest(_ v: Int, excluding: Set<Int>) -> Int? {
            neighbours[v, default: []].subtracting(excluding).max {
                canonical.vertices[$0].y < canonical.vertices[$1].y
            }
        }
        var pairs: [(vertex: Int, above: Int)] = []
        for v in eye.upperLid.dropFirst().dropLast() {
            guard let ring = highest(v, excluding: lids), !pairs.contains(where: { $0.vertex == ring }),
                let next = highest(ring, excluding: lids.union([ring])),
                canonical.vertices[next].y > canonical.vertices[ring].y
            else { continue }
            pairs.append((ring, next))
        }
        return pairs
    }
}
