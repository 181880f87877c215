import Foundation
import Landmarks

/// BlazePose's 33 body landmarks (pose_landmark_full.tflite output `Identity`: 39 x 5 values, x/y/z in
/// input pixels then visibility and presence logits; the last 6 are auxiliary ROI points).
public enum PoseLandmarks {
    public static let count = 33
    static let valuesPerLandmark = 5

    /// MediaPipe's skeleton edges between landmark indices, for drawing (facts of the BlazePose topology).
    public static let connections: [(Int, Int)] = [
        (0, 1), (1, 2), (2, 3), (3, 7), (0, 4), (4, 5), (5, 6), (6, 8), (9, 10),
        (11, 12), (11, 13), (13, 15), (15, 17), (15, 19), (15, 21), (17, 19),
        (12, 14), (14, 16), (16, 18), (16, 20), (16, 22), (18, 20),
        (11, 23), (12, 24), (23, 24), (23, 25), (24, 26), (25, 27), (26, 28),
        (27, 29), (28, 30), (29, 31), (30, 32), (27, 31), (28, 32),
    ]

    public static func imagePoints(raw: [Float], region: RotatedRect, inputSize: Float) -> [PoseLandmark] {
        guard raw.count >= count * valuesPerLandmark else { return [] }
        return (0..<count).map { index in
            let base = index * valuesPerLandmark
            let point = region.imagePoint(u: raw[base] / inputSize, v: raw[base + 1] / inputSize)
            let visibility = 1 / (1 + exp(-raw[base + 3]))
            return PoseLandmark(
                position: Point3D(x: point.x, y: point.y, z: raw[base + 2] / inputSize * region.width),
                visibility: visibility)
        }
    }
}
