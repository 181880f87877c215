import Body
import GPU
import Kernels
import Render
import TestSupport
import XCTest

/// The frame renderer on synthetic layers: a grid layer whose vertices sit at their reference points must
/// reproduce the photo; moving the grid moves the photo content with it and uncovers the plate.
final class FrameRendererTests: GPUTestCase {
    private let (width, height) = (48, 36)

    /// A smooth colourful test photo.
    private func photo() -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: 3 * width * height)
        for y in 0..<height {
            for x in 0..<width {
                let i = 3 * (y * width + x)
                pixels[i] = UInt8(40 + 4 * x)
                pixels[i + 1] = UInt8(30 + 5 * y)
                pixels[i + 2] = UInt8((x * y) % 200 + 20)
            }
        }
        return pixels
    }

    /// A grid over the rectangle [x0, x1] x [y0, y1] (photo pixels) with reference = position, then moved by `shift`.
    private func grid(
        x0: Float, y0: Float, x1: Float, y1: Float, cells: Int, shift: SIMD2<Float> = .zero,
        part: BodyPart = .torso
    ) -> ScreenMesh {
        var mesh = ScreenMesh()
        for j in 0...cells {
            for i in 0...cells {
                let x = x0 + (x1 - x0) * Float(i) / Float(cells)
                let y = y0 + (y1 - y0) * Float(j) / Float(cells)
                mesh.positions += [x + shift.x, y + shift.y, 10]
                mesh.attributes += [x, y, 1, 0, 0, 0, 0, 0]
                mesh.normals += [0, 0, -1]
            }
        }
        for j in 0..<cells {
            for i in 0..<cells {
                let a = UInt32(j * (cells + 1) + i)
                let b = a + 1
                let c = a + UInt32(cells + 1)
                let d = c + 1
                mesh.triangles += [a, b, d, a, d, c]
                mesh.parts += [part.rawValue, part.rawValue]
            }
        }
        return mesh
    }

    private func plates(matte: Float = 1, holeWeights: [Float]? = nil) throws -> SubjectPlates {
        try SubjectPlates(
            device: device, pixels: photo(), width: width, height: height,
            matte: [Float](repeating: matte, count: width * height),
            plateWeights: holeWeights ?? [Float](repeating: 1, count: width * height))
    }

    func testLayersAtTheirReferencePointsReproduceThePhoto() throws {
        let renderer = try FrameRenderer(plates: plates(), outputWidth: width, outputHeight: height)
        let frame = try renderer.render(
            body: grid(x0: 0, y0: 0, x1: Float(width), y1: Float(height), cells: 7),
            face: grid(x0: 10, y0: 8, x1: 30, y1: 26, cells: 5, part: .faceSkin), frame: .init())
        let expected = photo()
        let worst = zip(frame.pixels, expected).map { abs(Int($0) - Int($1)) }.max() ?? 255
        XCTAssertLessThanOrEqual(worst, 1, "an identity warp must give the photo back")
    }

    func testShiftedLayerMovesThePhotoContentAndUncoversThePlate() throws {
        // Plate: the hole (weight 0) is the left half, so the plate there is filled from the right half's colours.
        var weights = [Float](repeating: 1, count: width * height)
        for y in 0..<height { for x in 0..<(width / 2) { weights[y * width + x] = 0 } }
        let plates = try plates(holeWeights: weights)
        let renderer = try FrameRenderer(plates: plates, outputWidth: width, outputHeight: height)
        let body = grid(x0: 4, y0: 4, x1: 20, y1: 30, cells: 4, shift: [6, 0])
        let frame = try renderer.render(body: body, face: ScreenMesh(), frame: .init())
        let source = photo()
        // Inside the moved layer, output (x, y) shows photo (x - 6, y).
        for (x, y) in [(14, 10), (20, 20), (24, 28)] {
            for c in 0..<3 {
                XCTAssertEqual(
                    Int(frame.pixels[3 * (y * width + x) + c]), Int(source[3 * (y * width + x - 6) + c]), accuracy: 1)
            }
        }
        // Where the layer moved away (x in 4..<10), the output is the plate, not the photo.
        let plate = try plates.plateColours()
        for (x, y) in [(5, 10), (8, 25)] {
            for c in 0..<3 {
                XCTAssertEqual(
                    Float(frame.pixels[3 * (y * width + x) + c]) / 255, plate[3 * (y * width + x) + c], accuracy: 0.01)
            }
        }
    }

    func testOutputScaleRendersTheSameContentAtAnotherSize() throws {
        let renderer = try FrameRenderer(plates: plates(), outputWidth: 2 * width, outputHeight: 2 * height)
        let frame = try renderer.render(
            body: grid(x0: 0, y0: 0, x1: Float(width), y1: Float(height), cells: 6), face: ScreenMesh(),
            frame: .init())
        XCTAssertEqual(frame.pixels.count, 3 * 4 * width * height)
        let source = photo()
        // Output pixel (2x + 1, 2y + 1) has its centre at photo (x + 0.75, y + 0.75): between the photo's pixels.
        for (x, y) in [(5, 5), (20, 17), (40, 30)] {
            let out = 3 * ((2 * y + 1) * 2 * width + 2 * x + 1)
            XCTAssertEqual(
                Float(frame.pixels[out]),
                0.75 * Float(source[3 * (y * width + x)]) + 0.25 * Float(source[3 * (y * width + x + 1)]),
                accuracy: 1.5)
        }
    }

    func testMapsLabelTheFrontLayer() throws {
        let renderer = try FrameRenderer(plates: plates(), outputWidth: width, outputHeight: height)
        let frame = try renderer.render(
            body: grid(x0: 0, y0: 0, x1: Float(width), y1: Float(height), cells: 3),
            face: grid(x0: 10, y0: 8, x1: 30, y1: 26, cells: 2, part: .lips), frame: .init(), maps: true)
        let maps = try XCTUnwrap(frame.maps)
        func part(_ x: Int, _ y: Int) -> Float { maps[8 * (y * width + x) + 6] }
        XCTAssertEqual(part(20, 16), Float(BodyPart.lips.rawValue))
        XCTAssertEqual(part(40, 30), Float(BodyPart.torso.rawValue))
        XCTAssertEqual(maps[8 * (16 * width + 20)], 10, accuracy: 1e-4, "depth")
        XCTAssertEqual(maps[8 * (16 * width + 20) + 3], -1, accuracy: 1e-5, "normal toward the camera")
        XCTAssertEqual(ControlMapImages.palette.count, BodyPart.allCases.count)
    }

    /// A face-layer quad whose slanted left edge runs through black plate, its pixels white: along the edge each
    /// output pixel should be as bright as the share of it the quad covers. Returns the mean and largest error
    /// against that exact share over the pixels the edge crosses, and how many of them are in between (10-90%).
    private func slantedEdge(faceSamplesPerAxis: Int) throws -> (
        meanError: Float, worstError: Float, between: Int, crossed: Int
    ) {
        var pixels = [UInt8](repeating: 0, count: 3 * width * height)
        for y in 0..<height { for x in 30..<width { for c in 0..<3 { pixels[3 * (y * width + x) + c] = 255 } } }
        let plates = try SubjectPlates(
            device: device, pixels: pixels, width: width, height: height,
            matte: [Float](repeating: 1, count: width * height),
            plateWeights: [Float](repeating: 1, count: width * height))
        // Left edge from (6, 2) to (14, 34); the other edges lie on pixel boundaries. Every vertex samples the white part.
        let corners: [SIMD2<Float>] = [[6, 2], [24, 2], [14, 34], [24, 34]]
        var face = ScreenMesh()
        for p in corners {
            face.positions += [p.x, p.y, 10]
            face.attributes += [40, 18, 1, 0, 0, 0, 0, 0]
            face.normals += [0, 0, -1]
        }
        face.triangles = [0, 1, 3, 0, 3, 2]
        face.parts = [BodyPart.faceSkin.rawValue, BodyPart.faceSkin.rawValue]
        let renderer = try FrameRenderer(plates: plates, outputWidth: width, outputHeight: height)
        renderer.faceSamplesPerAxis = faceSamplesPerAxis
        let frame = try renderer.render(body: ScreenMesh(), face: face, frame: .init())
        var errors: [Float] = []
        var between = 0
        for y in 2..<34 {
            for x in 5..<16 {
                // The exact share of the pixel right of the edge, from a dense grid of points.
                let n = 64
                var inside = 0
                for j in 0..<n {
                    let py = Float(y) + (Float(j) + 0.5) / Float(n)
                    let edgeX = 6 + (py - 2) * 8 / 32
                    for i in 0..<n where Float(x) + (Float(i) + 0.5) / Float(n) >= edgeX { inside += 1 }
                }
                let coverage = Float(inside) / Float(n * n)
                guard coverage > 0 && coverage < 1 else { continue }
                let value = Float(frame.pixels[3 * (y * width + x)]) / 255
                errors.append(abs(value - coverage))
                if value > 0.1 && value < 0.9 { between += 1 }
            }
        }
        return (errors.reduce(0, +) / Float(errors.count), errors.max() ?? 1, between, errors.count)
    }

    func testFaceLayerEdgesAreAntiAliasedByCoverage() throws {
        let smooth = try slantedEdge(faceSamplesPerAxis: FrameRenderer.defaultFaceSamplesPerAxis)
        XCTAssertGreaterThan(smooth.crossed, 30, "the edge crosses pixels in every row")
        XCTAssertGreaterThan(smooth.between, smooth.crossed * 3 / 4, "most crossed pixels take an in-between value")
        XCTAssertLessThan(smooth.meanError, 0.08, "brightness follows the covered share")
        XCTAssertLessThan(smooth.worstError, 0.25)
        // One sample per pixel is the staircase this replaces: every pixel all or nothing.
        let aliased = try slantedEdge(faceSamplesPerAxis: 1)
        XCTAssertEqual(aliased.between, 0)
        XCTAssertGreaterThan(aliased.meanError, 0.15)
    }

    func testMismatchedLayerArraysAreRejected() throws {
        let renderer = try FrameRenderer(plates: plates(), outputWidth: width, outputHeight: height)
        var broken = grid(x0: 0, y0: 0, x1: 10, y1: 10, cells: 1)
        broken.parts.removeLast()
        assertInvalidArgument(try renderer.render(body: broken, face: ScreenMesh(), frame: .init()))
        var outOfRange = grid(x0: 0, y0: 0, x1: 10, y1: 10, cells: 1)
        outOfRange.triangles[0] = 99
        assertInvalidArgument(try renderer.render(body: outOfRange, face: ScreenMesh(), frame: .init()))
    }
}
