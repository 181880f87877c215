/// The rigid pieces the body layer moves with; each vertex blends up to four of them.
public enum Bone: Int, Sendable, CaseIterable, Hashable {
    case head, torso, leftUpperArm, leftForearm, rightUpperArm, rightForearm
}

/// One vertex's bones and weights (at most four, summing to 1).
public struct SkinWeight: Sendable, Hashable {
    public var influences: [Influence]

    public struct Influence: Sendable, Hashable {
        public var bone: Bone
        public var weight: Float
    }

    public func weight(of bone: Bone) -> Float {
        influences.first { $0.bone == bone }?.weight ?? 0
    }

    /// The bone with the largest weight.
    public var dominant: Bone {
        influences.max { $0.weight < $1.weight }?.bone ?? .torso
    }
}

/// How strongly each bone owns each photo pixel: the head above the chin, fading over the neck to
/// nothing at the shoulder line; an arm near its bone segments; the torso everywhere else. Smooth in
/// the pixel position so a bending joint stretches the photo rather than tearing it.
struct SkinningLayout: Sendable {
    let face: ProjectedFace
    let skeleton: BodySkeleton
    /// How far below the chin (along the face's axis) the head's influence ends, pixels: the chin-to-shoulder
    /// distance, within 0.3...0.5 face heights.
    let neckLength: Float
    /// Arm bones' half-thickness, pixels.
    let armRadius: Float
    private let arms: [ArmBones]

    /// One arm's bones as image segments: the upper arm from the shoulder, and the forearm from the
    /// elbow when the wrist was seen (otherwise the upper arm's segment reaches on over the forearm).
    private struct ArmBones: Sendable {
        let upper: Bone
        let forearm: Bone
        let shoulder: SIMD2<Float>
        let upperEnd: SIMD2<Float>
        /// Elbow and the end of the hand.
        let forearmSegment: (from: SIMD2<Float>, to: SIMD2<Float>)?
    }

    /// The head's ellipse: half-widths in face widths above and below the cheek line, its reach above in
    /// face heights and below as a multiple of the centre-to-chin distance, and the fade band beyond it
    /// (fractions of the radius).
    static let headEllipse = (
        sideAbove: Float(1.3), above: Float(1.1), fadeAbove: Float(0.3),
        sideBelow: Float(1.0), belowChin: Float(1.1), fadeBelow: Float(0.2)
    )
    /// The same below the chin: the neck is about 0.8 face widths across.
    static let neckSide: (full: Float, none: Float) = (0.4, 0.8)
    /// An upper arm is about 0.6 face widths thick.
    static let armRadiusInFaceWidths: Float = 0.3
    /// Without a wrist the upper arm bone carries the whole arm: its segment runs this many upper-arm
    /// lengths past the elbow. With a wrist, the forearm's segment runs this far past it for the hand.
    static let forearmReach: Float = 0.9
    static let handReach: Float = 0.35
    /// The upper arm takes over from the torso over this much of its length from the shoulder.
    static let shoulderBlend: Float = 0.3
    /// The forearm takes over from the upper arm within this fraction of its length either side of the elbow.
    static let elbowBlend: Float = 0.1

    init(face: ProjectedFace, skeleton: BodySkeleton) {
        self.face = face
        self.skeleton = skeleton
        // The neck twists with the head over its visible length, but not further than half a face height
        // below the chin: collars and suit rings lower down stay with the torso.
        neckLength = min(max(0.3 * face.height, face.chinFrame(skeleton.shoulderCenter).below), 0.5 * face.height)
        armRadius = Self.armRadiusInFaceWidths * face.width
        var arms: [ArmBones] = []
        for (arm, upper, fore) in [
            (skeleton.left, Bone.leftUpperArm, Bone.leftForearm),
            (skeleton.right, Bone.rightUpperArm, Bone.rightForearm),
        ] {
            guard let elbow = arm.elbow else { continue }
            if let wrist = arm.wrist {
                arms.append(
                    ArmBones(
                        upper: upper, forearm: fore, shoulder: arm.shoulder, upperEnd: elbow,
                        forearmSegment: (elbow, wrist + (wrist - elbow) * Self.handReach)))
            } else {
                arms.append(
                    ArmBones(
                        upper: upper, forearm: fore, shoulder: arm.shoulder,
                        upperEnd: elbow + (elbow - arm.shoulder) * Self.forearmReach, forearmSegment: nil))
            }
        }
        self.arms = arms
    }

