import Media
import XCTest

@testable import Drawing

final class BitmapFontTests: XCTestCase {
    private func darkPixels(_ image: RGBImage) -> [(x: Int, y: Int)] {
        var found: [(x: Int, y: Int)] = []
        for y in 0..<image.height {
            for x in 0..<image.width where Int(image[x, y].r) + Int(image[x, y].g) + Int(image[x, y].b) < 3 * 100 {
                found.append((x, y))
            }
        }
        return found
    }

    func testTextDrawsDarkPixelsOnlyInsideItsBox() {
        var canvas = Canvas(width: 120, height: 50, background: (255, 255, 255))
        canvas.text("jawOpen", x: 10, y: 12, scale: 2, (0, 0, 0))
        let dark = darkPixels(canvas.image)
        let width = BitmapFont.width(of: "jawOpen", scale: 2)
        let height = BitmapFont.height(scale: 2)
        XCTAssertGreaterThan(dark.count, 100, "the label should put ink on the canvas")
        for pixel in dark {
            XCTAssertTrue(
                (10..<10 + width).contains(pixel.x) && (12..<12 + height).contains(pixel.y),
                "ink at \(pixel) is outside the label's \(width)x\(height) box")
        }
        // 'j' has a descender: ink below the capital height, inside the line's height.
        XCTAssertTrue(dark.contains { $0.y >= 12 + 7 * 2 })
    }

    func testDistinctCharactersDrawDistinctGlyphs() {
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-+:/()%_")
        let shapes = characters.map { BitmapFont.rows(of: $0) }
        XCTAssertEqual(Set(shapes).count, characters.count, "two characters share one glyph")
        XCTAssertTrue(shapes.allSatisfy { $0.contains { $0 != 0 } }, "a glyph is blank")
        XCTAssertTrue(shapes.allSatisfy { $0.allSatisfy { $0 < 32 } }, "a glyph row is wider than five pixels")
        XCTAssertEqual(BitmapFont.rows(of: "~"), BitmapFont.rows(of: "?"), "unknown characters should draw as '?'")
    }
}
