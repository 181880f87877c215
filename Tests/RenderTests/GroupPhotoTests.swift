import Body
import Media
import Pipeline
import Render
import TestSupport
import XCTest

/// A photo of two people (two astronauts side by side, the left one larger): posing the largest face's person
/// must leave the other person's pixels as they are.
final class GroupPhotoTests: GPUTestCase {
    /// `image` scaled to `width` x `height` by bilinear sampling.
    private func scaled(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: 3 * width * height)
        for y in 0..<height {
            for x in 0..<width {
                let sx = min(max((Float(x) + 0.5) * Float(image.width) / Float(width) - 0.5, 0), Float(image.width - 1))
                let sy = min(
                    max((Float(y) + 0.5) * Float(image.height) / Float(height) - 0.5, 0), Float(image.height - 1))
                let (x0, y0) = (Int(sx), Int(sy))
                let (x1, y1) = (min(x0 + 1, image.width - 1), min(y0 + 1, image.height - 1))
                let (tx, ty) = (sx - Float(x0), sy - Float(y0))
                for c in 0..<3 {
                    func at(_ x: Int, _ y: Int) -> Float { Float(image.pixels[3 * (y * image.width + x) + c]) }
                    let top = at(x0, y0) * (1 - tx) + at(x1, y0) * tx
                    let bottom = at(x0, y1) * (1 - tx) + at(x1, y1) * tx
                    pixels[3 * (y * width + x) + c] = UInt8((top * (1 - ty) + bottom * ty).rounded())
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// 700x400: the astronaut at 400x400 on the left, a 340x340 copy from x = 360 on the right (over the first's edge).
    private func groupPhoto() throws -> RGBImage {
        let astronaut = try ImageDecoder.decode(path: PoseRenderingTests.portrait)
        let (left, right) = (scaled(astronaut, width: 400, height: 400), scaled(astronaut, width: 340, height: 340))
        var pixels = [UInt8](repeating: 200, count: 3 * 700 * 400)
        for (image, originX, originY) in [(left, 0, 0), (right, 360, 60)] {
            for y in 0..<image.height {
                for x in 0..<image.width {
                    for c in 0..<3 {
                        pixels[3 * ((originY + y) * 700 + originX + x) + c] =
                            image.pixels[3 * (y * image.width + x) + c]
                    }
                }
            }
        }
        return RGBImage(width: 700, height: 400, pixels: pixels)
    }

    func testPosingOnePersonLeavesTheOtherPersonsPixelsUnchanged() throws {
        let photo = try groupPhoto()
        let analysis = try PhotoAnalyzer(device: device).analyze(photo)
        XCTAssertEqual(analysis.faces.count, 2, "both faces found")
        let subject = try PosableSubject(device: device, photo: photo, analysis: analysis, path: "group.png")
        XCTAssertLessThan(subject.analysis.faces[0].landmarks[1].x, 350, "the larger, left person is posed")
        var controls = Controls.neutral
        controls.headYaw = 20
        controls.torsoRoll = 12
        controls.shoulderShrug = 0.25
        controls.leftArmRaise = 30
        controls.rightArmRaise = 30
        let frame = try PoseRenderer(subject: subject).render(controls)
        func changed(_ columns: Range<Int>) -> Int {
            var count = 0
            for y in 0..<photo.height {
                for x in columns {
                    let i = 3 * (y * photo.width + x)
                    if (0..<3).contains(where: { abs(Int(frame.pixels[i + $0]) - Int(photo.pixels[i + $0])) > 3 }) {
                        count += 1
                    }
                }
            }
            return count
        }
        // The right person from 20 px past the overlap (the matte's soft edge) on: untouched. (Before people were
        // separated, 65,000 of those pixels changed.)
        XCTAssertEqual(changed(420..<700), 0, "the other person stays still")
        XCTAssertGreaterThan(changed(0..<340), 20_000, "the posed person moves")
    }
}