    /// Where `q` projects onto the segment (0 at `from`, 1 at `to`, unclamped) and how far it is from it.
    private static func locate(_ q: SIMD2<Float>, from: SIMD2<Float>, to: SIMD2<Float>) -> (t: Float, distance: Float) {
        let axis = to - from
        let t = (q - from).dot(axis) / max(axis.dot(axis), 1e-6)
        return (t, (q - (from + axis * min(1, max(0, t)))).length)
    }

    /// The head's share before the arms take theirs: 1 inside an ellipse around the face that reaches
    /// the hair above and beside it and ends at the chin below, fading over a band outside it (so collars,
    /// suit rings and shoulders beside the jaw stay with the torso); below the chin, the neck.
    func headInfluence(at q: SIMD2<Float>) -> Float {
        let offset = q - face.center
        let (along, across) = (offset.dot(face.down), offset.dot(face.right))
        let chinDistance = max((face.chin - face.center).dot(face.down), 1)
        let (lateral, vertical, fade) =
            along < 0
            ? (
                Self.headEllipse.sideAbove * face.width, Self.headEllipse.above * face.height,
                Self.headEllipse.fadeAbove
            )
            : (
                Self.headEllipse.sideBelow * face.width, Self.headEllipse.belowChin * chinDistance,
                Self.headEllipse.fadeBelow
            )
        let radius = ((across / lateral) * (across / lateral) + (along / vertical) * (along / vertical)).squareRoot()
        let head = 1 - smoothstep(1, 1 + fade, radius)
        let (below, _) = face.chinFrame(q)
        guard below > 0 else { return head }
        let neck =
            (1 - smoothstep(0, neckLength, below))
            * (1 - smoothstep(Self.neckSide.full * face.width, Self.neckSide.none * face.width, abs(across)))
        return max(head, neck)
    }

    func weights(at q: SIMD2<Float>) -> SkinWeight {
        var arms: [(Bone, Float)] = []
        for arm in self.arms {
            let upper = Self.locate(q, from: arm.shoulder, to: arm.upperEnd)
            // The shoulder joint itself stays with the torso so a raised arm stretches the armpit
            // instead of dragging the chest along.
            var affinity =
                (1 - smoothstep(armRadius, 2 * armRadius, upper.distance))
                * smoothstep(0, Self.shoulderBlend, upper.t)
            var forearmShare: Float = 0
            if let segment = arm.forearmSegment {
                let fore = Self.locate(q, from: segment.from, to: segment.to)
                if fore.distance < upper.distance {
                    affinity = 1 - smoothstep(armRadius, 2 * armRadius, fore.distance)
                }
                forearmShare = smoothstep(-Self.elbowBlend, Self.elbowBlend, fore.t)
            }
            if affinity * (1 - forearmShare) > 1e-4 { arms.append((arm.upper, affinity * (1 - forearmShare))) }
            if affinity * forearmShare > 1e-4 { arms.append((arm.forearm, affinity * forearmShare)) }
        }
        let armTotal = arms.reduce(0) { $0 + $1.1 }
        let armShare = min(1, armTotal)
        let head = headInfluence(at: q) * (1 - armShare)
        var influences = arms.map { SkinWeight.Influence(bone: $0.0, weight: $0.1 / max(armTotal, 1e-6) * armShare) }
        influences.append(.init(bone: .head, weight: head))
        influences.append(.init(bone: .torso, weight: (1 - armShare) - head))
        influences = influences.filter { $0.weight > 1e-5 }.sorted { $0.weight > $1.weight }
        if influences.count > 4 { influences.removeLast(influences.count - 4) }
        let total = influences.reduce(0) { $0 + $1.weight }
        return SkinWeight(influences: influences.map { .init(bone: $0.bone, weight: $0.weight / total) })
    }

    /// What a triangle is labelled by the weights at its centroid.
    func part(at q: SIMD2<Float>) -> BodyPart {
        let weights = weights(at: q)
        switch weights.dominant {
        case .leftUpperArm, .leftForearm: return .leftArm
        case .rightUpperArm, .rightForearm: return .rightArm
        case .head, .torso:
            let head = weights.weight(of: .head)
            if head >= 0.9 { return .head }
            return head > 0.1 ? .neck : .torso
        }
    }
}
