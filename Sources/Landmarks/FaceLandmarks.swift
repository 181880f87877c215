import Foundation

/// A landmark in image pixels; `z` is depth relative to the face centre, in the same pixel scale
/// (smaller is closer to the camera), as MediaPipe reports it.
public struct Point3D: Sendable, Hashable {
    public var x: Float
    public var y: Float
    public var z: Float
    public init(x: Float, y: Float, z: Float) {
        self.x = x
        self.y = y
        self.z = z
    }
}

/// The 468-point face mesh of MediaPipe's face_landmark model (its canonical vertex order): the count, the points a
/// face is measured by and those measures. Mapping the model's raw output onto the image is Perception's job.
public enum FaceLandmarks {
    public static let count = 468
    /// Mesh points used to measure a face: the inner lips' middle (13 upper, 14 lower), mouth corners (61, 291),
    /// outer eye corners (33, 263), forehead top and chin (10, 152).
    public static let innerLipTop = 13, innerLipBottom = 14, mouthCorners = (61, 291), eyeCorners = (33, 263),
        faceHeight = (10, 152)

    /// The gap between the inner lips over `reference`'s length, in the image plane: how open the mouth is,
    /// independent of the face's size in the picture (a floor keeps a degenerate reference from dividing by 0).
    public static func lipGap(_ points: [Point3D], over reference: (Int, Int), floor: Float = 1) -> Float {
        planarDistance(points, innerLipTop, innerLipBottom)
            / max(planarDistance(points, reference.0, reference.1), floor)
    }

    /// Distance between two points in the image plane (depth ignored).
    public static func planarDistance(_ points: [Point3D], _ a: Int, _ b: Int) -> Float {
        let (p, q) = (points[a], points[b])
        return ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
    }
}
