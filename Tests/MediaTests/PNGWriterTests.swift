import Foundation
import Media
import MediaFixtures
import XCTest

final class PNGWriterTests: XCTestCase {
    func testWrittenPNGDecodesToTheSamePixels() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("preview.png").path
        let pixels = (0..<(7 * 5 * 3)).map { UInt8(($0 * 37) % 256) }
        let image = RGBImage(width: 7, height: 5, pixels: pixels)
        try PNGWriter.write(image, to: path)
        XCTAssertEqual(try ImageDecoder.decode(path: path), image)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["preview.png"])
    }

    func testExistingFileIsKeptWithoutOverwriteAndMissingFolderIsAnError() throws {
        let folder = try makeScratchFolder(self)
        let path = folder.appendingPathComponent("preview.png").path
        let image = RGBImage(width: 1, height: 1, pixels: [1, 2, 3])
        try PNGWriter.write(image, to: path)
        XCTAssertThrowsError(try PNGWriter.write(image, to: path)) { error in
            XCTAssertEqual(error as? MediaError, .outputExists(path: path))
        }
        try PNGWriter.write(RGBImage(width: 1, height: 1, pixels: [9, 9, 9]), to: path, overwrite: true)
        XCTAssertEqual(try ImageDecoder.decode(path: path).pixels, [9, 9, 9])
        XCTAssertThrowsError(try PNGWriter.write(image, to: folder.appendingPathComponent("no/such/x.png").path)) {
            error in
            guard case .cannotCreateOutput = error as? MediaError else { return XCTFail("\(error)") }
        }
    }
}
