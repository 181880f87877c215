import GPU
import Kernels
import TestSupport
import XCTest

/// GPU rasterizer vs the CPU reference on random triangle soups. Ids are compared exactly only at pixels
/// whose result cannot flip with rounding: the centre is at least `edgeMargin` pixels (edge function divided
/// by edge length) from every edge of every triangle, and the nearest covering depth is at least
/// `depthMargin` (relative) below the next covering depth. Depth is compared within 1e-5 relative and
/// barycentrics within 1e-4 wherever the ids agree.
final class RasterizerConformanceTests: GPUTestCase {
    private let edgeMargin: Float = 1e-3
    private let depthMargin: Float = 1e-5

    private struct Soup {
        var vertices: [Float] = []
        var triangles: [UInt32] = []
        var vertexCount: Int { vertices.count / 3 }
        var triangleCount: Int { triangles.count / 3 }
    }

    /// Triangles of random size and winding scattered over and past the image (some partly off-screen),
    /// depths 1...10 per vertex so triangles overlap and interpenetrate, plus zero-area triangles
    /// (a repeated index, and three collinear integer points) and triangles sharing vertices.
    private func soup(triangles count: Int, width: Int, height: Int, random: inout SeededRandom) -> Soup {
        var soup = Soup()
        let extent = Float(max(width, height))
        func vertex(_ x: Float, _ y: Float, _ z: Float) -> UInt32 {
            soup.vertices += [x, y, z]
            return UInt32(soup.vertexCount - 1)
        }
        for t in 0..<count {
            switch t % 10 {
            case 7 where soup.vertexCount >= 3: // shares two vertices of the previous triangle
                let shared = soup.triangles.suffix(2)
                let c = vertex(
                    Float.random(in: -0.2...1.2, using: &random) * Float(width),
                    Float.random(in: -0.2...1.2, using: &random) * Float(height),
                    Float.random(in: 1...10, using: &random))
                soup.triangles += [shared.first!, c, shared.last!]
            case 8: // a repeated index: zero area
                let a = vertex(
                    Float.random(in: 0...Float(width), using: &random),
                    Float.random(in: 0...Float(height), using: &random), 2)
                let b = vertex(
                    Float.random(in: 0...Float(width), using: &random),
                    Float.random(in: 0...Float(height), using: &random), 3)
                soup.triangles += [a, b, a]
            case 9: // collinear integer points: exactly zero area
                let x = Float(Int.random(in: 0..<width, using: &random))
                let y = Float(Int.random(in: 0..<height, using: &random))
                let dx = Float(Int.random(in: 1...5, using: &random))
                let dy = Float(Int.random(in: -5...5, using: &random))
                soup.triangles += [vertex(x, y, 1), vertex(x + dx, y + dy, 1), vertex(x + 2 * dx, y + 2 * dy, 1)]
            default:
                let centre = (
                    x: Float.random(in: -0.2...1.2, using: &random) * Float(width),
                    y: Float.random(in: -0.2...1.2, using: &random) * Float(height)
                )
                let radius = Float.random(in: 1...(extent / 3), using: &random)
                for _ in 0..<3 {
                    let angle = Float.random(in: 0...(2 * .pi), using: &random)
                    soup.triangles.append(
                        vertex(
                            centre.x + radius * cos(angle), centre.y + radius * sin(angle),
                            Float.random(in: 1...10, using: &random)))
                }
            }
        }
        return soup
    }

