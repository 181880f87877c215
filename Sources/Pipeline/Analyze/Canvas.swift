import Media

/// A drawable copy of an RGB image for previews: anti-aliased lines, filled dots, tinted masks.
public struct Canvas: Sendable {
    public private(set) var image: RGBImage

    public init(_ image: RGBImage) { self.image = image }

    public typealias Color = (r: UInt8, g: UInt8, b: UInt8)

    /// Blends `color` into pixel (x, y) with `coverage` in 0...1; outside the image does nothing.
    mutating func blend(x: Int, y: Int, _ color: Color, coverage: Float) {
        guard x >= 0, y >= 0, x < image.width, y < image.height, coverage > 0 else { return }
        let index = (y * image.width + x) * 3
        let weight = min(coverage, 1)
        for (offset, value) in [color.r, color.g, color.b].enumerated() {
            let old = Float(image.pixels[index + offset])
            image.pixels[index + offset] = UInt8((old + (Float(value) - old) * weight).rounded())
        }
    }

    /// A line of about one pixel width, anti-aliased by distance to the segment.
    public mutating func line(from a: (x: Float, y: Float), to b: (x: Float, y: Float), _ color: Color, opacity: Float = 1) {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let lengthSquared = max(dx * dx + dy * dy, 1e-6)
        let minX = Int((min(a.x, b.x) - 1).rounded(.down)), maxX = Int((max(a.x, b.x) + 1).rounded(.up))
        let minY = Int((min(a.y, b.y) - 1).rounded(.down)), maxY = Int((max(a.y, b.y) + 1).rounded(.up))
        guard maxX >= 0, maxY >= 0, minX < image.width, minY < image.height else { return }
        for y in max(minY, 0)...min(maxY, image.height - 1) {
            for x in max(minX, 0)...min(maxX, image.width - 1) {
                let (px, py) = (Float(x) + 0.5, Float(y) + 0.5)
                let t = min(max(((px - a.x) * dx + (py - a.y) * dy) / lengthSquared, 0), 1)
                let (cx, cy) = (a.x + t * dx - px, a.y + t * dy - py)
                let distance = (cx * cx + cy * cy).squareRoot()
                blend(x: x, y: y, color, coverage: (1 - max(distance - 0.5, 0)) * opacity)
            }
        }
    }

    /// A filled dot of `radius` pixels.
    public mutating func dot(at center: (x: Float, y: Float), radius: Float, _ color: Color) {
        let reach = Int(radius.rounded(.up)) + 1
        let (cx, cy) = (Int(center.x), Int(center.y))
        for y in (cy - reach)...(cy + reach) {
            for x in (cx - reach)...(cx + reach) {
                let (px, py) = (Float(x) + 0.5 - center.x, Float(y) + 0.5 - center.y)
                blend(x: x, y: y, color, coverage: radius + 0.5 - (px * px + py * py).squareRoot())
            }
        }
    }

    /// Tints pixels by `mask` (0...1 per pixel, image resolution) with `color` at `opacity`.
    public mutating func tint(mask: [Float], _ color: Color, opacity: Float) {
        guard mask.count == image.width * image.height else { return }
        for y in 0..<image.height {
            for x in 0..<image.width { blend(x: x, y: y, color, coverage: mask[y * image.width + x] * opacity) }
        }
    }
}
