import Foundation

/// How well a phoneme timeline serves the lips, measured against a reference timeline of the same audio
/// (forced alignment to the true words): are the lips closed on every true p/b/m, and only there; does any
/// phoneme hold the mouth for longer than speech does; does the jaw move as it would with the true phonemes.
public struct LipSyncScore: Sendable, Codable, Equatable {
    /// A found bilabial counts for a true one when they overlap, either widened by this much (seconds).
    public static let tolerance = 0.06

    /// p/b/m in the reference.
    public var trueBilabials: Int
    /// True p/b/m overlapped by a found one (within `tolerance`).
    public var bilabialHits: Int
    /// Found p/b/m that overlap no true one (within `tolerance`): the lips close where the speaker's did not.
    public var falseClosures: Int
    /// The longest speech (non-silence) phoneme found, seconds, and which it is.
    public var longestPhonemeSeconds: Double
    public var longestPhoneme: String
    /// Pearson correlation of the jaw curve made from the found phonemes with the one made from the reference.
    public var jawCorrelation: Double

    /// `foundJaw` and `referenceJaw` are per-frame jaw openings of motion made from each timeline with the same
    /// audio and options.
    public init(found: [TimedPhoneme], reference: [TimedPhoneme], foundJaw: [Float], referenceJaw: [Float]) {
        let trueClosures = reference.filter(\.phoneme.isBilabial)
        let foundClosures = found.filter(\.phoneme.isBilabial)
        func overlaps(_ a: TimedPhoneme, _ b: TimedPhoneme) -> Bool {
            a.start - Self.tolerance < b.end && b.start - Self.tolerance < a.end
        }
        trueBilabials = trueClosures.count
        bilabialHits = trueClosures.filter { t in foundClosures.contains { overlaps($0, t) } }.count
        falseClosures = foundClosures.filter { f in !trueClosures.contains { overlaps($0, f) } }.count
        let longest = found.filter { $0.phoneme != .SIL }.max { $0.duration < $1.duration }
        longestPhonemeSeconds = longest?.duration ?? 0
        longestPhoneme = longest?.phoneme.rawValue ?? Phoneme.SIL.rawValue
        jawCorrelation = Self.correlation(foundJaw, referenceJaw)
    }

    /// Pearson's r over the common length; 0 when either side does not vary.
    public static func correlation(_ x: [Float], _ y: [Float]) -> Double {
        let n = min(x.count, y.count)
        guard n > 1 else { return 0 }
        let mx = x.prefix(n).reduce(0.0) { $0 + Double($1) } / Double(n)
        let my = y.prefix(n).reduce(0.0) { $0 + Double($1) } / Double(n)
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for i in 0..<n {
            let dx = Double(x[i]) - mx
            let dy = Double(y[i]) - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }
}
