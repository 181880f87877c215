import Foundation
import Landmarks
import NN

/// Follows the largest face through video frames the way MediaPipe's face mesh graph does: the
/// mesh of one frame gives the region for the next (no detector run while tracking holds), the
/// detector runs again only when the mesh loses the face, and a 1€ filter per coordinate removes
/// jitter without lagging fast head motion.
public final class FaceTracker {
    private let perception: PhotoPerception
    private var region: RotatedRect?
    private var smoother: LandmarkSmoother
    private let prototype: OneEuroFilter
    /// Whether the last `track` call ran the face detector (first frame, or the face was lost).
    public private(set) var lastFrameUsedDetector = false

    public init(perception: PhotoPerception, smoothing: OneEuroFilter = OneEuroFilter()) {
        self.perception = perception
        prototype = smoothing
        smoother = LandmarkSmoother(smoothing)
    }

    /// The face's smoothed landmarks (image pixels) in the frame shown at `time` seconds, or nil
    /// when there is no face.
    public func track(_ frame: PhotoBuffer, at time: Double) throws(NNError) -> [Point3D]? {
        if let region {
            let (landmarks, presence) = try perception.faceMesh(frame, region: region)
            if presence >= perception.minimumMeshPresence {
                lastFrameUsedDetector = false
                self.region = RotatedRect(faceLandmarkRegionFor: landmarks)
                return smoother.smooth(landmarks, at: time)
            }
        }
        lastFrameUsedDetector = true
        smoother = LandmarkSmoother(prototype)
        guard let face = try perception.findFaces(frame).first else {
            region = nil
            return nil
        }
        region = RotatedRect(faceLandmarkRegionFor: face.landmarks)
        return smoother.smooth(face.landmarks, at: time)
    }
}

extension RotatedRect {
    /// The next frame's mesh region from this frame's landmarks (MediaPipe's landmarks-to-ROI): the
    /// landmarks' bounding box in the frame of the eye line (outer eye corners 33 and 263), enlarged to
    /// a square 1.5 times its longer side.
    public init(faceLandmarkRegionFor landmarks: [Point3D]) {
        let right = landmarks[33]
        let left = landmarks[263]
        let rotation = Self.normalized(atan2(left.y - right.y, left.x - right.x))
        let cosine = cos(rotation)
        let sine = sin(rotation)
        // Project onto the rotated axes, take the box there, and bring its centre back.
        let us = landmarks.map { $0.x * cosine + $0.y * sine }
        let vs = landmarks.map { -$0.x * sine + $0.y * cosine }
        let (minU, maxU, minV, maxV) = (us.min() ?? 0, us.max() ?? 0, vs.min() ?? 0, vs.max() ?? 0)
        let (centerU, centerV) = ((minU + maxU) / 2, (minV + maxV) / 2)
        let side = 1.5 * max(maxU - minU, maxV - minV)
        self.init(
            centerX: centerU * cosine - centerV * sine, centerY: centerU * sine + centerV * cosine,
            width: side, height: side, rotation: rotation)
    }
}
