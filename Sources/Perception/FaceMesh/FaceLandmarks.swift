import Foundation

/// A landmark in image pixels; `z` is depth relative to the face centre, in the same pixel scale
/// (smaller is closer to the camera), as MediaPipe reports it.
public struct Point3D: Sendable, Hashable {
    public var x: Float
    public var y: Float
    public var z: Float
    public init(x: Float, y: Float, z: Float) { self.x = x; self.y = y; self.z = z }
}

/// The 468-point face mesh of face_landmark.tflite, mapped from model-input pixels back to the image.
public enum FaceLandmarks {
    public static let count = 468
    /// The model's square input side in pixels.
    public static let inputSize: Float = 192

    /// Maps the model's raw 1404 values (x, y, z per point in input pixels) through `region`
    /// into image pixels; z is scaled like x. Returns nil for a wrong-sized output.
    public static func imagePoints(raw: [Float], region: RotatedRect) -> [Point3D]? {
        guard raw.count == count * 3 else { return nil }
        return (0..<count).map { index in
            let u = raw[3 * index] / inputSize, v = raw[3 * index + 1] / inputSize
            let point = region.imagePoint(u: u, v: v)
            return Point3D(x: point.x, y: point.y, z: raw[3 * index + 2] / inputSize * region.width)
        }
    }

    /// Mesh points used to measure a face: the inner lips' middle (13 upper, 14 lower), mouth corners (61, 291),
    /// outer eye corners (33, 263), forehead top and chin (10, 152).
    public static let innerLipTop = 13, innerLipBottom = 14, mouthCorners = (61, 291), eyeCorners = (33, 263), faceHeight = (10, 152)

    /// The gap between the inner lips over `reference`'s length, in the image plane: how open the mouth is,
    /// independent of the face's size in the picture (a floor keeps a degenerate reference from dividing by 0).
    public static func lipGap(_ points: [Point3D], over reference: (Int, Int), floor: Float = 1) -> Float {
        planarDistance(points, innerLipTop, innerLipBottom) / max(planarDistance(points, reference.0, reference.1), floor)
    }

    /// Distance between two points in the image plane (depth ignored).
    public static func planarDistance(_ points: [Point3D], _ a: Int, _ b: Int) -> Float {
        let (p, q) = (points[a], points[b])
        return ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
    }

    /// Probability that the crop holds a face, from the model's face-flag logit.
    public static func presence(logit: Float) -> Float { 1 / (1 + exp(-logit)) }
}
