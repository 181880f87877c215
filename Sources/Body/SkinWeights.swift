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
    /// How far below the chin (along the face's axis) the head's influence ends, pixels.
    let neckLength: Float
    /// Arm bones' half-thickness, pixels.
    let armRadius: Float
    private let segments: [(bone: Bone, from: SIMD2<Float>, to: SIMD2<Float>, fadeIn: Bool)]

    /// The head still owns pixels this many face widths beside its centre line (hair), gone by the second.
    static let headSide: (full: Float, none: Float) = (0.9, 1.4)
    /// An upper arm is about 0.6 face widths thick.
    static let armRadiusInFaceWidths: Float = 0.3
    /// Without a wrist the upper arm bone carries the whole arm: its segment runs this many upper-arm
    /// lengths past the elbow. With a wrist, the forearm's segment runs this far past it for the hand.
    static let forearmReach: Float = 0.9
    static let handReach: Float = 0.35

    init(face: ProjectedFace, skeleton: BodySkeleton) {
        self.face = face
        self.skeleton = skeleton
        neckLength = max(0.3 * face.height, face.chinFrame(skeleton.shoulderCenter).below)
        armRadius = Self.armRadiusInFaceWidths * face.width
        var segments: [(Bone, SIMD2<Float>, SIMD2<Float>, Bool)] = []
        for (arm, upper, fore) in [(skeleton.left, Bone.leftUpperArm, Bone.leftForearm),
                                   (skeleton.right, Bone.rightUpperArm, Bone.rightForearm)] {
            guard let elbow = arm.elbow else { continue }
            if let wrist = arm.wrist {
                segments.append((upper, arm.shoulder, elbow, true))
                segments.append((fore, elbow, wrist + (wrist - elbow) * Self.handReach, false))
            } else {
                segments.append((upper, arm.shoulder, elbow + (elbow - arm.shoulder) * Self.forearmReach, true))
            }
        }
        self.segments = segments.map { (bone: $0.0, from: $0.1, to: $0.2, fadeIn: $0.3) }
    }

    /// The head's share before the arms take theirs.
    func headInfluence(at q: SIMD2<Float>) -> Float {
        let (below, across) = face.chinFrame(q)
        let vertical = 1 - smoothstep(0, neckLength, below)
        let lateral = 1 - smoothstep(Self.headSide.full * face.width, Self.headSide.none * face.width, abs(across))
        return vertical * lateral
    }

    func weights(at q: SIMD2<Float>) -> SkinWeight {
        var arms: [(Bone, Float)] = []
        for segment in segments {
            let axis = segment.to - segment.from
            let lengthSquared = max(axis.dot(axis), 1e-6)
            let t = (q - segment.from).dot(axis) / lengthSquared
            let closest = segment.from + axis * min(1, max(0, t))
            let distance = (q - closest).length
            var affinity = 1 - smoothstep(armRadius, 2 * armRadius, distance)
            // An upper arm only takes over past the shoulder joint: the joint itself stays with the
            // torso so a raised arm stretches the armpit instead of dragging the chest along.
            if segment.fadeIn { affinity *= smoothstep(0, 0.3, t) }
            if affinity > 1e-4 { arms.append((segment.bone, affinity)) }
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
