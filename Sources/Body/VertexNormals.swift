/// Per-vertex normals for shading a posed layer.
enum VertexNormals {
    /// Area-weighted unit normals in camera space, each triangle's turned to face the camera (the
    /// layer is a surface seen from the front, whatever the winding of its lattice).
    static func facingCamera(_ vertices: [SIMD3<Float>], triangles: [UInt32]) -> [Float] {
        var sums = [SIMD3<Float>](repeating: .zero, count: vertices.count)
        for t in stride(from: 0, to: triangles.count, by: 3) {
            let (i, j, k) = (Int(triangles[t]), Int(triangles[t + 1]), Int(triangles[t + 2]))
            let (a, b, c) = (vertices[i], vertices[j], vertices[k])
            var n = cross(b - a, c - a) // length = twice the area
            let centroid = (a + b + c) / 3
            if (n * centroid).sum() > 0 { n = -n }
            sums[i] += n
            sums[j] += n
            sums[k] += n
        }
        var normals: [Float] = []
        normals.reserveCapacity(vertices.count * 3)
        for n in sums {
            let length = (n * n).sum().squareRoot()
            let unit = length > 0 ? n / length : SIMD3<Float>(0, 0, -1)
            normals += [unit.x, unit.y, unit.z]
        }
        return normals
    }

    static func cross(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }
}
