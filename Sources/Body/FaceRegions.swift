/// One eye's lid contours, each running from the outer corner to the inner corner; the two lists
/// share their first (outer) and last (inner) vertex and pair up by position in between.
public struct EyeContour: Sendable, Hashable {
    public let upperLid: [Int]
    public let lowerLid: [Int]
    public var outerCorner: Int { upperLid[0] }
    public var innerCorner: Int { upperLid[upperLid.count - 1] }
    /// Every vertex of both lids.
    public var vertices: Set<Int> { Set(upperLid).union(lowerLid) }
}

/// Named parts of the 468-vertex face mesh. The index lists are index sets from MediaPipe's face mesh
/// topology (Apache-2.0); the regions derived from them (lip areas, the face oval, the triangles that
/// close the mouth and the eye openings) are computed from the canonical model's geometry and triangles.
public struct FaceRegions: Sendable {
    // Lip contours, from the subject's right mouth corner (canonical x < 0) to the left one.
    public static let upperLipOuter = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291]
    public static let lowerLipOuter = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291]
    public static let upperLipInner = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308]
    public static let lowerLipInner = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]

    /// The subject's right eye: the viewer's left, canonical x < 0 (33 outer corner, 133 inner).
    public static let rightEye = EyeContour(
        upperLid: [33, 246, 161, 160, 159, 158, 157, 173, 133],
        lowerLid: [33, 7, 163, 144, 145, 153, 154, 155, 133])
    /// The subject's left eye: the viewer's right, canonical x > 0 (263 outer corner, 362 inner).
    public static let leftEye = EyeContour(
        upperLid: [263, 466, 388, 387, 386, 385, 384, 398, 362],
        lowerLid: [263, 249, 390, 373, 374, 380, 381, 382, 362])

    public static let rightBrow = [70, 63, 105, 66, 107, 46, 53, 52, 65, 55]
    public static let leftBrow = [300, 293, 334, 296, 336, 276, 283, 282, 295, 285]

    public static let noseTip = 1
    public static let chin = 152
    public static let forehead = 10

    /// The mesh's outer boundary (edges used by one triangle), as an ordered loop.
    public let faceOval: [Int]
    /// All vertices of the upper / lower lip: inside (or on) the polygon made of the outer contour
    /// and the inner contour, in the canonical front view (x, y). The mouth corners belong to both.
    /// A few lip vertices (42, 183 and their mirrors) bulge in front of the opening, so in the front
    /// view they fall between the inner contours: each goes to the lip of its nearest inner-contour vertex.
    public let upperLip: Set<Int>
    public let lowerLip: Set<Int>
    /// Indices into the canonical triangle list: the triangles between the inner lip contours
    /// (the closed mouth opening) and between each eye's lids (the eye opening).
    public let mouthOpeningTriangles: Set<Int>
    public let rightEyeTriangles: Set<Int>
    public let leftEyeTriangles: Set<Int>

    public init(canonical: CanonicalFace) {
        faceOval = Self.boundaryLoop(canonical.triangles)
        let front = canonical.vertices.map { SIMD2($0.x, $0.y) }
        var upperLip = Self.verticesInside(contour: Self.upperLipOuter + Self.upperLipInner.reversed(), points: front)
        var lowerLip = Self.verticesInside(contour: Self.lowerLipOuter + Self.lowerLipInner.reversed(), points: front)
        let innerUpper = Array(Self.upperLipInner.dropFirst().dropLast())
        let innerLower = Array(Self.lowerLipInner.dropFirst().dropLast())
        let opening = Self.verticesInside(
            contour: Self.upperLipInner + Self.lowerLipInner.reversed().dropFirst().dropLast(), points: front)
        for i in opening.subtracting(Self.upperLipInner + Self.lowerLipInner) {
            func nearest(_ list: [Int]) -> Float {
                list.map {
                    let d = front[$0] - front[i]
                    return (d * d).sum()
                }.min() ?? .infinity
            }
            if nearest(innerUpper) <= nearest(innerLower) { upperLip.insert(i) } else { lowerLip.insert(i) }
        }
        self.upperLip = upperLip
        self.lowerLip = lowerLip
        func trianglesWithin(_ set: Set<Int>) -> Set<Int> {
            Set(
                canonical.triangles.indices.filter { t in
                    let (a, b, c) = canonical.triangles[t]
                    return set.contains(a) && set.contains(b) && set.contains(c)
                })
        }
        mouthOpeningTriangles = trianglesWithin(Set(Self.upperLipInner + Self.lowerLipInner))
        rightEyeTriangles = trianglesWithin(Self.rightEye.vertices)
        leftEyeTriangles = trianglesWithin(Self.leftEye.vertices)
    }

    public var lips: Set<Int> { upperLip.union(lowerLip) }

    /// Vertices whose point lies inside the closed polygon `contour` (even-odd rule), plus the contour's own.
    static func verticesInside(contour: [Int], points: [SIMD2<Float>]) -> Set<Int> {
        var inside = Set(contour)
        let polygon = contour.map { points[$0] }
        for (index, p) in points.enumerated() where !inside.contains(index) {
            var crossings = 0
            for k in polygon.indices {
                let a = polygon[k]
                let b = polygon[(k + 1) % polygon.count]
                guard (a.y > p.y) != (b.y > p.y) else { continue }
                let xAtY = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x)
                if p.x < xAtY { crossings += 1 }
            }
            if crossings % 2 == 1 { inside.insert(index) }
        }
        return inside
    }

    /// Chains the edges that only one triangle uses into a loop (the canonical mesh has exactly one).
    static func boundaryLoop(_ triangles: [(Int, Int, Int)]) -> [Int] {
        var uses: [Int: Int] = [:]
        for (a, b, c) in triangles {
            for (p, q) in [(a, b), (b, c), (c, a)] { uses[min(p, q) * 65536 + max(p, q), default: 0] += 1 }
        }
        var neighbours: [Int: [Int]] = [:]
        for (key, count) in uses where count == 1 {
            let (p, q) = (key / 65536, key % 65536)
            neighbours[p, default: []].append(q)
            neighbours[q, default: []].append(p)
        }
        guard let start = neighbours.keys.min() else { return [] }
        var loop = [start]
        var visited: Set<Int> = [start]
        var current = start
        while let next = neighbours[current]?.sorted().first(where: { !visited.contains($0) }) {
            loop.append(next)
            visited.insert(next)
            current = next
        }
        // Any boundary vertex the walk did not reach (a mesh with several holes) still belongs to the border.
        loop.append(contentsOf: neighbours.keys.filter { !visited.contains($0) }.sorted())
        return loop
    }
}
