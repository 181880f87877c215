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
        let distance = DistanceTransform.toPixels(where: mask.map { $0 > 0.5 }, width: width, height: height)
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

/// The exact Euclidean distance transform by lower envelopes of parabolas (Felzenszwalb and
/// Huttenlocher, 2012), once down the columns and once along the rows: linear in the pixel count
/// whatever the distances, so the 1080p matte costs the same at any radius.
enum DistanceTransform {
    /// Distance in pixels from every pixel to the nearest pixel where `inside` is true
    /// (`.infinity` everywhere when none is).
    static func toPixels(where inside: [Bool], width: Int, height: Int) -> [Float] {
        // "far" (more than any squared distance inside the image) stands in for infinity so the
        // parabola arithmetic stays finite; every sum below stays an integer under 2^24 for images
        // up to 4K, so it is exact in Float.
        let far = Float(width * width + height * height)
        var squared = inside.map { $0 ? Float(0) : far }
        var line = [Float](repeating: 0, count: max(width, height))
        var result = line
        var scratch = Envelope(capacity: max(width, height))
        for x in 0..<width {
            for y in 0..<height { line[y] = squared[y * width + x] }
            scratch.transform(line, count: height, into: &result)
            for y in 0..<height { squared[y * width + x] = result[y] }
        }
        for y in 0..<height {
            let row = y * width
            for x in 0..<width { line[x] = squared[row + x] }
            scratch.transform(line, count: width, into: &result)
            for x in 0..<width { squared[row + x] = result[x] }
        }
        return squared.map { $0 >= far ? .infinity : $0.squareRoot() }
    }

    /// The 1D pass: `output[q] = min over p of (q - p)^2 + input[p]`.
    struct Envelope {
        private var vertices: [Int]
        private var boundaries: [Float]

        init(capacity: Int) {
            vertices = [Int](repeating: 0, count: capacity)
            boundaries = [Float](repeating: 0, count: capacity + 1)
        }

        mutating func transform(_ f: [Float], count n: Int, into output: inout [Float]) {
            guard n > 0 else { return }
            func intersection(_ q: Int, _ p: Int) -> Float {
                ((f[q] + Float(q * q)) - (f[p] + Float(p * p))) / Float(2 * (q - p))
            }
            var k = 0
            vertices[0] = 0
            boundaries[0] = -.infinity
            boundaries[1] = .infinity
            if n > 1 {
                for q in 1..<n {
                    var s = intersection(q, vertices[k])
                    while s <= boundaries[k] {
                        k -= 1
                        s = intersection(q, vertices[k])
                    }
                    k += 1
                    vertices[k] = q
                    boundaries[k] = s
                    boundaries[k + 1] = .infinity
                }
            }
            k = 0
            for q in 0..<n {
                while boundaries[k + 1] < Float(q) { k += 1 }
                let d = Float(q - vertices[k])
                output[q] = d * d + f[vertices[k]]
            }
        }
    }
}
