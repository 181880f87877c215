/// One person's share of a segmentation mask that covers several people (MediaPipe's selfie segmentation
/// has one "person" class). Every pixel goes to the face whose body most plausibly holds it -- the nearest
/// face centre in a distance stretched downward, since a body hangs below its face -- and of the chosen
/// person's pixels only the region connected to their face is kept: a neighbour's hand, an undetected
/// person standing apart, a false positive in the background stay still when the chosen person moves.
public enum PersonSeparation {
    /// A person's face: its centre and width in image pixels.
    public struct Anchor: Sendable, Hashable {
        public var centre: SIMD2<Float>
        public var size: Float
        public init(centre: SIMD2<Float>, size: Float) {
            self.centre = centre
            self.size = max(size, 1)
        }

        /// The stretched distance from the face: a body reaches about 1.5 face widths to each side, 4 below
        /// the face centre and 1.2 above it (hair).
        func distance(to p: SIMD2<Float>) -> Float {
            let d = p - centre
            let dx = d.x / (1.5 * size)
            let dy = d.y / ((d.y > 0 ? 4 : 1.2) * size)
            return (dx * dx + dy * dy).squareRoot()
        }
    }

    /// How far (in stretched distance) the share fades from the chosen person to a neighbour, so the cut
    /// between two touching people is soft rather than a staircase.
    static let fade: Float = 0.08

    /// `mask` (row-major person probability) limited to `chosen`'s share; `others` are the other faces found.
    public static func mask(_ mask: [Float], width: Int, height: Int, chosen: Anchor, others: [Anchor]) -> [Float] {
        guard mask.count == width * height, width > 0, height > 0 else { return mask }
        var share = mask
        if !others.isEmpty {
            for y in 0..<height {
                for x in 0..<width where mask[y * width + x] > 0 {
                    let p = SIMD2(Float(x) + 0.5, Float(y) + 0.5)
                    let own = chosen.distance(to: p)
                    let nearestOther = others.reduce(Float.infinity) { min($0, $1.distance(to: p)) }
                    let t = min(max((nearestOther - own + fade) / (2 * fade), 0), 1)
                    share[y * width + x] *= t * t * (3 - 2 * t)
                }
            }
        }
        return connectedToFace(share, width: width, height: height, face: chosen.centre)
    }

    /// Zero every person pixel (> 0.5) not 4-connected to the one under `face`; pixels at or below 0.5 are kept as
    /// they are (the soft fringe). When the face centre itself is not a person pixel, nothing is removed.
    static func connectedToFace(_ mask: [Float], width: Int, height: Int, face: SIMD2<Float>) -> [Float] {
        let (fx, fy) = (Int(face.x.rounded(.down)), Int(face.y.rounded(.down)))
        guard fx >= 0, fy >= 0, fx < width, fy < height, mask[fy * width + fx] > 0.5 else { return mask }
        var reached = [Bool](repeating: false, count: mask.count)
        var stack = [fy * width + fx]
        reached[stack[0]] = true
        while let i = stack.popLast() {
            let (x, y) = (i % width, i / width)
            for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
            where nx >= 0 && ny >= 0 && nx < width && ny < height {
                let j = ny * width + nx
                if !reached[j] && mask[j] > 0.5 {
                    reached[j] = true
                    stack.append(j)
                }
            }
        }
        var result = mask
        for i in result.indices where result[i] > 0.5 && !reached[i] { result[i] = 0 }
        return result
    }
}
