/// Where the photo's mouth opening divides, column by column, between what stays with the upper jaw and what the
/// lower jaw carries. The upper teeth are fixed to the skull: a smiling photo's upper teeth must stay under the upper
/// lip when the jaw drops, with the opening appearing below them, not be split in half with the lower half riding
/// down on the jaw.
public struct MouthInteriorSplit: Sendable, Equatable {
    /// Per inner-lip column between the corners (`FaceRegions.upperLipInner` minus its ends), the share of the
    /// photo's opening, from the upper lip down, that belongs to the upper jaw.
    public var upperShares: [Float]
    /// Whether the photo shows upper teeth under the upper lip.
    public var showsUpperTeeth: Bool
    /// Whether the photo shows lower teeth above the lower lip.
    public var showsLowerTeeth: Bool

    public static let columnCount = FaceRegions.upperLipInner.count - 2

    /// Nothing told apart: each column's opening is shared half and half, no teeth seen.
    public static let even = MouthInteriorSplit(
        upperShares: Array(repeating: 0.5, count: columnCount),
        showsUpperTeeth: false, showsLowerTeeth: false)

    public init(upperShares: [Float], showsUpperTeeth: Bool, showsLowerTeeth: Bool) {
        precondition(upperShares.count == Self.columnCount, "one share per inner-lip column")
        self.upperShares = upperShares.map { min(max($0.isFinite ? $0 : 0.5, 0), 1) }
        self.showsUpperTeeth = showsUpperTeeth
        self.showsLowerTeeth = showsLowerTeeth
    }

    /// Reads the split from the photo's brightness along each column from the upper inner lip to the lower one.
    /// Teeth are what is clearly brighter than the lips (halfway from the lips' brightness to the opening's
    /// brightest, and at least 0.08 above the lips) and no more saturated than most of the lips' colour (enamel is
    /// near white; a highlight on a lip keeps its colour; in a grayscale photo brightness alone decides). Where a
    /// column shows two bright runs with a gap darker than the lips between them, the split lies in the middle of
    /// that gap (upper and lower teeth apart). Where it shows one, that row is the upper
    /// teeth when most such columns have it reaching into the upper half of the opening (a smile: the upper row
    /// from under the lip's shadow down to the lower lip, which covers the lower row), and the whole opening goes
    /// with the upper jaw; otherwise it is the lower teeth, and the split lies halfway down to them. Columns open
    /// less than 1.5 px, and columns with no teeth, are shared half and half.
    /// - Parameters:
    ///   - landmarks: the photo's 468 landmarks (pixels).
    ///   - colour: the photo's colour (0...1) at a point in pixels.
    public static func measure(landmarks: [SIMD2<Float>], colour: (SIMD2<Float>) -> SIMD3<Float>) -> MouthInteriorSplit
    {
        func luminance(_ c: SIMD3<Float>) -> Float { 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z }
        func saturation(_ c: SIMD3<Float>) -> Float { c.max() > 0 ? (c.max() - c.min()) / c.max() : 0 }
        let upperInner = FaceRegions.upperLipInner
        let lowerInner = FaceRegions.lowerLipInner
        let upperOuter = FaceRegions.upperLipOuter
        let lowerOuter = FaceRegions.lowerLipOuter
        guard landmarks.count > (upperInner + lowerInner + upperOuter + lowerOuter).max() ?? 0 else { return .even }
        // The lips' own brightness: halfway between the inner and outer contours, middle columns.
        var lipSamples: [SIMD3<Float>] = []
        for k in 2..<(upperInner.count - 2) {
            lipSamples.append(colour((landmarks[upperInner[k]] + landmarks[upperOuter[k]]) / 2))
            lipSamples.append(colour((landmarks[lowerInner[k]] + landmarks[lowerOuter[k]]) / 2))
        }
        let lips = lipSamples.map(luminance).sorted()[lipSamples.count / 2]
        // Three quarters of the lip samples are at least this saturated.
        let lipSaturation = lipSamples.map(saturation).sorted()[lipSamples.count / 4]

        enum Column {
            case unknown
            case oneRow(start: Float)
            case twoRows(split: Float)
        }
        var columns: [Column] = []
        for k in 1...columnCount {
            let (top, bottom) = (landmarks[upperInner[k]], landmarks[lowerInner[k]])
            let height = ((bottom - top) * (bottom - top)).sum().squareRoot()
            guard height >= 1.5 else {
                columns.append(.unknown)
                continue
            }
            let count = max(4, min(24, Int(height.rounded(.up)) + 1))
            let samples = (0..<count).map { i in colour(top + (bottom - top) * ((Float(i) + 0.5) / Float(count))) }
            let profile = samples.map(luminance)
            let enamelLike = samples.map { saturation($0) <= 0.02 + 0.7 * lipSaturation }
            let brightest = profile.indices.filter { enamelLike[$0] }.map { profile[$0] }.max() ?? 0
            guard brightest >= lips + 0.08 else {
                columns.append(.unknown)
                continue
            }
            let threshold = lips + 0.5 * (brightest - lips)
            let bright = profile.indices.filter { profile[$0] >= threshold && enamelLike[$0] }
            guard let first = bright.first else {
                columns.append(.unknown)
                continue
            }
            // The widest gap between bright samples that is darker than the lips: two rows when there is one.
            let gaps = zip(bright, bright.dropFirst()).filter {
                $1 - $0 > 1 && (profile[($0 + 1)..<$1].min() ?? 1) < lips - 0.03
            }
            if let widest = gaps.max(by: { $0.1 - $0.0 < $1.1 - $1.0 }) {
                columns.append(.twoRows(split: (Float(widest.0 + widest.1) / 2 + 0.5) / Float(count)))
            } else {
                columns.append(.oneRow(start: (Float(first) + 0.5) / Float(count)))
            }
        }
        let rows = columns.compactMap { column -> Float? in if case .oneRow(let start) = column { start } else { nil } }
        let upperRow = rows.filter { $0 < 0.5 }.count * 2 >= rows.count
        var shares: [Float] = []
        var upperSeen = 0
        var lowerSeen = 0
        var seen = 0
        for column in columns {
            switch column {
            case .unknown:
                shares.append(0.5)
            case .twoRows(let split):
                shares.append(split)
                upperSeen += 1
                lowerSeen += 1
                seen += 1
            case .oneRow(let start):
                shares.append(upperRow ? 1 : start / 2)
                if upperRow { upperSeen += 1 } else { lowerSeen += 1 }
                seen += 1
            }
        }
        // A 3-column median: one odd column (a specular glint on the lip, a gap between teeth) does not tear the row.
        let smoothed = shares.indices.map { k -> Float in
            guard k > 0, k < shares.count - 1 else { return shares[k] }
            return shares[(k - 1)...(k + 1)].sorted()[1]
        }
        return MouthInteriorSplit(
            upperShares: smoothed, showsUpperTeeth: seen > 0 && 2 * upperSeen > seen,
            showsLowerTeeth: seen > 0 && 2 * lowerSeen > seen)
    }
}
