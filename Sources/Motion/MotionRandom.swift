/// A small deterministic random generator (SplitMix64): the same seed gives the same motion on every
/// platform and Swift version, which the standard library's generators do not promise.
struct MotionRandom: Sendable {
    private var state: UInt64

    /// A stream for one behaviour: the seed and the behaviour's name together, so adding randomness
    /// to one behaviour does not shift another's.
    init(seed: UInt64, stream: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stream.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = seed ^ hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// -1 or +1.
    mutating func sign() -> Double { chance(0.5) ? -1 : 1 }
}
