/// A small, fast, seedable generator (SplitMix64) so every conformance input is reproducible.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` uniform values in `range`.
    public mutating func floats(_ count: Int, in range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in Float.random(in: range, using: &self) }
    }
}

extension Array where Element == Float {
    /// The values rounded through fp16, as an fp16 tensor would store them.
    public var roundedToHalf: [Float] { map { Float(Float16($0)) } }
    /// The values as fp16.
    public var halves: [Float16] { map { Float16($0) } }
}
