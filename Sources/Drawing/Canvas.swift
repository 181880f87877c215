import Media

/// A drawable copy of an RGB image for previews: anti-aliased lines, filled dots, tinted masks.
public struct Canvas: Sendable {
    public private(set) var image: RGBImage

    public init(_ image: RGBImage) { self.image = image }

    public typealias Color = (r: UInt8, g: UInt8, b: UInt8)

    /// A blank canvas of one colour, for charts; sizes below one pixel become one.
    public init(width: Int, height: Int, background: Color) {
        let (width, height) = (max(width, 1), max(height, 1))
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in stride(from: 0, to: pixels.count, by: 3) {
            pixels[index] = background.r
            pixels[index + 1] = background.g
            pixels[index + 2] = background.b
        }
        image = RGBImage(width: width, height: height, pixels: pixels)
    }

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

    /// A line `width` pixels wide (about one by default), anti-aliased by distance to the segment.
    public mutating func line(
        from a: (x: Float, y: Float), to b: (x: Float, y: Float), _ color: Color, opacity: Float = 1,
        width: Float = 1
    ) {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let lengthSquared = max(dx * dx + dy * dy, 1e-6)
        let halfWidth = max(width, 0) / 2
        let reach = max(width, 0) / 2 + 1
        let minX = Int((min(a.x, b.x) - reach).rounded(.down))
        let maxX = Int((max(a.x, b.x) + reach).rounded(.up))
        let minY = Int((min(a.y, b.y) - reach).rounded(.down))
        let maxY = Int((max(a.y, b.y) + reach).rounded(.up))
        guard maxX >= 0, maxY >= 0, minX < image.width, minY < image.height else { return }
        for y in max(minY, 0)...min(maxY, image.height - 1) {
            for x in max(minX, 0)...min(maxX, image.width - 1) {
                let (px, py) = (Float(x) + 0.5, Float(y) + 0.5)
                let t = min(max(((px - a.x) * dx + (py - a.y) * dy) / lengthSquared, 0), 1)
                let (cx, cy) = (a.x + t * dx - px, a.y + t * dy - py)
                let distance = (cx * cx + cy * cy).squareRoot()
                blend(x: x, y: y, color, coverage: (1 - max(distance - halfWidth, 0)) * opacity)
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

    /// A solid axis-aligned rectangle, clipped to the image. Writes pixels directly (no blending), so
    /// plots can paint millions of pixels cheaply.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, _ color: Color) {
        let (x0, y0) = (max(x, 0), max(y, 0))
        let (x1, y1) = (min(x + width, image.width), min(y + height, image.height))
        guard x0 < x1, y0 < y1 else { return }
        let rowLength = image.width
        image.pixels.withUnsafeMutableBufferPointer { pixels in
            for row in y0..<y1 {
                for column in x0..<x1 {
                    let index = (row * rowLength + column) * 3
                    pixels[index] = color.r
                    pixels[index + 1] = color.g
                    pixels[index + 2] = color.b
                }
            }
        }
    }

    /// A one-pixel outline just inside the rectangle.
    public mutating func stroke(x: Int, y: Int, width: Int, height: Int, _ color: Color) {
        fill(x: x, y: y, width: width, height: 1, color)
        fill(x: x, y: y + height - 1, width: width, height: 1, color)
        fill(x: x, y: y, width: 1, height: height, color)
        fill(x: x + width - 1, y: y, width: 1, height: height, color)
    }

    /// Tints pixels by `mask` (0...1 per pixel, image resolution) with `color` at `opacity`.
    public mutating func tint(mask: [Float], _ color: Color, opacity: Float) {
        guard mask.count == image.width * image.height else { return }
        for y in 0..<image.height {
            for x in 0..<image.width { blend(x: x, y: y, color, coverage: mask[y * image.width + x] * opacity) }
        }
    }
}
