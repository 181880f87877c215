import Foundation
import Landmarks

/// face_landmark.tflite's output, mapped from model-input pixels back to the image.
extension FaceLandmarks {
    /// The model's square input side in pixels.
    public static let inputSize: Float = 192

    /// Maps the model's raw 1404 values (x, y, z per point in input pixels) through `region`
    /// into image pixels; z is scaled like x. Returns nil for a wrong-sized output.
    public static func imagePoints(raw: [Float], region: RotatedRect) -> [Point3D]? {
        guard raw.count == count * 3 else { return nil }
        return (0..<count).map { index in
            let u = raw[3 * index] / inputSize
            let v = raw[3 * index + 1] / inputSize
            let point = region.imagePoint(u: u, v: v)
            return Point3D(x: point.x, y: point.y, z: raw[3 * index + 2] / inputSize * region.width)
        }
    }

    /// Probability that the crop holds a face, from the model's face-flag logit.
    public static func presence(logit: Float) -> Float { 1 / (1 + exp(-logit)) }
}
