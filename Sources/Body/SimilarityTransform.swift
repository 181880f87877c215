/// p -> scale * rotation(p) + translation: how the canonical face sits in the photo.
public struct SimilarityTransform: Sendable, Hashable {
    public var scale: Float
    public var rotation: Rotation3
    public var translation: SIMD3<Float>

    public init(scale: Float, rotation: Rotation3, translation: SIMD3<Float>) {
        self.scale = scale
        self.rotation = rotation
        self.translation = translation
    }

    public func apply(_ p: SIMD3<Float>) -> SIMD3<Float> { scale * rotation.apply(p) + translation }

    /// The least-squares similarity taking `source[i]` to `target[i]` (Umeyama's problem) with a proper
    /// rotation (determinant +1, never a mirror). The rotation is solved with Horn's unit-quaternion
    /// method, which is the same optimum restricted to rotations and needs only a 4x4 symmetric
    /// eigenproblem; the scale then follows in closed form. Computed in Double for stability.
    public static func fitting(_ source: [SIMD3<Float>], to target: [SIMD3<Float>]) throws(BodyError)
        -> SimilarityTransform
    {
        precondition(source.count == target.count, "fitting needs paired points")
        let n = Double(source.count)
        guard n > 0 else { throw .degenerateLandmarks }
        let a = source.map { SIMD3<Double>($0) }
        let b = target.map { SIMD3<Double>($0) }
        let meanA = a.reduce(.zero, +) / n
        let meanB = b.reduce(.zero, +) / n
        var s = [[Double]](repeating: [0, 0, 0], count: 3) // s[j][k] = sum a_j * b_k (centred)
        var spreadA = 0.0
        var spreadB = 0.0
        for i in a.indices {
            let p = a[i] - meanA
            let q = b[i] - meanB
            spreadA += (p * p).sum()
            spreadB += (q * q).sum()
            for j in 0..<3 { for k in 0..<3 { s[j][k] += p[j] * q[k] } }
        }
        let extent = max((meanA * meanA).sum(), (meanB * meanB).sum(), 1)
        guard spreadA > 1e-12 * n * extent, spreadB > 1e-12 * n * extent else { throw .degenerateLandmarks }

        let (xx, xy, xz) = (s[0][0], s[0][1], s[0][2])
        let (yx, yy, yz) = (s[1][0], s[1][1], s[1][2])
        let (zx, zy, zz) = (s[2][0], s[2][1], s[2][2])
        let horn: [[Double]] = [
            [xx + yy + zz, yz - zy, zx - xz, xy - yx],
            [yz - zy, xx - yy - zz, xy + yx, zx + xz],
            [zx - xz, xy + yx, -xx + yy - zz, yz + zy],
            [xy - yx, zx + xz, yz + zy, -xx - yy + zz],
        ]
        let q = SymmetricEigen.largestEigenvector(horn)
        let (w, x, y, z) = (q[0], q[1], q[2], q[3])
        let rows: [SIMD3<Double>] = [
            [w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z],
        ]
        func rotate(_ v: SIMD3<Double>) -> SIMD3<Double> {
            SIMD3((rows[0] * v).sum(), (rows[1] * v).sum(), (rows[2] * v).sum())
        }
        var alignment = 0.0
        for i in a.indices { alignment += ((b[i] - meanB) * rotate(a[i] - meanA)).sum() }
        let scale = alignment / spreadA
        guard scale > 0, scale.isFinite else { throw .degenerateLandmarks }
        let translation = meanB - scale * rotate(meanA)
        return SimilarityTransform(
            scale: Float(scale),
            rotation: Rotation3(rows: SIMD3<Float>(rows[0]), SIMD3<Float>(rows[1]), SIMD3<Float>(rows[2])),
            translation: SIMD3<Float>(translation))
    }
}

/// Cyclic Jacobi rotations for a small symmetric matrix: exact enough and branch-free of special cases.
enum SymmetricEigen {
    /// The unit eigenvector of the largest eigenvalue.
    static func largestEigenvector(_ matrix: [[Double]]) -> [Double] {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<64 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<n { off += a[p][q] * a[p][q] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n { // A <- A J (columns p, q)
                        let (akp, akq) = (a[k][p], a[k][q])
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n { // A <- J^T A (rows p, q)
                        let (apk, aqk) = (a[p][k], a[q][k])
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let (vkp, vkq) = (v[k][p], v[k][q])
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let best = (0..<n).max { a[$0][$0] < a[$1][$1] } ?? 0
        let vector = (0..<n).map { v[$0][best] }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }
}
