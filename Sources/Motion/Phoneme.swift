// swift-format-ignore: AlwaysUseLowerCamelCase
// (the cases are ARPAbet symbols, spelled as the CMU dictionary and pocketsphinx spell them)
/// The phoneme inventory motion works in: ARPAbet (the 39 phonemes of the CMU dictionary, which
/// pocketsphinx's en-us models recognize) plus silence. eSpeak's mnemonics are mapped onto it
/// (`Phoneme(espeak:)`); other languages' sounds land on their nearest English articulation, which is
/// what the lips need.
public enum Phoneme: String, Sendable, Hashable, CaseIterable, Codable {
    // Vowels and diphthongs.
    case AA, AE, AH, AO, AW, AY, EH, ER, EY, IH, IY, OW, OY, UH, UW
    // Consonants.
    case B, CH, D, DH, F, G, HH, JH, K, L, M, N, NG, P, R, S, SH, T, TH, V, W, Y, Z, ZH
    /// No speech.
    case SIL

    public var isVowel: Bool {
        switch self {
        case .AA, .AE, .AH, .AO, .AW, .AY, .EH, .ER, .EY, .IH, .IY, .OW, .OY, .UH, .UW: true
        default: false
        }
    }

    /// Lips closed: p, b, m. The lips must reach closure inside every one of these.
    public var isBilabial: Bool { self == .P || self == .B || self == .M }
}

/// A phoneme and the time span it covers, seconds from the start of the audio.
public struct TimedPhoneme: Sendable, Hashable, Codable {
    public var phoneme: Phoneme
    public var start: Double
    public var end: Double

    public init(_ phoneme: Phoneme, start: Double, end: Double) {
        self.phoneme = phoneme
        self.start = start
        self.end = end
    }

    public var duration: Double { end - start }
}
