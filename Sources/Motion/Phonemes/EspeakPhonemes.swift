extension Phoneme {
    /// The phoneme for one of eSpeak's mnemonics (the `name` of a `PhonemeEvent`), nil for pauses.
    /// Stress and length marks are ignored. The table covers espeak-ng's English phoneme set; other
    /// languages' mnemonics fall back to the articulation of their first letter (a rounded front vowel
    /// "y" rounds the lips like UW, a nasal vowel "E~" opens like EH), which is what the lips need.
    public init?(espeak mnemonic: String) {
        let name = mnemonic.filter { !"'\u{2C8}\u{2CC},%=".contains($0) }
        if name.isEmpty || name.hasPrefix("_") { return nil }
        if let exact = Self.espeakTable[name] {
            self = exact
            return
        }
        // Strip eSpeak's variant suffixes (#, digits, /, -) and try again.
        let base = String(
            name.enumerated().prefix { index, c in index == 0 || !(c.isNumber || "#/-".contains(c)) }.map(\.element))
        if let stripped = Self.espeakTable[base] {
            self = stripped
            return
        }
        guard let first = name.first, let fallback = Self.firstLetterFallback[first] else { return nil }
        self = fallback
    }

    private static let espeakTable: [String: Phoneme] = [
        // Vowels.
        "a": .AE, "aa": .AE, "a#": .AH, "A:": .AA, "A@": .AA, "A": .AA, "0": .AA, "aI": .AY, "aI@": .AY, "aI3": .AY,
        "aU": .AW, "aU@": .AW, "@": .AH, "@2": .AH, "@5": .AH, "@L": .L, "@r": .ER, "3": .ER, "3:": .ER, "V": .AH,
        "E": .EH, "e": .EH, "e@": .EH, "eI": .EY, "I": .IH, "I2": .IH, "I#": .IH, "i": .IY, "i:": .IY, "i@": .IY,
        "i@3": .IY, "O": .AO, "O:": .AO, "O@": .AO, "o@": .AO, "OI": .OY, "oU": .OW, "o": .OW, "U": .UH, "U@": .UH,
        "u:": .UW, "u": .UW,
        // Consonants.
        "p": .P, "b": .B, "t": .T, "t#": .T, "?": .T, "d": .D, "k": .K, "g": .G, "f": .F, "v": .V, "T": .TH, "D": .DH,
        "s": .S, "z": .Z, "S": .SH, "Z": .ZH, "h": .HH, "x": .HH, "C": .HH, "m": .M, "n": .N, "n-": .N, "N": .NG,
        "l": .L, "l/": .L, "r": .R, "r-": .R, "w": .W, "j": .Y, "tS": .CH, "dZ": .JH,
    ]

    private static let firstLetterFallback: [Character: Phoneme] = [
        "a": .AA, "A": .AA, "e": .EH, "E": .EH, "i": .IY, "I": .IH, "o": .OW, "O": .AO, "u": .UW, "U": .UH,
        "y": .UW, "Y": .UW, "@": .AH, "3": .ER, "V": .AH, "W": .UW, "&": .AE,
        "p": .P, "b": .B, "m": .M, "t": .T, "d": .D, "k": .K, "g": .G, "q": .K, "G": .G, "f": .F, "v": .V, "B": .V,
        "s": .S, "z": .Z, "S": .SH, "Z": .ZH, "h": .HH, "x": .HH, "X": .HH, "c": .CH, "J": .JH, "n": .N, "N": .NG,
        "l": .L, "L": .L, "r": .R, "R": .R, "w": .W, "j": .Y, "T": .TH, "D": .DH,
    ]
}
