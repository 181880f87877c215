import Foundation

/// The pixel size an image file declares in its header, read without decoding it.
///
/// FFmpeg refuses to open a decoder for a picture over its size limit and then reports only
/// "invalid argument", with the size unknown; reading the header first lets us say "too large,
/// 30000×30000" instead of "not a readable image". Covers the formats `ImageDecoder` documents.
struct ImageHeader: Equatable {
    let width: Int
    let height: Int

    /// The header of the file at `path`, or nil when it is not a PNG, JPEG, WebP or BMP whose
    /// header could be read (the decoder then reports what is wrong).
    static func read(path: String) -> ImageHeader? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // JPEG markers before the frame header (EXIF, ICC profiles) may be large; 256 KiB covers
        // what cameras write. A header beyond it is left to the decoder.
        guard let bytes = try? handle.read(upToCount: 256 * 1024) else { return nil }
        return parse([UInt8](bytes))
    }

    static func parse(_ bytes: [UInt8]) -> ImageHeader? {
        png(bytes) ?? jpeg(bytes) ?? webP(bytes) ?? bmp(bytes)
    }

    private static func png(_ b: [UInt8]) -> ImageHeader? {
        // Signature, then the IHDR chunk: length (4), "IHDR", width (4, big-endian), height (4).
        guard b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            Array(b[12..<16]) == Array("IHDR".utf8)
        else { return nil }
        return ImageHeader(width: bigEndian(b, 16, 4), height: bigEndian(b, 20, 4))
    }

    private static func jpeg(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var offset = 2
        // Walk the marker segments to the first start-of-frame (SOF0...SOF15 except DHT, JPG, DAC).
        while offset + 4 <= b.count {
            guard b[offset] == 0xFF else { return nil }
            let marker = b[offset + 1]
            if marker == 0xFF {
                offset += 1
                continue
            } // fill byte
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 {
                offset += 2
                continue
            }
            let length = bigEndian(b, offset + 2, 2)
            guard length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                // Length (2), precision (1), height (2), width (2).
                guard offset + 9 <= b.count else { return nil }
                return ImageHeader(width: bigEndian(b, offset + 7, 2), height: bigEndian(b, offset + 5, 2))
            }
            if marker == 0xDA || marker == 0xD9 { return nil } // scan data before any frame header
            offset += 2 + length
        }
        return nil
    }

    private static func webP(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 30, Array(b[0..<4]) == Array("RIFF".utf8), Array(b[8..<12]) == Array("WEBP".utf8) else {
            return nil
        }
        switch String(decoding: b[12..<16], as: UTF8.self) {
        case "VP8 ":
            // Key frame: 3-byte tag, start code 9D 01 2A, then 14-bit width and height (little-endian).
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            return ImageHeader(width: littleEndian(b, 26, 2) & 0x3FFF, height: littleEndian(b, 28, 2) & 0x3FFF)
        case "VP8L":
            // Signature 0x2F, then 14 bits width - 1 and 14 bits height - 1.
            guard b[20] == 0x2F else { return nil }
            let bits = littleEndian(b, 21, 4)
            return ImageHeader(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            // Flags (4), then 24-bit canvas width - 1 and height - 1.
            return ImageHeader(width: littleEndian(b, 24, 3) + 1, height: littleEndian(b, 27, 3) + 1)
        default:
            return nil
        }
    }

    private static func bmp(_ b: [UInt8]) -> ImageHeader? {
        // "BM", file header (14 bytes), then a BITMAPINFOHEADER or later: size (4), width (4), height (4, negative = top-down).
        guard b.count >= 26, b[0] == 0x42, b[1] == 0x4D, littleEndian(b, 14, 4) >= 40 else { return nil }
        let width = Int(Int32(truncatingIfNeeded: littleEndian(b, 18, 4)))
        let height = Int(Int32(truncatingIfNeeded: littleEndian(b, 22, 4)))
        return ImageHeader(width: abs(width), height: abs(height))
    }

    private static func bigEndian(_ b: [UInt8], _ offset: Int, _ count: Int) -> Int {
        b[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ b: [UInt8], _ offset: Int, _ count: Int) -> Int {
        b[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}
