import GPU
import Kernels
import TestSupport
import XCTest

/// The warp renderer and the control maps vs their CPU references on random two-layer scenes: random
/// photo, plate and matte; random triangles in both layers (overlapping, partly off-screen) with every
/// part kind (photo-sampled, mouth cavity, both eyes) and random attributes, including alphas and part
/// coordinates outside 0...1 (the kernels clamp them). The layers are rasterized on the GPU and the
/// references read that rasterization, so these tests check the warp kernels alone.
final class WarpConformanceTests: GPUTestCase {
    private let parts = WarpComposite.SpecialParts(mouthCavity: 4, leftEye: 5, rightEye: 6)

    private struct Scene {
        var shape: WarpShape
        var photo: [Float], plate: [Float], matte: [Float]
        var positions: [Float], attributes: [Float], normals: [Float]
        var bodyTriangles: [UInt32], faceTriangles: [UInt32], parts: [UInt32]
    }

    private func scene(
        output: (Int, Int), photo: (Int, Int), vertices: Int, bodyTriangles: Int, faceTriangles: Int,
        random: inout SeededRandom
    ) -> Scene {
        let (ow, oh) = output
        let (pw, ph) = photo
        var positions: [Float] = []
        var attributes: [Float] = []
        var normals: [Float] = []
        for _ in 0..<vertices {
            positions += [
                Float.random(in: -0.1...1.1, using: &random) * Float(ow),
                Float.random(in: -0.1...1.1, using: &random) * Float(oh), Float.random(in: 1...5, using: &random),
            ]
            attributes += [
                Float.random(in: -3...(Float(pw) + 3), using: &random),
                Float.random(in: -3...(Float(ph) + 3), using: &random),
                Float.random(in: -0.1...1.2, using: &random),
                Float.random(in: -0.1...1.1, using: &random), Float.random(in: -0.1...1.1, using: &random),
                Float.random(in: -8...8, using: &random), Float.random(in: -8...8, using: &random),
                Float.random(in: 0...40, using: &random),
            ]
            normals += random.floats(3)
        }
        func triangles(_ count: Int) -> [UInt32] {
            // Small and medium triangles around random centres, from nearby vertex indices.
            var result: [UInt32] = []
            for _ in 0..<count {
                for _ in 0..<3 { result.append(UInt32(Int.random(in: 0..<vertices, using: &random))) }
            }
            return result
        }
        let body = triangles(bodyTriangles)
        let face = triangles(faceTriangles)
        let labels = (0..<(bodyTriangles + faceTriangles)).map { _ in UInt32(Int.random(in: 0...11, using: &random)) }
        return Scene(
            shape: WarpShape(
                outputWidth: ow, outputHeight: oh, photoWidth: pw, photoHeight: ph, vertexCount: vertices,
                bodyTriangleCount: bodyTriangles, faceTriangleCount: faceTriangles),
            photo: random.floats(3 * pw * ph, in: 0...1), plate: random.floats(3 * pw * ph, in: 0...1),
            matte: random.floats(pw * ph, in: -0.1...1.1), positions: positions, attributes: attributes,
            normals: normals,
            bodyTriangles: body, faceTriangles: face, parts: labels)
    }

