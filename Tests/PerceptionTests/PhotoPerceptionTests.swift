import GPU
import Media
import NN
import Perception
import TestSupport
import XCTest

/// The whole perception path on the GPU engine, on astronaut.png (Tests/Fixtures).
final class PhotoPerceptionTests: GPUTestCase {
    static let portrait = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/astronaut.png").standardized.path

    func testAstronautHasOneFaceWithAMeshOnItAMaskAndShouldersBelow() throws {
        let image = try ImageDecoder.decode(path: Self.portrait)
        let photo = try PhotoBuffer(pixels: image.pixels, width: image.width, height: image.height, device: device)
        let analysis = try PhotoPerception(device: device).analyze(photo)

        XCTAssertEqual(analysis.faces.count, 1)
        let face = try XCTUnwrap(analysis.faces.first)
        // The reference interpreter's detection of the same photo (Tests/Fixtures/README.md).
        XCTAssertEqual(face.detection.box.minX, 179.08, accuracy: 0.5)
        XCTAssertEqual(face.detection.box.maxY, 173.93, accuracy: 0.5)
        XCTAssertGreaterThan(face.presence, 0.9)
        XCTAssertEqual(face.landmarks.count, 468)
        let box = face.detection.box
        let inside = face.landmarks.filter {
            $0.x > box.minX - 10 && $0.x < box.maxX + 10 && $0.y > box.minY - 25 && $0.y < box.maxY + 10
        }
        XCTAssertEqual(inside.count, 468, "every mesh point sits on the detected face")

        let mask = analysis.personMask
        XCTAssertEqual(mask.count, 512 * 512)
        let faceCenter = mask[Int((box.minY + box.maxY) / 2) * 512 + Int((box.minX + box.maxX) / 2)]
        XCTAssertGreaterThan(faceCenter, 0.9)
        XCTAssertLessThan(mask[5 * 512 + 5], 0.1, "top-left corner is background")
        XCTAssertLessThan(mask[5 * 512 + 506], 0.1, "top-right corner is background")

        let pose = try XCTUnwrap(analysis.pose)
        XCTAssertEqual(pose.count, 33)
        let (leftShoulder, rightShoulder) = (pose[11], pose[12])
        XCTAssertGreaterThan(min(leftShoulder.visibility, rightShoulder.visibility), 0.5)
        XCTAssertGreaterThan(
            min(leftShoulder.position.y, rightShoulder.position.y), box.maxY, "shoulders are below the face")
        XCTAssertGreaterThan(
            leftShoulder.position.x, rightShoulder.position.x, "the subject's left is the image's right")
        XCTAssertGreaterThan(
            abs(leftShoulder.position.x - rightShoulder.position.x), box.width, "shoulders are wider than the face")
    }

    func testAPhotoWithoutAFaceFindsNone() throws {
        // A smooth gradient with a few blocks: no face at any scale.
        let (width, height) = (160, 120)
        let pixels = (0..<(width * height)).flatMap { index -> [UInt8] in
            let (x, y) = (index % width, index / width)
            let block: UInt8 = (x / 40 + y / 40) % 2 == 0 ? 40 : 0
            return [UInt8(x * 255 / width) &+ block, UInt8(y * 255 / height), 128]
        }
        let photo = try PhotoBuffer(pixels: pixels, width: width, height: height, device: device)
        XCTAssertEqual(try PhotoPerception(device: device).findFaces(photo).count, 0)
    }

    /// The astronaut pasted into a 1024x1024 grey canvas: her face (~92 px) is ~11 px in the detector's
    /// view of the whole canvas, too small; the tiled second pass finds it, and the mesh rejects the
    /// false detection the first pass makes on her suit.
    func testASmallFaceIsFoundByTheTiledPass() throws {
        let image = try ImageDecoder.decode(path: Self.portrait)
        let (size, left, top) = (1024, 400, 300)
        var pixels = [UInt8](repeating: 128, count: size * size * 3)
        for y in 0..<image.height {
            let source = y * image.width * 3
            let target = ((top + y) * size + left) * 3
            pixels.replaceSubrange(
                target..<(target + image.width * 3), with: image.pixels[source..<(source + image.width * 3)])
        }
        let photo = try PhotoBuffer(pixels: pixels, width: size, height: size, device: device)
        let faces = try PhotoPerception(device: device).findFaces(photo)
        XCTAssertEqual(faces.count, 1)
        let box = try XCTUnwrap(faces.first).detection.box
        // Where the face is in the pasted photo (179-272, 81-174), moved by the paste offset.
        XCTAssertEqual(box.minX, 179 + Float(left), accuracy: 8)
        XCTAssertEqual(box.minY, 81 + Float(top), accuracy: 8)
        XCTAssertEqual(box.maxX, 272 + Float(left), accuracy: 8)
    }
}
