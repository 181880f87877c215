// Encodes `seconds` of scrolling 512x512 frames (plus a tone unless --no-audio) with MP4Writer, so
// Benchmarks/mp4-memory.sh can compare peak RSS across lengths. Not a test: it measures.
import Foundation
import Media

let arguments = CommandLine.arguments
guard arguments.count >= 3, let seconds = Double(arguments[1]) else {
    FileHandle.standardError.write(
        Data("usage: mp4-memory-bench SECONDS OUTPUT.mp4 [--no-audio] [--preset NAME]\n".utf8))
    exit(64)
}
let output = arguments[2]
InterruptCleanup.install()
let withAudio = !arguments.contains("--no-audio")
let preset = arguments.firstIndex(of: "--preset").map { arguments[$0 + 1] } ?? "medium"
let size = 512
let frameRate = 25
let frameCount = Int(seconds * Double(frameRate))

// A 512 x 1024 RGBA texture; frame n shows rows n % 512 ..< n % 512 + 512 (scrolling content).
var texture = [UInt8](repeating: 255, count: size * size * 2 * 4)
for y in 0..<(size * 2) {
    for x in 0..<size {
        let index = (y * size + x) * 4
        texture[index] = UInt8((x * 255 / size + y / 3) & 255)
        texture[index + 1] = UInt8((y * 97 / 64 + (x / 16) * 9) & 255)
        texture[index + 2] = UInt8(((x ^ y) / 4) & 255)
    }
}

// The tone is spooled to disk a second at a time, as the product spools speech: nothing grows with length.
var sound: AudioSpool?
if withAudio {
    let rate = 16_000
    do {
        let spool = try AudioSpool.Writer(sampleRate: rate, channels: 1)
        for second in 0..<Int(seconds.rounded(.up)) {
            let frames = min(rate, Int(seconds * Double(rate)) - second * rate)
            try spool.append(
                (0..<frames).map { Float(0.3 * sin(2 * Double.pi * 220 * Double(second * rate + $0) / Double(rate))) })
        }
        sound = spool.finish()
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(EXIT_FAILURE)
    }
}

do {
    let writer = try MP4Writer(
        path: output, width: size, height: size, audio: sound,
        options: .init(frameRate: frameRate, preset: preset, overwrite: true))
    for frame in 0..<frameCount {
        let start = (frame % size) * size * 4
        try writer.append(Array(texture[start..<(start + size * size * 4)]))
    }
    try writer.finish()
    print("wrote \(frameCount) frames (\(seconds) s) of \(size)x\(size) to \(output)")
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(EXIT_FAILURE)
}