    /// Per pixel: whether the nearest triangle is unambiguous (see the class comment).
    private func stablePixels(_ soup: Soup, width: Int, height: Int) -> [Bool] {
        var stable = [Bool](repeating: true, count: width * height)
        var nearest = [Float](repeating: .infinity, count: width * height)
        var second = [Float](repeating: .infinity, count: width * height)
        for t in 0..<soup.triangleCount {
            let v: [SIMD3<Float>] = (0..<3).map { corner in
                let index = Int(soup.triangles[3 * t + corner])
                return SIMD3(soup.vertices[3 * index], soup.vertices[3 * index + 1], soup.vertices[3 * index + 2])
            }
            let area: Float = edgeFunction(v[0], v[1], SIMD2(v[2].x, v[2].y))
            if area == 0 { continue }
            let low: SIMD3<Float> = pointwiseMin(v[0], pointwiseMin(v[1], v[2]))
            let high: SIMD3<Float> = pointwiseMax(v[0], pointwiseMax(v[1], v[2]))
            let x0 = max(Int((low.x - 1).rounded(.down)), 0)
            let x1 = min(Int((high.x + 1).rounded(.up)), width - 1)
            let y0 = max(Int((low.y - 1).rounded(.down)), 0)
            let y1 = min(Int((high.y + 1).rounded(.up)), height - 1)
            guard x0 <= x1 && y0 <= y1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 {
                    let p = SIMD2<Float>(Float(x) + 0.5, Float(y) + 0.5)
                    var l: [Float] = []
                    for (a, b) in [(1, 2), (2, 0), (0, 1)] {
                        let e = edgeFunction(v[a], v[b], p)
                        let d = SIMD2<Float>(v[b].x - v[a].x, v[b].y - v[a].y)
                        let length = (d * d).sum().squareRoot()
                        if abs(e) < edgeMargin * length { stable[y * width + x] = false }
                        l.append(e / area)
                    }
                    guard l.allSatisfy({ $0 >= 0 }) else { continue }
                    let inverseDepth: Float = l[0] / v[0].z + l[1] / v[1].z + l[2] / v[2].z
                    let z = 1 / inverseDepth
                    let pixel = y * width + x
                    if z < nearest[pixel] {
                        (second[pixel], nearest[pixel]) = (nearest[pixel], z)
                    } else if z < second[pixel] {
                        second[pixel] = z
                    }
                }
            }
        }
        for pixel in stable.indices where second[pixel] - nearest[pixel] <= depthMargin * nearest[pixel] {
            stable[pixel] = false
        }
        return stable
    }

    private func edgeFunction(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ p: SIMD2<Float>) -> Float {
        let first: Float = (b.x - a.x) * (p.y - a.y)
        let second: Float = (b.y - a.y) * (p.x - a.x)
        return first - second
    }

    private func rasterize(
        _ soup: Soup, width: Int, height: Int, depthTest: Rasterizer.DepthTest,
        stream: CommandStream? = nil
    ) throws -> Rasterizer.Image {
        let pixels = width * height
        let ids = try device.makeBuffer(byteCount: 4 * pixels)
        let depth = try device.tensor(count: pixels)
        let barycentrics = try device.tensor(count: 3 * pixels)
        let stream = try stream ?? device.makeStream()
        try Rasterizer(depthTest: depthTest).encode(
            on: stream, vertices: device.makeBuffer(soup.vertices.isEmpty ? [Float(0)] : soup.vertices),
            triangles: device.makeBuffer(soup.triangles.isEmpty ? [UInt32(0)] : soup.triangles),
            scratch: device.makeBuffer(byteCount: Rasterizer.scratchByteCount(width: width, height: height)),
            ids: ids, depth: depth, barycentrics: barycentrics,
            shape: .init(width: width, height: height, vertexCount: soup.vertexCount, triangleCount: soup.triangleCount)
        )
        try stream.submitAndWait()
        return Rasterizer.Image(
            ids: try ids.read(UInt32.self, count: pixels), depth: try depth.floats(pixels),
            barycentrics: try barycentrics.floats(3 * pixels))
    }

    private func check(triangles count: Int, width: Int, height: Int, seed: UInt64, depthTest: Rasterizer.DepthTest)
        throws
    {
        var random = SeededRandom(seed: seed)
        let soup = soup(triangles: count, width: width, height: height, random: &random)
        let gpu = try rasterize(soup, width: width, height: height, depthTest: depthTest)
        let cpu = Rasterizer.reference(vertices: soup.vertices, triangles: soup.triangles, width: width, height: height)
        let stable = stablePixels(soup, width: width, height: height)
        let what = "\(count) triangles \(width)x\(height) \(depthTest)"
        let stableCount = stable.filter { $0 }.count
        XCTAssertGreaterThan(stableCount, width * height * 8 / 10, "\(what): too few unambiguous pixels to test")
        XCTAssertGreaterThan(
            Set(cpu.ids).count, min(count / 4, 10, max(width, height) / 10), "\(what): too few visible triangles")
        var idMismatches = 0
        var depthMismatches = 0
        var barycentricMismatches = 0
        for pixel in 0..<width * height {
            if stable[pixel] && gpu.ids[pixel] != cpu.ids[pixel] { idMismatches += 1 }
            guard gpu.ids[pixel] == cpu.ids[pixel] else { continue }
            if abs(gpu.depth[pixel] - cpu.depth[pixel]) > 1e-5 * abs(cpu.depth[pixel]) { depthMismatches += 1 }
            var sum: Float = 0
            for k in 0..<3 {
                sum += gpu.barycentrics[3 * pixel + k]
                if abs(gpu.barycentrics[3 * pixel + k] - cpu.barycentrics[3 * pixel + k]) > 1e-4 {
                    barycentricMismatches += 1
                }
            }
            if cpu.ids[pixel] != Rasterizer.noTriangle && abs(sum - 1) > 1e-4 { barycentricMismatches += 1 }
        }
        XCTAssertEqual(idMismatches, 0, "\(what): triangle ids differ at unambiguous pixels")
        XCTAssertEqual(depthMismatches, 0, "\(what): depth differs")
        XCTAssertEqual(barycentricMismatches, 0, "\(what): barycentrics differ or do not sum to 1")
    }

    private let cases: [(triangles: Int, width: Int, height: Int)] = [
        (1, 5, 3), (20, 37, 29), (150, 64, 64), (400, 130, 97), (60, 1, 50), (1500, 257, 193),
    ]

    func testBinnedPathMatchesReferenceOnRandomSoups() throws {
        for (index, shape) in cases.enumerated() {
            try check(
                triangles: shape.triangles, width: shape.width, height: shape.height, seed: 400 + UInt64(index),
                depthTest: .binned)
        }
    }

    func testBinnedPathFallsBackCorrectlyWhenATileListOverflows() throws {
        // 700 large overlapping triangles: every tile's list passes its 256-id capacity.
        var random = SeededRandom(seed: 500)
        var soup = Soup()
        for _ in 0..<700 {
            for _ in 0..<3 {
                soup.vertices += [
                    Float.random(in: -20...60, using: &random), Float.random(in: -20...60, using: &random),
                    Float.random(in: 1...10, using: &random),
                ]
                soup.triangles.append(UInt32(soup.vertexCount - 1))
            }
        }
        let binned = try rasterize(soup, width: 40, height: 40, depthTest: .binned)
        let twoPass = try rasterize(soup, width: 40, height: 40, depthTest: .twoPass)
        XCTAssertEqual(binned.ids, twoPass.ids)
        XCTAssertEqual(binned.depth, twoPass.depth)
    }

    func testInt64AtomicPathMatchesReferenceOnRandomSoups() throws {
        try XCTSkipUnless(
            Rasterizer(depthTest: .atomic64).effectiveDepthTest(on: device) == .atomic64,
            "\(device.info.name) lacks 64-bit buffer atomics")
        for (index, shape) in cases.enumerated() {
            try check(
                triangles: shape.triangles, width: shape.width, height: shape.height, seed: 100 + UInt64(index),
                depthTest: .atomic64)
        }
    }

    func testTwoPassPathMatchesReferenceOnRandomSoups() throws {
        for (index, shape) in cases.enumerated() {
            try check(
                triangles: shape.triangles, width: shape.width, height: shape.height, seed: 200 + UInt64(index),
                depthTest: .twoPass)
        }
    }

    func testEveryPathAgreesExactlyOnEveryPixel() throws {
        var random = SeededRandom(seed: 300)
        let soup = soup(triangles: 300, width: 101, height: 77, random: &random)
        let results = try Rasterizer.DepthTest.allCases.map {
            try rasterize(soup, width: 101, height: 77, depthTest: $0)
        }
        for result in results.dropFirst() {
            XCTAssertEqual(result.ids, results[0].ids)
            XCTAssertEqual(result.depth, results[0].depth)
        }
    }

    func testPerspectiveCorrectDepthAndBarycentricsOfOneTriangle() throws {
        // Vertices at depths 1, 2, 4: at a pixel centre the interpolated 1/z is linear in screen space.
        let soup = Soup(vertices: [0.5, 0.5, 1, 8.5, 0.5, 2, 0.5, 8.5, 4], triangles: [0, 1, 2])
        let image = try rasterize(soup, width: 10, height: 10, depthTest: .binned)
        let pixel = 2 * 10 + 4 // centre (4.5, 2.5): screen barycentrics (0.25, 0.5, 0.25)
        XCTAssertEqual(image.ids[pixel], 0)
        let inverseDepth: Float = 0.25 / 1 + 0.5 / 2 + 0.25 / 4
        XCTAssertEqual(image.depth[pixel], 1 / inverseDepth, accuracy: 1e-6)
        let expected: [Float] = [0.25 / inverseDepth, 0.25 / inverseDepth, 0.0625 / inverseDepth]
        for k in 0..<3 { XCTAssertEqual(image.barycentrics[3 * pixel + k], expected[k], accuracy: 1e-6) }
        XCTAssertEqual(image.ids[9 * 10 + 9], Rasterizer.noTriangle) // outside: no triangle, depth 0
        XCTAssertEqual(image.depth[9 * 10 + 9], 0)
    }

    func testEqualDepthsGoToTheSmallerTriangleIdOnEveryPath() throws {
        // Triangles 1 and 2 repeat triangle 0 exactly, so every covered pixel sees three bit-equal depths.
        // (Reordered vertices would round the interpolated depth differently, so only exact repeats tie.)
        let soup = Soup(vertices: [-1, -1, 3, 20, -1, 2, -1, 20, 5], triangles: [0, 1, 2, 0, 1, 2, 0, 1, 2])
        for depthTest in Rasterizer.DepthTest.allCases {
            let image = try rasterize(soup, width: 9, height: 7, depthTest: depthTest)
            let covered = image.ids.filter { $0 != Rasterizer.noTriangle }
            XCTAssertFalse(covered.isEmpty)
            XCTAssertTrue(covered.allSatisfy { $0 == 0 }, "\(depthTest): \(Set(covered))")
        }
    }

    func testOutOfRangeIndicesAndNoTrianglesDrawNothing() throws {
        let soup = Soup(vertices: [0, 0, 1, 30, 0, 1, 0, 30, 1], triangles: [0, 1, 3, 7, 1, 2])
        for depthTest in Rasterizer.DepthTest.allCases {
            let image = try rasterize(soup, width: 16, height: 16, depthTest: depthTest)
            XCTAssertTrue(image.ids.allSatisfy { $0 == Rasterizer.noTriangle })
            let empty = try rasterize(Soup(), width: 3, height: 2, depthTest: depthTest)
            XCTAssertEqual(empty.ids, [UInt32](repeating: Rasterizer.noTriangle, count: 6))
        }
    }

    func testValidateRejectsOutOfRangeIndicesAndPartialTriangles() throws {
        XCTAssertNoThrow(try Rasterizer.validate(triangles: [0, 1, 2, 2, 1, 0], vertexCount: 3))
        assertInvalidArgument(try Rasterizer.validate(triangles: [0, 1, 2, 0, 3, 1], vertexCount: 3))
        assertInvalidArgument(try Rasterizer.validate(triangles: [0, 1], vertexCount: 3))
    }

    func testUndersizedBuffersAndEmptyImageAreRejected() throws {
        let stream = try device.makeStream()
        let vertices = try device.makeBuffer([Float](repeating: 1, count: 9))
        let triangles = try device.makeBuffer([UInt32]([0, 1, 2]))
        let scratch = try device.makeBuffer(byteCount: Rasterizer.scratchByteCount(width: 8, height: 8))
        let ids = try device.makeBuffer(byteCount: 4 * 64)
        let depth = try device.tensor(count: 64)
        let barycentrics = try device.tensor(count: 3 * 64)
        let shapes: [Rasterizer.Shape] = [
            .init(width: 8, height: 8, vertexCount: 4, triangleCount: 1), // more vertices than the buffer holds
            .init(width: 8, height: 8, vertexCount: 3, triangleCount: 2), // more triangles than the buffer holds
            .init(width: 9, height: 8, vertexCount: 3, triangleCount: 1), // outputs too small for the image
            .init(width: 0, height: 8, vertexCount: 3, triangleCount: 1), // empty image
        ]
        for shape in shapes {
            assertInvalidArgument(
                try Rasterizer().encode(
                    on: stream, vertices: vertices, triangles: triangles, scratch: scratch,
                    ids: ids, depth: depth, barycentrics: barycentrics, shape: shape),
                "\(shape)")
        }
        assertInvalidArgument(
            try Rasterizer().encode(
                on: stream, vertices: vertices, triangles: triangles, scratch: scratch,
                ids: ids, depth: ids, barycentrics: barycentrics,
                shape: .init(width: 8, height: 8, vertexCount: 3, triangleCount: 1)))
    }
}
