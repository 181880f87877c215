import Foundation
import MediaFixtures
import XCTest

@testable import Media

final class ImageDecoderTests: XCTestCase {
    /// A 40 x 24 test card: smooth red/green ramps and a blue band, so lossy codecs stay close.
    static let width = 40, height = 24
    static func card(channels: Int = 3) -> [UInt8] {
        var bytes: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let rgb: [UInt8] = [UInt8(x * 255 / (width - 1)), UInt8(y * 255 / (height - 1)), x >= 20 ? 200 : 40]
                switch channels {
                case 1: bytes.append(rgb[0])
                case 3: bytes += rgb
                default: bytes += rgb + [UInt8(x < 10 ? 0 : 255)]
                }
            }
        }
        return bytes
    }

    private func assertMatchesCard(
        _ image: RGBImage, tolerance: Double, _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(image.width, Self.width, label, file: file, line: line)
        XCTAssertEqual(image.height, Self.height, label, file: file, line: line)
        guard image.pixels.count == Self.card().count else { return }
        let expected = Self.card()
        var sum = 0.0
        for index in expected.indices { sum += abs(Double(image.pixels[index]) - Double(expected[index])) }
        let meanError = sum / Double(expected.count)
        XCTAssertLessThanOrEqual(meanError, tolerance, "\(label): mean abs error \(meanError)", file: file, line: line)
    }

    func testDecodesPNGExactly() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("card.png")
        try writeImage(Self.card(), width: Self.width, height: Self.height, channels: 3, encoder: "png", to: url)
        let image = try ImageDecoder.decode(path: url.path)
        XCTAssertEqual(image.pixels, Self.card())
        XCTAssertNil(image.alpha)
    }

    func testDecodesBMPExactly() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("card.bmp")
        try writeImage(Self.card(), width: Self.width, height: Self.height, channels: 3, encoder: "bmp", to: url)
        XCTAssertEqual(try ImageDecoder.decode(path: url.path).pixels, Self.card())
    }

    func testDecodesJPEGWithinCompressionError() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("card.jpg")
        try writeImage(Self.card(), width: Self.width, height: Self.height, channels: 3, encoder: "mjpeg", to: url)
        assertMatchesCard(try ImageDecoder.decode(path: url.path), tolerance: 4, "jpeg")
    }

    func testDecodesLosslessWebPExactly() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("card.webp")
        try writeImage(
            Self.card(), width: Self.width, height: Self.height, channels: 3, encoder: "libwebp", to: url,
            options: ["lossless": "1"])
        assertMatchesCard(try ImageDecoder.decode(path: url.path), tolerance: 0, "webp")
    }

    func testGrayscalePNGBecomesGrayRGB() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("gray.png")
        let gray = Self.card(channels: 1)
        try writeImage(gray, width: Self.width, height: Self.height, channels: 1, encoder: "png", to: url)
        let image = try ImageDecoder.decode(path: url.path)
        XCTAssertEqual(image.pixels, gray.flatMap { [$0, $0, $0] })
    }

    func testRGBAPNGKeepsAlphaAsMask() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("rgba.png")
        try writeImage(
            Self.card(channels: 4), width: Self.width, height: Self.height, channels: 4, encoder: "png", to: url)
        let image = try ImageDecoder.decode(path: url.path)
        XCTAssertEqual(image.pixels, Self.card())
        let alpha = try XCTUnwrap(image.alpha)
        XCTAssertEqual(alpha[0], 0)
        XCTAssertEqual(alpha[Self.width - 1], 255)
        XCTAssertEqual(image.floatAlpha?[Self.width - 1], 1)
    }

    func testJPEGExifOrientationRotatesUpright() throws {
        // Stored 40 x 24: left half red, right half blue. EXIF 6 = "rotate 90 degrees clockwise to display",
        // so upright it is 24 x 40 with red on top and blue below.
        var bytes: [UInt8] = []
        for _ in 0..<Self.height { for x in 0..<Self.width { bytes += x < 20 ? [230, 20, 20] : [20, 20, 230] } }
        let url = try makeScratchFolder(self).appendingPathComponent("rotated.jpg")
        try writeImage(bytes, width: Self.width, height: Self.height, channels: 3, encoder: "mjpeg", to: url)
        try insertExifOrientation(6, intoJPEG: url)
        let image = try ImageDecoder.decode(path: url.path)
        XCTAssertEqual(image.width, Self.height)
        XCTAssertEqual(image.height, Self.width)
        guard image.width == Self.height, image.height == Self.width else { return }
        XCTAssertGreaterThan(image[12, 5].r, 180)
        XCTAssertLessThan(image[12, 5].b, 80)
        XCTAssertGreaterThan(image[12, 34].b, 180)
        XCTAssertLessThan(image[12, 34].r, 80)
    }

    func testEveryOrientationMapsCornersLikeEXIF() {
        // 2 x 1 image: pixel A at left, B at right.
        let image = RGBImage(width: 2, height: 1, pixels: [1, 1, 1, 2, 2, 2])
        let expected: [ImageOrientation: (Int, Int, [UInt8])] = [
            .up: (2, 1, [1, 2]), .upMirrored: (2, 1, [2, 1]), .down: (2, 1, [2, 1]), .downMirrored: (2, 1, [1, 2]),
            .leftMirrored: (1, 2, [1, 2]), .right: (1, 2, [1, 2]), .rightMirrored: (1, 2, [2, 1]),
            .left: (1, 2, [2, 1]),
        ]
        for (orientation, (width, height, order)) in expected {
            let turned = image.oriented(orientation)
            XCTAssertEqual(turned.width, width, "\(orientation)")
            XCTAssertEqual(turned.height, height, "\(orientation)")
            XCTAssertEqual(
                stride(from: 0, to: turned.pixels.count, by: 3).map { turned.pixels[$0] }, order, "\(orientation)")
        }
    }

    func testLargeImageIsDownscaledWithAnAreaFilter() throws {
        // A 1-pixel black/white checkerboard shrunk 4x must average to mid-gray, not alias to black or white.
        let width = 400
        let height = 200
        var bytes: [UInt8] = []
        for y in 0..<height { for x in 0..<width { bytes += [UInt8](repeating: (x + y) % 2 == 0 ? 255 : 0, count: 3) } }
        let url = try makeScratchFolder(self).appendingPathComponent("checker.png")
        try writeImage(bytes, width: width, height: height, channels: 3, encoder: "png", to: url)
        let image = try ImageDecoder.decode(path: url.path, maxLongSide: 100)
        XCTAssertEqual(image.width, 100)
        XCTAssertEqual(image.height, 50)
        for value in image.pixels { XCTAssertEqual(Double(value), 127.5, accuracy: 3) }
        XCTAssertEqual(try ImageDecoder.decode(path: url.path).width, 400, "images within the limit keep their size")
    }

    func testTextFileNamedJPEGIsCorruptData() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("notes.jpg")
        try Data("this is not a picture\n".utf8).write(to: url)
        XCTAssertThrowsError(try ImageDecoder.decode(path: url.path)) { error in
            guard case .corrupt(let path, _) = error as? MediaError else { return XCTFail("got \(error)") }
            XCTAssertEqual(path, url.path)
        }
    }

    func testMissingFileIsMissingInput() {
        XCTAssertThrowsError(try ImageDecoder.decode(path: "/nonexistent/face.png")) { error in
            XCTAssertEqual(error as? MediaError, .missingInput(path: "/nonexistent/face.png"))
            XCTAssertTrue("\(error)".contains("/nonexistent/face.png"))
        }
    }

    func testEmptyFileIsCorruptData() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("empty.png")
        try Data().write(to: url)
        XCTAssertThrowsError(try ImageDecoder.decode(path: url.path)) { error in
            guard case .corrupt(url.path, _)? = error as? MediaError else { return XCTFail("\(error)") }
        }
    }

    func testJPEGCutShortIsDamagedDataNotAGreenPicture() throws {
        // A larger noisy picture so that a third of the file ends inside the scan data.
        let width = 160
        let height = 120
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<width * height * 3).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let folder = try makeScratchFolder(self)
        let whole = folder.appendingPathComponent("whole.jpg")
        let cut = folder.appendingPathComponent("cut.jpg")
        try writeImage(bytes, width: width, height: height, channels: 3, encoder: "mjpeg", to: whole)
        let data = try Data(contentsOf: whole)
        try data.prefix(data.count / 3).write(to: cut)
        XCTAssertEqual(try ImageDecoder.decode(path: whole.path).width, width, "the whole file decodes")
        XCTAssertThrowsError(try ImageDecoder.decode(path: cut.path)) { error in
            guard case .corrupt(let path, let reason) = error as? MediaError else { return XCTFail("got \(error)") }
            XCTAssertEqual(path, cut.path)
            XCTAssertTrue(reason.contains("damaged or cut short"), reason)
        }
    }

    func testPNGCutShortIsDamagedData() throws {
        let folder = try makeScratchFolder(self)
        let whole = folder.appendingPathComponent("whole.png")
        let cut = folder.appendingPathComponent("cut.png")
        try writeImage(Self.card(), width: Self.width, height: Self.height, channels: 3, encoder: "png", to: whole)
        let data = try Data(contentsOf: whole)
        try data.prefix(data.count * 2 / 3).write(to: cut)
        XCTAssertThrowsError(try ImageDecoder.decode(path: cut.path)) { error in
            guard case .corrupt(cut.path, _)? = error as? MediaError else { return XCTFail("\(error)") }
        }
    }

    func testImageOverTheDecoderLimitIsTooLargeNotUnreadable() throws {
        // Only the header of a 30000 x 30000 PNG: the size is refused before any pixel is read.
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        header += [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        let url = try makeScratchFolder(self).appendingPathComponent("huge.png")
        try Data(header).write(to: url)
        XCTAssertThrowsError(try ImageDecoder.decode(path: url.path)) { error in
            XCTAssertEqual(error as? MediaError, .imageTooLarge(path: url.path, width: 30000, height: 30000))
            XCTAssertTrue("\(error)".contains("30000×30000"), "\(error)")
        }
        XCTAssertTrue(ImageDecoder.canDecode(width: 12000, height: 9000), "a 108-megapixel photo is within the limit")
    }

    func testHeaderSizeMatchesEveryFormatTheEncodersWrite() throws {
        let folder = try makeScratchFolder(self)
        let formats: [(String, String, [String: String])] = [
            ("png", "png", [:]), ("mjpeg", "jpg", [:]), ("bmp", "bmp", [:]),
            ("libwebp", "webp", ["lossless": "1"]), ("libwebp", "lossy.webp", [:]),
        ]
        for (encoder, name, options) in formats {
            let url = folder.appendingPathComponent("card.\(name)")
            try writeImage(
                Self.card(), width: Self.width, height: Self.height, channels: 3, encoder: encoder, to: url,
                options: options)
            XCTAssertEqual(ImageHeader.read(path: url.path), ImageHeader(width: Self.width, height: Self.height), name)
        }
        XCTAssertNil(ImageHeader.parse(Array("this is not a picture".utf8)))
        XCTAssertNil(ImageHeader.parse([0xFF, 0xD8, 0xFF]), "a JPEG cut inside its first marker")
    }

    func testFolderGivenAsImageSaysItIsAFolder() throws {
        let folder = try makeScratchFolder(self).appendingPathComponent("photo.png")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        XCTAssertThrowsError(try ImageDecoder.decode(path: folder.path)) { error in
            XCTAssertEqual(error as? MediaError, .inputNotAFile(path: folder.path, kind: "a folder"))
            XCTAssertFalse("\(error)".contains("permission"), "\(error)")
        }
    }

    func testPictureFormatsOutsideTheDocumentedOnesAreRefused() throws {
        // FFmpeg reads PPM, but a photo goes only through the decoders the README lists.
        let url = try makeScratchFolder(self).appendingPathComponent("card.ppm")
        try writeImage(Self.card(), width: Self.width, height: Self.height, channels: 3, encoder: "ppm", to: url)
        XCTAssertThrowsError(try ImageDecoder.decode(path: url.path)) { error in
            guard case .corrupt(url.path, let reason)? = error as? MediaError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("PNG, JPEG, WebP"), reason)
        }
    }

    /// A 4 x 2 uncompressed big-endian RGB TIFF with an orientation tag (274), which FFmpeg's TIFF decoder does
    /// not know: valid, and common in the wild.
    static func tiffWithOrientationTag() -> (bytes: [UInt8], pixels: [UInt8]) {
        let width = 4
        let height = 2
        let pixels = (0..<width * height * 3).map { UInt8($0 * 10) }
        func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func be32(_ v: Int) -> [UInt8] { be16(v >> 16) + be16(v & 0xFFFF) }
        // Header (8), then the IFD at 8: count, 10 entries of 12 bytes, next-IFD offset; then bits-per-sample, pixels.
        let entries = 10
        let ifdEnd = 8 + 2 + entries * 12 + 4
        let bitsOffset = ifdEnd
        let pixelOffset = ifdEnd + 6
        func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: [UInt8]) -> [UInt8] {
            be16(tag) + be16(type) + be32(count) + value + [UInt8](repeating: 0, count: 4 - value.count)
        }
        var bytes: [UInt8] = Array("MM".utf8) + be16(42) + be32(8) + be16(entries)
        bytes += entry(256, 3, 1, be16(width)) + entry(257, 3, 1, be16(height))
        bytes += entry(258, 3, 3, be32(bitsOffset)) + entry(259, 3, 1, be16(1)) + entry(262, 3, 1, be16(2))
        bytes += entry(273, 4, 1, be32(pixelOffset)) + entry(274, 3, 1, be16(1)) + entry(277, 3, 1, be16(3))
        bytes += entry(278, 3, 1, be16(height)) + entry(279, 4, 1, be32(pixels.count)) + be32(0)
        bytes += be16(8) + be16(8) + be16(8) + pixels
        return (bytes, pixels)
    }

    func testTIFFWithATagFFmpegDoesNotKnowStillDecodes() throws {
        let (bytes, pixels) = Self.tiffWithOrientationTag()
        let url = try makeScratchFolder(self).appendingPathComponent("oriented.tif")
        try Data(bytes).write(to: url)
        let image = try ImageDecoder.decode(path: url.path)
        XCTAssertEqual(image.width, 4)
        XCTAssertEqual(image.height, 2)
        XCTAssertEqual(image.pixels, pixels)
    }
}
