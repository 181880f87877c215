extension FaceModel {
    /// The face layer for one frame: expressions from `controls`, then the rigid `head` motion
    /// (normally `headTransform(controls)`, possibly composed with the torso's motion), projected
    /// through the photo's camera. Neutral controls with the identity head give back the photo.
    public func pose(_ controls: Controls, head: RigidTransform) -> ScreenMesh {
        let displacement = blendshapes.displacements(controls, headFrame: headFrameVertices)
        let columns = layer.columnUpper.count
        var points = [SIMD3<Float>](repeating: .zero, count: layer.vertexCount)
        for i in neutralVertices.indices {
            points[i] = head.apply(neutralVertices[i] + headRotation.apply(displacement[i]))
        }
        // Mouth interior: the photo's own interior parts follow their lips while the mouth opens wider
        // than in the photo (the cavity strip between them opens along the face's down direction at the
        // split, so upper teeth stay with the upper lip); when it closes further than in the photo the parts
        // compress toward the split carried between the lips instead of overshooting them. Measured along
        // the face's axis, so a photo with the lips touching (no gap to take a direction from) still opens.
        let down = headRotation.apply([0, -1, 0])
        for k in 0..<columns {
            let (upper, lower) = (layer.columnUpper[k], layer.columnLower[k])
            let (upperMove, lowerMove) = (
                headRotation.apply(displacement[upper]), headRotation.apply(displacement[lower])
            )
            let share = mouthSplit.upperShares[k]
            let widening = max(0, ((lowerMove - upperMove) * down).sum())
            let split = mouthInteriorNeutral[k] + (1 - share) * upperMove + share * lowerMove
            points[layer.upperInteriorVertex(k)] = head.apply(split - share * widening * down)
            points[layer.lowerInteriorVertex(k)] = head.apply(split + (1 - share) * widening * down)
        }

        // Eyeballs: where the lids are without the blink and squint (which only move the lids over them),
        // pushed back along the view ray so the lids win the depth test without moving on screen.
        var open = controls
        open.blinkLeft = 0
        open.blinkRight = 0
        open.squint = 0
        let eyeballDisplacement =
            controls == open ? displacement : blendshapes.displacements(open, headFrame: headFrameVertices)
        for (k, source) in layer.eyeballSources.enumerated() {
            let p = neutralVertices[source]
            let behind = p * (1 + Self.eyeballDepth / (p * p).sum().squareRoot())
            points[layer.eyeballBase + k] = head.apply(behind + headRotation.apply(eyeballDisplacement[source]))
        }

        let screen = points.map { camera.project($0) }
        var attributes = layer.baseAttributes
        let stride = VertexAttributes.stride
        func planar(_ v: Int) -> SIMD2<Float> { SIMD2(screen[v].x, screen[v].y) }
        func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
        let (right, left) = layer.mouthCorners
        let mouthWidth = length(planar(left) - planar(right))
        for k in 0..<columns {
            let (a, b) = (layer.upperInteriorVertex(k), layer.lowerInteriorVertex(k))
            let opening = length(planar(a) - planar(b))
            for vertex in [a, b] {
                attributes[vertex * stride + 5] = opening
                attributes[vertex * stride + 7] = mouthWidth
            }
        }
        for corner in [right, left] { attributes[corner * stride + 7] = mouthWidth }
        for (eye, closing) in zip(layer.lidSkin, [controls.blinkRight, controls.blinkLeft]) where closing > 0 {
            let pull = min(max(closing, 0), 1)
            for (vertex, above) in eye {
                for field in 0...1 {
                    let own = layer.baseAttributes[vertex * stride + field]
                    let higher = layer.baseAttributes[above * stride + field]
                    attributes[vertex * stride + field] = own + pull * (higher - own)
                }
            }
        }

        return ScreenMesh(
            positions: screen.flatMap { [$0.x, $0.y, $0.z] }, triangles: layer.triangles,
            parts: layer.parts, attributes: attributes,
            normals: Self.vertexNormals(points, triangles: layer.triangles).flatMap { [$0.x, $0.y, $0.z] })
    }

    /// How far behind the lids the eyeball copies sit, world units (cm).
    static let eyeballDepth: Float = 0.2

    /// `pose(controls, head: headTransform(controls))`.
    public func pose(_ controls: Controls) -> ScreenMesh { pose(controls, head: headTransform(controls)) }

    /// Area-weighted vertex normals. The triangles are wound counter-clockwise seen from outside, so
    /// the cross product points out of the face: toward the camera (negative z) where it faces it.
    static func vertexNormals(_ points: [SIMD3<Float>], triangles: [UInt32]) -> [SIMD3<Float>] {
        var sums = [SIMD3<Float>](repeating: .zero, count: points.count)
        for t in 0..<(triangles.count / 3) {
            let (a, b, c) = (Int(triangles[3 * t]), Int(triangles[3 * t + 1]), Int(triangles[3 * t + 2]))
            let e1 = points[b] - points[a]
            let e2 = points[c] - points[a]
            let n = SIMD3(e1.y * e2.z - e1.z * e2.y, e1.z * e2.x - e1.x * e2.z, e1.x * e2.y - e1.y * e2.x)
            sums[a] += n
            sums[b] += n
            sums[c] += n
        }
        return sums.indices.map { i in
            let n = sums[i]
            let length = (n * n).sum().squareRoot()
            if length > 0 { return n / length }
            // A vertex with no area around it faces the camera.
            let p = points[i]
            let toCamera = -p
            let distance = (p * p).sum().squareRoot()
            return distance > 0 ? toCamera / distance : SIMD3(0, 0, -1)
        }
    }
}
