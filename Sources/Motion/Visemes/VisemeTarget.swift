/// What a phoneme asks of the mouth: target values for the mouth controls and how strongly it holds
/// them against its neighbours (dominance, after Cohen & Massaro 1993). Two channel groups coarticulate
/// on different time scales: opening (jaw, lip press, lip raise/lower, spread) and rounding (funnel, pucker).
struct VisemeTarget: Sendable {
    var jaw: Float = 0
    var press: Float = 0
    var funnel: Float = 0
    var pucker: Float = 0
    var spread: Float = 0
    var upperLip: Float = 0
    var lowerLip: Float = 0
    /// Dominance of the opening group and of the rounding group.
    var openingDominance: Float
    var roundingDominance: Float

    /// The mouth channels in a fixed order (jaw, press, funnel, pucker, spread, upper lip, lower lip).
    static let channelCount = 7
    /// Which channels belong to the rounding group.
    static let isRounding: [Bool] = [false, false, true, true, false, false, false]

    var values: [Float] { [jaw, press, funnel, pucker, spread, upperLip, lowerLip] }

    init(
        jaw: Float = 0, press: Float = 0, funnel: Float = 0, pucker: Float = 0, spread: Float = 0,
        upperLip: Float = 0, lowerLip: Float = 0, opening: Float, rounding: Float
    ) {
        self.jaw = jaw
        self.press = press
        self.funnel = funnel
        self.pucker = pucker
        self.spread = spread
        self.upperLip = upperLip
        self.lowerLip = lowerLip
        openingDominance = opening
        roundingDominance = rounding
    }
}

extension Phoneme {
    /// The viseme target. Values are fractions of each control's full range (Body.Controls); vowels open the
    /// jaw by their height (AA most, IY/UW least), rounded vowels and W/SH/R push the lips forward, bilabials
    /// close them and dominate strongly, and the tongue-tip and velar consonants barely hold the lips, so they
    /// take their neighbours' shape ("boot" keeps the b rounded).
    var visemeTarget: VisemeTarget {
        switch self {
        case .SIL: VisemeTarget(opening: 0.8, rounding: 0.8)
        case .P, .B, .M: VisemeTarget(jaw: 0.05, press: 1, opening: 1.2, rounding: 0.3)
        case .F, .V: VisemeTarget(jaw: 0.1, press: 0.4, upperLip: 0.35, opening: 1.5, rounding: 0.3)
        case .TH, .DH: VisemeTarget(jaw: 0.15, lowerLip: 0.25, opening: 0.8, rounding: 0.2)
        case .S, .Z: VisemeTarget(jaw: 0.08, spread: 0.3, opening: 1, rounding: 0.3)
        case .SH, .ZH, .CH, .JH: VisemeTarget(jaw: 0.12, funnel: 0.6, pucker: 0.2, opening: 1, rounding: 1.5)
        case .T, .D, .N: VisemeTarget(jaw: 0.15, opening: 0.6, rounding: 0.2)
        case .L: VisemeTarget(jaw: 0.25, opening: 0.6, rounding: 0.2)
        case .K, .G, .NG: VisemeTarget(jaw: 0.2, opening: 0.5, rounding: 0.2)
        case .HH: VisemeTarget(jaw: 0.3, opening: 0.3, rounding: 0.1)
        case .R: VisemeTarget(jaw: 0.15, funnel: 0.4, pucker: 0.2, opening: 0.7, rounding: 1.2)
        case .W: VisemeTarget(jaw: 0.1, funnel: 0.3, pucker: 0.9, opening: 1, rounding: 2)
        case .Y: VisemeTarget(jaw: 0.1, spread: 0.4, opening: 0.7, rounding: 0.5)
        case .AA: VisemeTarget(jaw: 0.75, opening: 1.5, rounding: 0.6)
        case .AE: VisemeTarget(jaw: 0.6, spread: 0.3, opening: 1.5, rounding: 0.6)
        case .AH: VisemeTarget(jaw: 0.45, opening: 1, rounding: 0.5)
        case .AO: VisemeTarget(jaw: 0.55, funnel: 0.4, opening: 1.5, rounding: 1)
        case .AW: VisemeTarget(jaw: 0.55, funnel: 0.3, pucker: 0.2, opening: 1.5, rounding: 1)
        case .AY: VisemeTarget(jaw: 0.6, spread: 0.2, opening: 1.5, rounding: 0.6)
        case .EH: VisemeTarget(jaw: 0.4, spread: 0.3, opening: 1, rounding: 0.6)
        case .ER: VisemeTarget(jaw: 0.25, funnel: 0.4, opening: 1, rounding: 1)
        case .EY: VisemeTarget(jaw: 0.3, spread: 0.4, opening: 1, rounding: 0.6)
        case .IH: VisemeTarget(jaw: 0.25, spread: 0.35, opening: 1, rounding: 0.6)
        case .IY: VisemeTarget(jaw: 0.15, spread: 0.6, opening: 1, rounding: 0.8)
        case .OW: VisemeTarget(jaw: 0.35, funnel: 0.6, pucker: 0.3, opening: 1, rounding: 1.5)
        case .OY: VisemeTarget(jaw: 0.4, funnel: 0.5, pucker: 0.2, opening: 1, rounding: 1.2)
        case .UH: VisemeTarget(jaw: 0.25, funnel: 0.5, pucker: 0.3, opening: 1, rounding: 1.3)
        case .UW: VisemeTarget(jaw: 0.15, funnel: 0.5, pucker: 0.9, opening: 1, rounding: 1.8)
        }
    }

    /// Open vowels: the jaw must visibly open on them.
    var isOpenVowel: Bool { [.AA, .AE, .AH, .AO, .AW, .AY].contains(self) }
}
