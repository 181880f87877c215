/// A point in normalized image coordinates (0...1 across the model input) or pixels, as stated where used.
public struct Point2D: Sendable, Hashable {
    public var x: Float
    public var y: Float
    public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned box by its corners.
public struct Box: Sendable, Hashable {
    public var minX: Float, minY: Float, maxX: Float, maxY: Float

    public init(minX: Float, minY: Float, maxX: Float, maxY: Float) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public init(centerX: Float, centerY: Float, width: Float, height: Float) {
        self.init(
            minX: centerX - width / 2, minY: centerY - height / 2,
            maxX: centerX + width / 2, maxY: centerY + height / 2)
    }

    public var width: Float { max(0, maxX - minX) }
    public var height: Float { max(0, maxY - minY) }
    public var area: Float { width * height }

    /// Intersection over union; 0 for disjoint or empty boxes.
    public func intersectionOverUnion(_ other: Box) -> Float {
        let overlap = Box(
            minX: max(minX, other.minX), minY: max(minY, other.minY),
            maxX: min(maxX, other.maxX), maxY: min(maxY, other.maxY)
        ).area
        let union = area + other.area - overlap
        return union > 0 ? overlap / union : 0
    }

    /// The box scaled from normalized coordinates to a `width` x `height` image.
    public func scaled(width: Float, height: Float) -> Box {
        Box(minX: minX * width, minY: minY * height, maxX: maxX * width, maxY: maxY * height)
    }
}
