/// Where the person is, as the two images the compositor needs: the `matte` that fades the body
/// layer out at the person's border, and the `plateWeights` that tell the background inpainter which
/// pixels are known background. The hole the inpainter fills is the person grown by `radius`, and the
/// matte only falls below 1 outside that hole, so wherever the body layer is partly transparent the
/// plate is the untouched photo: the neutral composite is exactly the photo.
public struct PersonMatte: Sendable {
    public let width: Int
    public let height: Int
    /// How far (pixels) the hole extends past the mask and how wide the matte's fall-off is beyond it.
    public let radius: Int
    /// [height][width], 1 on the hole, falling linearly to 0 over `radius` pixels outside it.
    public let matte: [Float]
    /// [height][width], 1 where the photo shows background, 0 on the hole to inpaint.
    public let plateWeights: [Float]
    /// No pixel of the mask is a person pixel.
    public let isEmpty: Bool

    /// `mask` is the person probability per pixel, row-major; a pixel above 0.5 is the person.
    public init(mask: [Float], width: Int, height: Int) throws(BodyFitError) {
        guard width > 0, height > 0 else { throw .emptyImage(width: width, height: height) }
        guard mask.count == width * height else { throw .maskSizeMismatch(expected: width * height, got: mask.count) }
        self.width = width
        self.height = height
        let radius = max(2, Int((0.01 * Float(max(width, height))).rounded()))
        self.radius = radius
        let distance = ChamferDistance.toPixels(where: mask.map { $0 > 0.5 }, width: width, height: height)
        let r = Float(radius)
        var matte = [Float](repeating: 0, count: mask.count)
        var plate = [Float](repeating: 1, count: mask.count)
        var anyPerson = false
        for i in 0..<mask.count {
            let d = distance[i]
            if d == 0 { anyPerson = true }
            if d <= r {
                matte[i] = 1
                plate[i] = 0
            } else {
                matte[i] = max(0, 1 - (d - r) / r)
            }
        }
        self.matte = matte
        self.plateWeights = plate
        self.isEmpty = !anyPerson
    }

    /// The matte at a pixel position (pixel centres at +0.5), nearest pixel, 0 outside the image.
    public func matteValue(x: Float, y: Float) -> Float {
        let (ix, iy) = (Int(x.rounded(.down)), Int(y.rounded(.down)))
        guard ix >= 0, iy >= 0, ix < width, iy < height else { return 0 }
        return matte[iy * width + ix]
    }
}

/// A two-pass chamfer distance transform (steps 1 and sqrt 2): linear in the pixel count whatever
/// the distances, within 8% of the Euclidean distance, which is plenty for a feathered border.
enum ChamferDistance {
    /// Distance in pixels from every pixel to the nearest pixel where `inside` is true
    /// (`.infinity` everywhere when none is).
    static func toPixels(where inside: [Bool], width: Int, height: Int) -> [Float] {
        let diagonal = Float(2).squareRoot()
        var d = inside.map { $0 ? Float(0) : .infinity }
        // Forward pass: neighbours above and to the left.
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                var best = d[i]
                if best == 0 { continue }
                if x > 0 { best = min(best, d[i - 1] + 1) }
                if y > 0 {
                    best = min(best, d[i - width] + 1)
                    if x > 0 { best = min(best, d[i - width - 1] + diagonal) }
                    if x + 1 < width { best = min(best, d[i - width + 1] + diagonal) }
                }
                d[i] = best
            }
        }
        // Backward pass: neighbours below and to the right.
        for y in stride(from: height - 1, through: 0, by: -1) {
            for x in stride(from: width - 1, through: 0, by: -1) {
                let i = y * width + x
                var best = d[i]
                if best == 0 { continue }
                if x + 1 < width { best = min(best, d[i + 1] + 1) }
                if y + 1 < height {
                    best = min(best, d[i + width] + 1)
                    if x + 1 < width { best = min(best, d[i + width + 1] + diagonal) }
                    if x > 0 { best = min(best, d[i + width - 1] + diagonal) }
                }
                d[i] = best
            }
        }
        return d
    }
}
