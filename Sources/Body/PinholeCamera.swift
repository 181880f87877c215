/// The camera the photo is explained by: a pinhole at the origin looking down +z, x right and y down
/// like image pixels, square pixels, principal point at the image centre. World units are those of
/// the fitted model (about centimetres).
public struct PinholeCamera: Sendable, Hashable {
    /// Focal length in pixels.
    public var focalLength: Float
    public var centerX: Float
    public var centerY: Float

    public init(focalLength: Float, centerX: Float, centerY: Float) {
        self.focalLength = focalLength
        self.centerX = centerX
        self.centerY = centerY
    }

    /// The guess used without EXIF data: a 53-degree field of view across the long side (a phone or
    /// webcam portrait); the fit is insensitive to it because depth is recovered consistently with it.
    public init(imageWidth: Int, imageHeight: Int) {
        self.init(
            focalLength: Float(max(imageWidth, imageHeight)),
            centerX: Float(imageWidth) / 2, centerY: Float(imageHeight) / 2)
    }

    /// Pixel position (x, y) and depth z of a camera-space point (z > 0).
    public func project(_ p: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(centerX + focalLength * p.x / p.z, centerY + focalLength * p.y / p.z, p.z)
    }

    /// The camera-space point at pixel (x, y) and depth z.
    public func unproject(x: Float, y: Float, depth z: Float) -> SIMD3<Float> {
        SIMD3((x - centerX) * z / focalLength, (y - centerY) * z / focalLength, z)
    }
}
