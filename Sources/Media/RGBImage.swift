/// An 8-bit RGB image, rows top to bottom, pixels interleaved R, G, B. When the source had an
/// alpha channel it is kept separately as a coverage mask (0 transparent ... 255 opaque).
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]
    /// `width * height` bytes, or nil for opaque sources.
    public var alpha: [UInt8]?

    public init(width: Int, height: Int, pixels: [UInt8], alpha: [UInt8]? = nil) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "RGBImage size mismatch")
        precondition(alpha.map { $0.count == width * height } ?? true, "RGBImage alpha size mismatch")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.alpha = alpha
    }

    /// The (r, g, b) of the pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let index = (y * width + x) * 3
        return (pixels[index], pixels[index + 1], pixels[index + 2])
    }

    /// The pixels as floats in 0...1, interleaved RGB (HWC), ready for a GPU tensor.
    public var floatPixels: [Float] { pixels.map { Float($0) / 255 } }

    /// The alpha mask as floats in 0...1, or nil.
    public var floatAlpha: [Float]? { alpha.map { $0.map { Float($0) / 255 } } }
}

/// The eight EXIF orientations (tag 0x0112): how the stored pixels must be turned to display upright.
public enum ImageOrientation: Int, Sendable, CaseIterable {
    case up = 1
    case upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left

    /// True when displaying swaps width and height (the 90/270 degree cases).
    var swapsAxes: Bool { rawValue >= 5 }

    /// Stored-pixel coordinates for displayed pixel (x, y) of an image stored `width` x `height`.
    func source(x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int) {
        switch self {
        case .up: (x, y)
        case .upMirrored: (width - 1 - x, y)
        case .down: (width - 1 - x, height - 1 - y)
        case .downMirrored: (x, height - 1 - y)
        case .leftMirrored: (y, x) // transpose
        case .right: (y, height - 1 - x) // stored image rotated 90 degrees clockwise
        case .rightMirrored: (width - 1 - y, height - 1 - x) // transverse
        case .left: (width - 1 - y, x) // rotated 90 degrees counter-clockwise
        }
    }
}

extension RGBImage {
    /// The image turned upright according to `orientation`.
    public func oriented(_ orientation: ImageOrientation) -> RGBImage {
        guard orientation != .up else { return self }
        let outWidth = orientation.swapsAxes ? height : width
        let outHeight = orientation.swapsAxes ? width : height
        var rgb = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        var mask: [UInt8]? = alpha.map { _ in [UInt8](repeating: 0, count: outWidth * outHeight) }
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let source = orientation.source(x: x, y: y, width: width, height: height)
                let from = source.y * width + source.x
                let to = y * outWidth + x
                rgb[to * 3] = pixels[from * 3]
                rgb[to * 3 + 1] = pixels[from * 3 + 1]
                rgb[to * 3 + 2] = pixels[from * 3 + 2]
                if let alpha { mask![to] = alpha[from] }
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: rgb, alpha: mask)
    }
}