    /// Uploads the scene and rasterizes both layers, the face over `faceWindow`'s samples (nil: the whole output);
    /// returns the GPU layers and their host copies.
    private func rasterize(_ scene: Scene, faceWindow: SampleWindow? = nil)
        throws -> (body: WarpLayer, face: WarpLayer, bodyHost: WarpLayer.Host, faceHost: WarpLayer.Host)
    {
        let shape = scene.shape
        let whole = SampleWindow.whole(width: shape.outputWidth, height: shape.outputHeight)
        func layer(_ triangles: [UInt32], _ window: SampleWindow) throws -> (WarpLayer, WarpLayer.Host) {
            let samples = window.sampleCount
            let stream = try device.makeStream()
            let layer = WarpLayer(
                triangles: try device.makeBuffer(triangles.isEmpty ? [UInt32(0)] : triangles),
                ids: try device.makeBuffer(byteCount: 4 * samples), barycentrics: try device.tensor(count: 3 * samples),
                depth: try device.tensor(count: samples), triangleCount: triangles.count / 3)
            try Rasterizer().encode(
                on: stream, vertices: device.makeBuffer(window.sampleGridPositions(scene.positions)),
                triangles: layer.triangles,
                scratch: device.makeBuffer(
                    byteCount: Rasterizer.scratchByteCount(width: window.sampleWidth, height: window.sampleHeight)),
                ids: layer.ids, depth: layer.depth, barycentrics: layer.barycentrics,
                shape: .init(
                    width: window.sampleWidth, height: window.sampleHeight,
                    vertexCount: shape.vertexCount, triangleCount: layer.triangleCount))
            try stream.submitAndWait()
            let host = WarpLayer.Host(
                triangles: triangles, ids: try layer.ids.read(UInt32.self, count: samples),
                barycentrics: try layer.barycentrics.floats(3 * samples), depth: try layer.depth.floats(samples))
            return (layer, host)
        }
        let body = try layer(scene.bodyTriangles, whole)
        let face = try layer(scene.faceTriangles, faceWindow ?? whole)
        return (body.0, face.0, body.1, face.1)
    }

    /// Checks the warp on a random scene (fp32: the kernel reads and writes fp32 only).
    private func checkWarp(
        output: (Int, Int), photo: (Int, Int), faceWindow: SampleWindow? = nil,
        frame: WarpComposite.FrameState, seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let warp = WarpComposite(parts: parts)
        let testCase = (output: output, photo: photo, faceWindow: faceWindow, frame: frame)
        checkKernel(
            "WarpComposite", [testCase], seed: seed, dataTypes: [.float32],
            file: file, line: line
        ) { _, random in
            let drawn = scene(
                output: output, photo: photo, vertices: 60, bodyTriangles: 40, faceTriangles: 30,
                random: &random.random)
            let layers = try rasterize(drawn, faceWindow: faceWindow)
            XCTAssertGreaterThan(
                layers.faceHost.ids.filter { $0 != UInt32.max }.count, layers.faceHost.ids.count / 20,
                "the random scene should cover a good part of the image", file: file, line: line)
            return (scene: drawn, layers: layers)
        } reference: { _, x in
            warp.reference(
                photo: x.scene.photo, plate: x.scene.plate, matte: x.scene.matte,
                attributes: x.scene.attributes, parts: x.scene.parts, body: x.layers.bodyHost,
                face: x.layers.faceHost, faceWindow: faceWindow, frame: frame, shape: x.scene.shape)
        } gpu: { _, x, run in
            try warp.encode(
                on: run.stream, photo: run.tensor(x.scene.photo), plate: run.tensor(x.scene.plate),
                matte: run.tensor(x.scene.matte), attributes: run.tensor(x.scene.attributes),
                parts: run.device.makeBuffer(x.scene.parts), body: x.layers.body, face: x.layers.face,
                faceWindow: faceWindow, frame: frame, shape: x.scene.shape, output: run.output)
        }
    }

    func testWarpMatchesReferenceAtPhotoSizeWithGazeAndTeeth() throws {
        checkWarp(output: (67, 45), photo: (67, 45), frame: .init(gazeX: 0.6, gazeY: -0.4, teeth: .both), seed: 1)
    }

    func testWarpMatchesReferenceScaledOutputWithoutTeeth() throws {
        checkWarp(output: (40, 33), photo: (97, 71), frame: .init(gazeX: -1, gazeY: 1, teeth: []), seed: 2)
    }

    func testWarpMatchesReferenceWithLowerTeethOnlyAndAPhotosPalette() throws {
        let gray = WarpComposite.MouthPalette(
            cavity: [0.11, 0.11, 0.11], tongue: [0.4, 0.4, 0.4], enamel: [0.8, 0.8, 0.8])
        checkWarp(output: (52, 40), photo: (52, 40), frame: .init(gazeX: 0.2, teeth: .lower, palette: gray), seed: 4)
    }

