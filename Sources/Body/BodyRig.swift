import Foundation

/// Turns `Controls` into the body layer's bone transforms and the torso's non-rigid lift (breathing,
/// shrugging), all in camera space. Joints sit on the body layer's own surface so a bone turns the
/// mesh about a point that lies on it.
struct BodyRig: Sendable {
    let face: ProjectedFace
    /// The point the torso tilts about: the hip centre, or the bottom of the mesh below the shoulders.
    let torsoPivot: SIMD3<Float>
    /// The base of the neck (between the shoulders), pixels.
    let neckBase: SIMD2<Float>
    let arms: [ArmJoints]
    /// The face's height in world units: the unit of shrug and breath.
    let faceHeight: Float
    /// How far below the chin the shoulder line and the bottom of the torso are, pixels.
    let shoulderLineBelow: Float
    let torsoBottomBelow: Float
    /// How far from a shoulder joint a shrug still lifts, pixels.
    let shrugReach: Float

    struct ArmJoints: Sendable {
        let upper: Bone
        let forearm: Bone
        let shoulderPixel: SIMD2<Float>
        let shoulder: SIMD3<Float>
        let elbow: SIMD3<Float>?
        /// +1 when the arm hangs on the viewer's right of the body, -1 on the left.
        let outward: Float
    }

    /// Breathing in (breath = 1) lifts the chest and shoulders by this many face heights.
    static let breathLift: Float = 0.01
    /// A shrug lifts the shoulders' surroundings out to this many face widths from the joint.
    static let shrugReachInFaceWidths: Float = 1.0

    init(camera: PinholeCamera, face: ProjectedFace, skeleton: BodySkeleton, depth: BodyDepth, meshBottom: Float) {
        self.face = face
        func point(_ q: SIMD2<Float>) -> SIMD3<Float> { camera.unproject(x: q.x, y: q.y, depth: depth.depth(at: q)) }
        let center = skeleton.shoulderCenter
        let pivotPixel = skeleton.hipCenter ?? SIMD2(center.x, max(meshBottom, center.y))
        torsoPivot = point(pivotPixel)
        neckBase = center
        arms = [(skeleton.left, Bone.leftUpperArm, Bone.leftForearm), (skeleton.right, .rightUpperArm, .rightForearm)]
            .map { arm, upper, forearm in
                let side = (arm.shoulder - center).dot(face.right)
                let outward: Float = side == 0 ? (upper == .leftUpperArm ? 1 : -1) : (side > 0 ? 1 : -1)
                return ArmJoints(
                    upper: upper, forearm: forearm, shoulderPixel: arm.shoulder,
                    shoulder: point(arm.shoulder), elbow: arm.elbow.map(point), outward: outward)
            }
        faceHeight = face.height * face.medianDepth / camera.focalLength
        shoulderLineBelow = face.chinFrame(center).below
        torsoBottomBelow = max(face.chinFrame(pivotPixel).below, shoulderLineBelow + face.height)
        shrugReach = Self.shrugReachInFaceWidths * face.width
    }

    /// The torso's rigid motion: a roll about the pivot, clockwise on screen for positive degrees
    /// (camera y points down, so a right-handed turn about +z is clockwise as the viewer sees it).
    func torso(_ c: Controls) -> RigidTransform {
        RigidTransform(rotation: Rotation3(axis: [0, 0, 1], radians: radians(c.torsoRoll)), pivot: torsoPivot)
    }

    /// How far (world units, upwards) breathing and shrugging lift the torso surface at pixel `q`.
    func torsoLift(_ c: Controls, at q: SIMD2<Float>) -> Float {
        let below = face.chinFrame(q).below
        let chest = 1 - smoothstep(shoulderLineBelow, torsoBottomBelow, below)
        var shoulders: Float = 0
        for arm in arms {
            shoulders = max(shoulders, 1 - smoothstep(0, shrugReach, (q - arm.shoulderPixel).length))
        }
        return faceHeight * (c.breath * Self.breathLift * chest + c.shoulderShrug * shoulders)
    }

    /// The torso bone's non-rigid part, applied before its rigid motion.
    func torsoDisplacement(_ c: Controls, at q: SIMD2<Float>) -> SIMD3<Float> {
        SIMD3(0, -torsoLift(c, at: q), 0)
    }

    func headCarrier(_ c: Controls) -> RigidTransform {
        RigidTransform(translation: torsoDisplacement(c, at: neckBase)).followed(by: torso(c))
    }

    /// One transform per `Bone`, indexed by its raw value.
    func boneTransforms(_ c: Controls, head: RigidTransform) -> [RigidTransform] {
        let torso = torso(c)
        var bones = [RigidTransform](repeating: torso, count: Bone.allCases.count)
        bones[Bone.head.rawValue] = head
        for arm in arms {
            let raise = arm.upper == .leftUpperArm ? c.leftArmRaise : c.rightArmRaise
            let flex = arm.upper == .leftUpperArm ? c.leftElbowFlex : c.rightElbowFlex
            // Swinging a hanging arm outward turns it toward the viewer's right on the right side,
            // which is a negative turn about +z there (see `torso`).
            let swing = RigidTransform(
                rotation: Rotation3(axis: [0, 0, 1], radians: -arm.outward * radians(raise)),
                pivot: arm.shoulder, translation: torsoDisplacement(c, at: arm.shoulderPixel))
            let upper = swing.followed(by: torso)
            bones[arm.upper.rawValue] = upper
            bones[arm.forearm.rawValue] = upper
            if let elbow = arm.elbow {
                // Flexing brings the forearm up toward the camera: a turn about the image-plane axis
                // across the upper arm, signed so positive degrees move the hand toward the viewer.
                let along = elbow - arm.shoulder
                var axis = SIMD3<Float>(-along.y, along.x, 0) // +z cross `along`
                let length = (axis * axis).sum().squareRoot()
                if length > 1e-6 {
                    axis /= length
                    let bend = RigidTransform(rotation: Rotation3(axis: axis, radians: radians(flex)), pivot: elbow)
                    bones[arm.forearm.rawValue] = bend.followed(by: upper)
                }
            }
        }
        return bones
    }

    private func radians(_ degrees: Float) -> Float { degrees * .pi / 180 }
}
