/// The worst element of a GPU-vs-reference comparison, where NaN can never hide: `Swift.max(x, .nan)` is `x`,
/// so a running maximum over |a - b| silently passes a NaN output. Here a NaN on either side is the worst
/// difference there is (`value` NaN), and equal infinities count as equal.
public struct LargestDifference: Sendable, Equatable {
    /// Where the worst difference is (0 for empty or mismatched inputs).
    public let index: Int
    /// |a - b| there: NaN when either side is NaN, +infinity when the arrays differ in length or are empty.
    public let value: Float

    public init(_ a: [Float], _ b: [Float]) {
        guard a.count == b.count, !a.isEmpty else {
            (index, value) = (0, .infinity)
            return
        }
        var (worst, worstValue): (Int, Float) = (0, 0)
        for i in a.indices {
            let difference: Float = a[i] == b[i] ? 0 : (a[i].isNaN || b[i].isNaN ? .nan : abs(a[i] - b[i]))
            if difference.isNaN {
                (worst, worstValue) = (i, .nan)
                break
            }
            if difference > worstValue { (worst, worstValue) = (i, difference) }
        }
        (index, value) = (worst, worstValue)
    }

    /// Whether every element is within `bound` (never true with a NaN, a length mismatch or no elements).
    public func isWithin(_ bound: Float) -> Bool { value <= bound }
}

/// The largest |a[i] - b[i]| (see `LargestDifference`: NaN if either side has a NaN, infinity on a length mismatch).
public func maxAbsoluteDifference(_ a: [Float], _ b: [Float]) -> Float {
    LargestDifference(a, b).value
}
