/// Smooth per-vertex weight fields over the canonical face, so that expressions bend the skin
/// without seams: a region moves fully and the skin around it follows less and less with distance.
enum RegionWeights {
    /// 0 at or below `edge0`, 1 at or above `edge1`, a C1 ramp in between.
    static func smoothstep(_ edge0: Float, _ edge1: Float, _ x: Float) -> Float {
        let t = min(max((x - edge0) / (edge1 - edge0), 0), 1)
        return t * t * (3 - 2 * t)
    }

    /// 1 at distance 0, falling smoothly to 0 at `radius`.
    static func bump(_ distance: Float, radius: Float) -> Float { 1 - smoothstep(0, radius, distance) }

    /// Each point's weight: the strongest seed's weight times the bump of the distance to it.
    /// Seeds keep their own weight exactly.
    static func spread(_ seeds: [Int: Float], radius: Float, over points: [SIMD3<Float>]) -> [Float] {
        points.indices.map { i in
            if let own = seeds[i] { return own }
            var best: Float = 0
            for (seed, weight) in seeds {
                let d = points[i] - points[seed]
                best = max(best, weight * bump((d * d).sum().squareRoot(), radius: radius))
            }
            return best
        }
    }

    /// A vector field that equals `seeds` on the seed points and fades out within `radius` of them;
    /// between seeds it blends their vectors by proximity, so it has no jumps.
    static func spreadVectors(
        _ seeds: [Int: SIMD3<Float>], radius: Float, over points: [SIMD3<Float>],
        where include: (Int) -> Bool
    ) -> [SIMD3<Float>] {
        points.indices.map { i in
            if let own = seeds[i] { return own }
            guard include(i) else { return .zero }
            var sum = SIMD3<Float>.zero
            var total: Float = 0
            var strongest: Float = 0
            for (seed, vector) in seeds {
                let d = points[i] - points[seed]
                let w = bump((d * d).sum().squareRoot(), radius: radius)
                sum += w * vector
                total += w
                strongest = max(strongest, w)
            }
            return total > 0 ? sum / total * strongest : .zero
        }
    }

    /// Piecewise-linear interpolation of `values` sampled at increasing `positions`; 0 outside.
    static func interpolate(_ x: Float, positions: [Float], values: [SIMD3<Float>]) -> SIMD3<Float> {
        guard let first = positions.first, let last = positions.last, x >= first, x <= last else { return .zero }
        for k in 0..<(positions.count - 1) where x <= positions[k + 1] {
            let span = positions[k + 1] - positions[k]
            let t = span > 0 ? (x - positions[k]) / span : 0
            return values[k] + t * (values[k + 1] - values[k])
        }
        return values[values.count - 1]
    }
}
