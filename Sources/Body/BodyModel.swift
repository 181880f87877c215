import Landmarks

/// The body layer fitted to one photo: a triangulated 2.5D lattice over the person whose every vertex
/// starts at its own photo pixel, a small skeleton it is skinned to, and the matte and plate weights
/// the compositor and the background inpainter use. Posed per frame by `pose(_:head:)`.
public struct BodyModel: Sendable {
    public let width: Int
    public let height: Int
    public let camera: PinholeCamera
    /// [height][width], the body layer's coverage: 1 on the person and a margin, fading to 0 outside.
    public let matte: [Float]
    /// [height][width], 1 = known background, 0 = to inpaint. 1 wherever `matte` < 1.
    public let plateWeights: [Float]
    /// Lattice step of the mesh, pixels.
    public let gridSpacing: Int
    /// Each vertex's photo pixel (x, y): its reference point and its neutral screen position.
    public let referencePoints: [SIMD2<Float>]
    /// Each vertex at neutral, camera space; projects exactly onto its reference point.
    public let neutralVertices: [SIMD3<Float>]
    /// [triangleCount][3] vertex indices.
    public let triangles: [UInt32]
    /// [triangleCount] `BodyPart` raw values.
    public let parts: [UInt32]
    public let skinWeights: [SkinWeight]
    /// Per vertex, how firmly it keeps its photo position whatever the pose: 1 on an image border the person
    /// touches there, 0 from `borderPinReach` inside. Where the person is cut by the frame, posing would otherwise
    /// pull the cut edge inward and show plate (or grey) along the border; pinned, the border keeps the photo's
    /// pixels and the motion fades in over the band instead. Hair that stops short of the top edge is not pinned.
    public let borderPins: [Float]
    public let skeleton: BodySkeleton
    let rig: BodyRig

    /// Fits the body layer. `mask`: person probability per pixel (row-major, 0...1); `pose`: BlazePose's
    /// 33 landmarks in image pixels, or nil; `face`: the fitted face at neutral.
    public static func fit(
        mask: [Float], width: Int, height: Int, pose: [PoseLandmark]?,
        face: FaceGeometry
    ) throws(BodyFitError) -> BodyModel {
        let personMatte = try PersonMatte(mask: mask, width: width, height: height)
        guard !personMatte.isEmpty else { throw .noPersonFound }
        let projected = try ProjectedFace(face)
        let grid = BodyGrid(matte: personMatte)
        guard !grid.triangles.isEmpty else { throw .noPersonFound }
        let skeleton = BodySkeleton(pose: pose, face: projected, width: width, height: height)
        let depth = BodyDepth(face: projected)
        let layout = SkinningLayout(face: projected, skeleton: skeleton)

        let neutral = grid.points.map { face.camera.unproject(x: $0.x, y: $0.y, depth: depth.depth(at: $0)) }
        let weights = grid.points.map { layout.weights(at: $0) }
        var parts: [UInt32] = []
        parts.reserveCapacity(grid.triangles.count / 3)
        for t in stride(from: 0, to: grid.triangles.count, by: 3) {
            let centroid =
                (grid.points[Int(grid.triangles[t])] + grid.points[Int(grid.triangles[t + 1])]
                    + grid.points[Int(grid.triangles[t + 2])]) / 3
            parts.append(layout.part(at: centroid).rawValue)
        }
        let bottom = grid.points.map(\.y).max() ?? Float(height)
        let rig = BodyRig(
            camera: face.camera, face: projected, skeleton: skeleton, depth: depth,
            meshBottom: bottom)
        return BodyModel(
            width: width, height: height, camera: face.camera, matte: personMatte.matte,
            plateWeights: personMatte.plateWeights, gridSpacing: grid.spacing,
            referencePoints: grid.points, neutralVertices: neutral, triangles: grid.triangles,
            parts: parts, skinWeights: weights,
            borderPins: borderPins(grid.points, matte: personMatte, spacing: grid.spacing),
            skeleton: skeleton, rig: rig)
    }

    /// The band along the image border over which pinning fades: 8% of the short side, at least two lattice cells.
    static func borderPinReach(width: Int, height: Int, spacing: Int) -> Float {
        max(2 * Float(spacing), 0.08 * Float(min(width, height)))
    }

    /// Each border pulls with the falloff of the vertex's distance to it times the matte where the vertex
    /// meets that border (straight across); the strongest pull wins.
    static func borderPins(_ points: [SIMD2<Float>], matte: PersonMatte, spacing: Int) -> [Float] {
        let (width, height) = (Float(matte.width), Float(matte.height))
        let reach = borderPinReach(width: matte.width, height: matte.height, spacing: spacing)
        func falloff(_ distance: Float) -> Float {
            let t = min(max(distance / reach, 0), 1)
            return 1 - t * t * (3 - 2 * t)
        }
        return points.map { p in
            let borders: [(distance: Float, meeting: SIMD2<Float>)] = [
                (p.x, [0.5, p.y]), (width - p.x, [width - 0.5, p.y]), (p.y, [p.x, 0.5]),
                (height - p.y, [p.x, height - 0.5]),
            ]
            return borders.map { falloff($0.distance) * matte.matteValue(x: $0.meeting.x, y: $0.meeting.y) }.max() ?? 0
        }
    }

    /// How the torso carries the base of the neck under `c` (torso roll, breathing). The renderer
    /// composes the face's own head motion with it, `faceHead.followed(by: carrier)`, and hands the
    /// result to both layers so the face and the body's head region move as one.
    public func headCarrier(_ c: Controls) -> RigidTransform {
        rig.headCarrier(c)
    }

    /// The body layer for one frame. `head` is the final head transform (the face's head motion
    /// already composed with `headCarrier(c)`); it moves the head region as it is.
    public func pose(_ c: Controls, head: RigidTransform) -> ScreenMesh {
        let bones = rig.boneTransforms(c, head: head)
        var posed: [SIMD3<Float>] = []
        posed.reserveCapacity(neutralVertices.count)
        for (index, p) in neutralVertices.enumerated() {
            var moved = SIMD3<Float>.zero
            for influence in skinWeights[index].influences {
                let source = influence.bone == .torso ? p + rig.torsoDisplacement(c, at: referencePoints[index]) : p
                moved += influence.weight * bones[influence.bone.rawValue].apply(source)
            }
            posed.append(moved)
        }
        var positions: [Float] = []
        positions.reserveCapacity(posed.count * 3)
        var attributes: [Float] = []
        attributes.reserveCapacity(posed.count * VertexAttributes.stride)
        for (index, (p, reference)) in zip(posed, referencePoints).enumerated() {
            let screen = camera.project(p)
            let pin = borderPins[index]
            positions += [
                screen.x + pin * (reference.x - screen.x), screen.y + pin * (reference.y - screen.y), screen.z,
            ]
            attributes += [reference.x, reference.y, 1, 0, 0, 0, 0, 0]
        }
        return ScreenMesh(
            positions: positions, triangles: triangles, parts: parts, attributes: attributes,
            normals: VertexNormals.facingCamera(posed, triangles: triangles))
    }
}
