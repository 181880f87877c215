import Foundation

/// Byte-level makers of the damaged and unusual files users (or attackers) hand the program, so the tests
/// commit no large or binary fixtures.
enum HostileFiles {
    /// A RIFF/WAVE file with the given fmt fields (`extra` appended to the fmt chunk) and `dataBytes` of noise.
    static func wav(
        formatTag: UInt16 = 1, channels: UInt16, sampleRate: UInt32 = 16_000, blockAlign: UInt16? = nil,
        bitsPerSample: UInt16 = 16, extra: [UInt8] = [], dataBytes: Int = 32_000
    ) -> [UInt8] {
        let align = blockAlign ?? UInt16(truncatingIfNeeded: Int(channels) * Int(bitsPerSample) / 8)
        var fmt =
            le(formatTag) + le(channels) + le(sampleRate) + le(sampleRate &* UInt32(align)) + le(align)
            + le(bitsPerSample)
        fmt += extra
        var generator = SystemRandomNumberGenerator()
        let data = (0..<dataBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var body = Array("WAVE".utf8) + Array("fmt ".utf8) + le(UInt32(fmt.count)) + fmt
        body += Array("data".utf8) + le(UInt32(data.count)) + data
        return Array("RIFF".utf8) + le(UInt32(body.count)) + body
    }

    /// Only the signature and header chunk of a PNG of `width` x `height`: enough to declare its size.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(UInt32(13)) + Array("IHDR".utf8)
            + be(width) + be(height) + [8, 2, 0, 0, 0] + [0, 0, 0, 0]
    }

    /// Noise pixels, `width` x `height` x 3: compresses badly, so a cut file ends inside the picture data.
    static func noisePixels(width: Int, height: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<width * height * 3).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    private static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    private static func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
