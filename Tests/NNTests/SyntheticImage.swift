import Foundation
import TestSupport

/// Image-like test input in [0, 1]: smooth colour gradients, a bright ellipse (a "head") and a
/// darker block (a "body") at seeded positions, plus a little seeded noise. Models see values in
/// their usual range, unlike white noise, which drives activations far outside it and lets the
/// fp32 rounding of deep layers grow past what real inputs show.
enum SyntheticImage {
    static func pixels(shape: [Int], seed: UInt64) -> [Float] {
        precondition(shape.count == 4, "an NHWC image shape")
        let (batches, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        var random = SeededRandom(seed: seed)
        let centre = (y: Float.random(in: 0.3...0.45, using: &random), x: Float.random(in: 0.4...0.6, using: &random))
        let radius = (
            y: Float.random(in: 0.15...0.22, using: &random), x: Float.random(in: 0.11...0.16, using: &random)
        )
        let noise = random.floats(batches * height * width * channels, in: -0.02...0.02)
        var values = [Float](repeating: 0, count: noise.count)
        for n in 0..<batches {
            for y in 0..<height {
                for x in 0..<width {
                    let v = Float(y) / Float(height)
                    let u = Float(x) / Float(width)
                    let dy = (v - centre.y) / radius.y
                    let dx = (u - centre.x) / radius.x
                    let inHead = dy * dy + dx * dx < 1
                    let inBody = v > centre.y + radius.y && abs(u - centre.x) < 2.2 * radius.x
                    for c in 0..<channels {
                        var value = 0.35 + 0.3 * sin(3 * u + Float(c)) * cos(2 * v - Float(c))
                        if inHead { value = 0.75 - 0.1 * Float(c) + 0.1 * dx }
                        if inBody { value = 0.2 + 0.05 * Float(c) }
                        let index = ((n * height + y) * width + x) * channels + c
                        values[index] = min(max(value + noise[index], 0), 1)
                    }
                }
            }
        }
        return values
    }
}
