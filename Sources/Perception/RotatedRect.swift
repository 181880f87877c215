import Foundation
import Kernels
import Landmarks

/// A region of interest in image pixels: a rectangle around `center`, turned by `rotation`
/// radians (positive turns the region's x axis towards the image's y axis, i.e. clockwise on screen).
/// The landmark models see this region resampled to their square input.
public struct RotatedRect: Sendable, Hashable {
    public var centerX: Float
    public var centerY: Float
    public var width: Float
    public var height: Float
    public var rotation: Float

    public init(centerX: Float, centerY: Float, width: Float, height: Float, rotation: Float = 0) {
        self.centerX = centerX
        self.centerY = centerY
        self.width = width
        self.height = height
        self.rotation = rotation
    }

    /// The image point seen at (`u`, `v`) in 0...1 coordinates of the region (0.5, 0.5 is the centre).
    public func imagePoint(u: Float, v: Float) -> Point2D {
        let dx = (u - 0.5) * width
        let dy = (v - 0.5) * height
        let cosine = cos(rotation)
        let sine = sin(rotation)
        return Point2D(x: centerX + dx * cosine - dy * sine, y: centerY + dx * sine + dy * cosine)
    }

    /// Angle in -pi...pi.
    static func normalized(_ angle: Float) -> Float {
        angle - 2 * .pi * ((angle + .pi) / (2 * .pi)).rounded(.down)
    }
}

extension RotatedRect {
    /// The face-landmark region for a detection in image pixels, as MediaPipe's face landmark graph
    /// builds it: centred on the detection box, turned so the eyes are level (right-eye to left-eye
    /// keypoint), and enlarged to a square 1.5 times the box's longer side.
    public init(faceLandmarkRegionFor face: FaceDetection) {
        let rightEye = face.keypoints[0]
        let leftEye = face.keypoints[1]
        let angle = atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x)
        let side = 1.5 * max(face.box.width, face.box.height)
        self.init(
            centerX: (face.box.minX + face.box.maxX) / 2, centerY: (face.box.minY + face.box.maxY) / 2,
            width: side, height: side, rotation: Self.normalized(angle))
    }

    /// The body region for the pose landmark model, derived from the face because the pose detector
    /// needs DENSIFY, which the engine does not run. MediaPipe's pose region is an upright square centred
    /// on the hips whose side is about 2.5 times the hips-to-head-top distance; with the hips about 3.5
    /// face heights below the face centre (adult proportions), that is a square of 9 face heights centred
    /// there. The part below the photo reads as black, as it does for MediaPipe on a portrait.
    public init(bodyRegionFor face: FaceDetection) {
        let faceHeight = max(face.box.height, face.box.width)
        let faceCenterY = (face.box.minY + face.box.maxY) / 2
        self.init(
            centerX: (face.box.minX + face.box.maxX) / 2, centerY: faceCenterY + 3.5 * faceHeight,
            width: 9 * faceHeight, height: 9 * faceHeight)
    }
}

extension RotatedRect {
    /// The map from a `size` x `size` model input (pixel centres) onto this region of the image,
    /// for `AffineCrop`.
    public func cropTransform(outputSize size: Int) -> AffineCrop.Transform {
        let cosine = cos(rotation)
        let sine = sin(rotation)
        let (sx, sy) = (width / Float(size), height / Float(size))
        return AffineCrop.Transform(
            m00: cosine * sx, m01: -sine * sy, m02: centerX - cosine * width / 2 + sine * height / 2,
            m10: sine * sx, m11: cosine * sy, m12: centerY - sine * width / 2 - cosine * height / 2)
    }
}
