import Foundation
import GPU
import Kernels

extension StandardBenchmarks {
    /// A 250x100-quad grid (50,000 triangles) covering the frame with varying depth, at 512x512 and 1080p;
    /// raster and resolve passes together, for each depth-test strategy the device runs.
    static func rasterizer() -> [KernelBenchmark] {
        Rasterizer.DepthTest.allCases.flatMap { depthTest in
            [
                rasterize(width: 512, height: 512, depthTest: depthTest),
                rasterize(width: 1920, height: 1080, depthTest: depthTest),
                rasterizeLarge(width: 1920, height: 1080, depthTest: depthTest),
            ]
        }
    }

    /// 64 triangles each spanning about half of a 1080p frame (overdraw ~30): where one invocation per
    /// triangle walking its bounding box serializes, and tile binning spreads the work.
    static func rasterizeLarge(width: Int, height: Int, depthTest: Rasterizer.DepthTest) -> KernelBenchmark {
        var vertices: [Float] = []
        let data = benchmarkData(64 * 9, seed: 7)
        for t in 0..<64 {
            for corner in 0..<3 {
                let r = data[t * 9 + corner * 3..<t * 9 + corner * 3 + 3].map { ($0 + 1) / 2 }
                vertices += [(-0.2 + 1.4 * r[0]) * Float(width), (-0.2 + 1.4 * r[1]) * Float(height), 1 + 9 * r[2]]
            }
        }
        return benchmark(
            name: "64 large triangles", vertices: vertices, triangles: (0..<UInt32(64 * 3)).map { $0 },
            width: width, height: height, depthTest: depthTest)
    }

    static func rasterize(width: Int, height: Int, depthTest: Rasterizer.DepthTest) -> KernelBenchmark {
        let (columns, rows) = (250, 100)
        var vertices: [Float] = []
        for row in 0...rows {
            for column in 0...columns {
                let x = Float(column) / Float(columns) * Float(width)
                let y = Float(row) / Float(rows) * Float(height)
                vertices += [x, y, 2 + 0.5 * sin(x * 0.01) * cos(y * 0.013)]
            }
        }
        var triangles: [UInt32] = []
        for row in 0..<rows {
            for column in 0..<columns {
                let a = UInt32(row * (columns + 1) + column)
                let b = a + 1
                let c = a + UInt32(columns + 1)
                let d = c + 1
                triangles += [a, b, c, b, d, c]
            }
        }
        return benchmark(
            name: "50k triangles", vertices: vertices, triangles: triangles, width: width, height: height,
            depthTest: depthTest)
    }

    /// One mesh rasterized at one size: work counted as the mesh read plus the five words written per pixel.
    private static func benchmark(
        name: String, vertices meshVertices: [Float], triangles meshTriangles: [UInt32],
        width: Int, height: Int, depthTest: Rasterizer.DepthTest
    ) -> KernelBenchmark {
        let shape = Rasterizer.Shape(
            width: width, height: height, vertexCount: meshVertices.count / 3,
            triangleCount: meshTriangles.count / 3)
        let pixels = width * height
        return KernelBenchmark(
            kernel: "rasterize", shape: "\(name) \(width)x\(height) \(depthTest)",
            work: .bytes(Double(pixels * 5 * 4 + meshVertices.count * 4 + meshTriangles.count * 4))
        ) {
            (device) throws(GPUError) in
            let vertexBuffer = try device.makeBuffer(meshVertices)
            let triangleBuffer = try device.makeBuffer(meshTriangles)
            let scratch = try device.makeBuffer(byteCount: Rasterizer.scratchByteCount(width: width, height: height))
            let ids = try device.makeBuffer(byteCount: pixels * 4)
            let depth = try device.makeBuffer(byteCount: pixels * 4)
            let barycentrics = try device.makeBuffer(byteCount: pixels * 12)
            return KernelBenchmark.Prepared(
                encode: { (stream) throws(GPUError) in
                    try Rasterizer(depthTest: depthTest).encode(
                        on: stream, vertices: vertexBuffer, triangles: triangleBuffer, scratch: scratch,
                        ids: ids, depth: depth, barycentrics: barycentrics, shape: shape)
                },
                runReference: {
                    _ = Rasterizer.reference(
                        vertices: meshVertices, triangles: meshTriangles, width: width, height: height)
                })
        }
    }
}