    func testWarpMatchesReferenceWithTheFaceSupersampledInAWindow() throws {
        for (samples, seed) in [(3, UInt64(7)), (5, 8)] {
            let window = SampleWindow(x: 9, y: 5, width: 30, height: 22, samplesPerAxis: samples)
            checkWarp(
                output: (47, 35), photo: (60, 40), faceWindow: window, frame: .init(gazeX: 0.3, teeth: .upper),
                seed: seed)
        }
    }

    func testFaceWindowOutsideTheOutputIsRejected() throws {
        var random = SeededRandom(seed: 9)
        let scene = scene(
            output: (8, 8), photo: (8, 8), vertices: 10, bodyTriangles: 4, faceTriangles: 4, random: &random)
        let layers = try rasterize(scene)
        let stream = try device.makeStream()
        let window = SampleWindow(x: 4, y: 0, width: 5, height: 8, samplesPerAxis: 1)
        XCTAssertThrowsError(
            try WarpComposite(parts: parts).encode(
                on: stream, photo: device.makeBuffer(scene.photo), plate: device.makeBuffer(scene.plate),
                matte: device.makeBuffer(scene.matte),
                attributes: device.makeBuffer(scene.attributes), parts: device.makeBuffer(scene.parts),
                body: layers.body, face: layers.face,
                faceWindow: window, frame: .init(), shape: scene.shape, output: device.tensor(count: 3 * 64))
        ) { error in
            guard case .invalidArgument(let detail) = error as? GPUError else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.contains("not inside the 8x8 output"), detail)
        }
    }

    func testWarpMatchesReferenceOnAWideStripWithoutGaze() throws {
        checkWarp(output: (129, 17), photo: (50, 30), frame: .init(), seed: 3)
    }

    func testControlMapsMatchReference() throws {
        for (seed, output, photo) in [(UInt64(4), (53, 41), (53, 41)), (5, (31, 70), (90, 60))] {
            let testCase = (output: output, photo: photo)
            checkKernel("ControlMaps", [testCase], seed: seed, dataTypes: [.float32]) { _, random in
                let drawn = scene(
                    output: output, photo: photo, vertices: 50, bodyTriangles: 30, faceTriangles: 25,
                    random: &random.random)
                return (scene: drawn, layers: try rasterize(drawn))
            } reference: { _, x in
                let cpu = ControlMaps.reference(
                    matte: x.scene.matte, attributes: x.scene.attributes,
                    normals: x.scene.normals, parts: x.scene.parts, body: x.layers.bodyHost,
                    face: x.layers.faceHost, shape: x.scene.shape)
                XCTAssertTrue(
                    stride(from: 6, to: cpu.count, by: 8).contains { cpu[$0] != 0 },
                    "some pixels carry part labels")
                return cpu
            } gpu: { _, x, run in
                try ControlMaps().encode(
                    on: run.stream, matte: run.tensor(x.scene.matte),
                    attributes: run.tensor(x.scene.attributes),
                    normals: run.tensor(x.scene.normals),
                    parts: run.device.makeBuffer(x.scene.parts),
                    body: x.layers.body, face: x.layers.face, shape: x.scene.shape,
                    output: run.output)
            }
        }
    }

    func testMismatchedLayerTriangleCountThrows() throws {
        var random = SeededRandom(seed: 6)
        let scene = scene(
            output: (8, 8), photo: (8, 8), vertices: 10, bodyTriangles: 4, faceTriangles: 4, random: &random)
        let layers = try rasterize(scene)
        var shape = scene.shape
        shape.faceTriangleCount = 5
        let stream = try device.makeStream()
        XCTAssertThrowsError(
            try WarpComposite(parts: parts).encode(
                on: stream, photo: device.makeBuffer(scene.photo), plate: device.makeBuffer(scene.plate),
                matte: device.makeBuffer(scene.matte),
                attributes: device.makeBuffer(scene.attributes), parts: device.makeBuffer(scene.parts + [0]),
                body: layers.body, face: layers.face,
                frame: .init(), shape: shape, output: device.tensor(count: 3 * 64)))
    }
}
