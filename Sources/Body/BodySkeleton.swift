import Landmarks

/// The joints the body layer bends at, in photo pixels: from BlazePose where it saw them, otherwise
/// (shoulders only) estimated from the face. Arms without a visible elbow get no bones: a guessed
/// elbow would bend the photo where there is no arm.
public struct BodySkeleton: Sendable, Hashable {
    public struct Arm: Sendable, Hashable {
        public var shoulder: SIMD2<Float>
        public var elbow: SIMD2<Float>?
        /// Only with an elbow.
        public var wrist: SIMD2<Float>?
    }

    /// The subject's left arm (BlazePose 11, 13, 15; the viewer's right in a frontal photo).
    public var left: Arm
    /// The subject's right arm (BlazePose 12, 14, 16).
    public var right: Arm
    /// Midpoint of the hips (BlazePose 23, 24) when both are seen.
    public var hipCenter: SIMD2<Float>?
    /// The shoulders were placed from the face's size, not seen.
    public var shouldersEstimated: Bool

    public var shoulderCenter: SIMD2<Float> { (left.shoulder + right.shoulder) / 2 }

    /// The fewest landmarks BlazePose returns for a body.
    static let landmarkCount = 33
    /// Below this BlazePose's visibility is a guess about an occluded or out-of-frame joint.
    static let minimumVisibility: Float = 0.5
    /// Landmarks up to this fraction of the long side outside the image still count (a shoulder cut
    /// by the frame edge is still where the arm turns).
    static let outsideTolerance: Float = 0.1
    /// Where shoulders are without a pose: the shoulder line this many face heights (forehead to
    /// chin) below the chin, each shoulder this many face widths (cheek to cheek) from the centre line.
    /// Adult proportions: the shoulder joints sit about a third of a head below the chin and about
    /// 20 cm apart each side of a 14 cm wide face.
    static let estimatedShoulderDrop: Float = 0.6
    static let estimatedShoulderHalfWidth: Float = 1.2

    init(pose: [PoseLandmark]?, face: ProjectedFace, width: Int, height: Int) {
        let tolerance = Self.outsideTolerance * Float(max(width, height))
        func seen(_ index: Int) -> SIMD2<Float>? {
            guard let pose, pose.count >= Self.landmarkCount else { return nil }
            let landmark = pose[index]
            let p = SIMD2(landmark.position.x, landmark.position.y)
            guard landmark.visibility >= Self.minimumVisibility, p.x.isFinite, p.y.isFinite,
                p.x >= -tolerance, p.y >= -tolerance,
                p.x <= Float(width) + tolerance, p.y <= Float(height) + tolerance
            else { return nil }
            return p
        }
        let middle = face.chin + face.down * (Self.estimatedShoulderDrop * face.height)
        let halfWidth = face.right * (Self.estimatedShoulderHalfWidth * face.width)
        var leftShoulder = seen(11)
        var rightShoulder = seen(12)
        let estimated = leftShoulder == nil && rightShoulder == nil
        // One shoulder seen: mirror it across the face's centre line.
        if let l = leftShoulder, rightShoulder == nil { rightShoulder = Self.mirror(l, face: face) }
        if let r = rightShoulder, leftShoulder == nil { leftShoulder = Self.mirror(r, face: face) }

        func arm(shoulder: SIMD2<Float>, elbow: Int, wrist: Int) -> Arm {
            let e = seen(elbow)
            return Arm(shoulder: shoulder, elbow: e, wrist: e == nil ? nil : seen(wrist))
        }
        left = arm(shoulder: leftShoulder ?? middle + halfWidth, elbow: 13, wrist: 15)
        right = arm(shoulder: rightShoulder ?? middle - halfWidth, elbow: 14, wrist: 16)
        if let l = seen(23), let r = seen(24) { hipCenter = (l + r) / 2 } else { hipCenter = nil }
        shouldersEstimated = estimated
    }

    /// `p` reflected across the line through the face's centre along its down axis.
    static func mirror(_ p: SIMD2<Float>, face: ProjectedFace) -> SIMD2<Float> {
        p - face.right * (2 * (p - face.center).dot(face.right))
    }
}
