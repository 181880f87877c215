import Foundation

/// A transcript turned into a JSGF grammar over phone words (`ph_B ph_AA ph_B` for "Bob"): the
/// words in order, each as any of its dictionary pronunciations, optional silence between them.
/// Decoding with it aligns phone by phone, so phone boundaries inside words come from the audio.
///
/// Words the dictionary lacks (names, numbers written as digits) become "one or more of any
/// phone": the decoder still finds their span and labels it with the phones it hears, and the
/// words around them stay aligned.
struct AlignmentGrammar: Sendable, Equatable {
    let jsgf: String
    /// The transcript's words, lower case, in order.
    let words: [String]
    /// Words the dictionary does not know, aligned as free phones.
    let unknownWords: [String]

    init(transcript: String, pronunciations: (String) -> [[String]]) throws(RecognitionError) {
        words = Self.words(of: transcript)
        guard !words.isEmpty else {
            throw .unusableTranscript("The transcript \"\(transcript)\" has no words to align; give the text that is spoken")
        }
        let knownPhones = Set(SphinxDecoder.phoneNames)
        var unknown: [String] = []
        var items: [String] = []
        for word in words {
            let usable = pronunciations(word).filter { !$0.isEmpty && $0.allSatisfy(knownPhones.contains) }
            if usable.isEmpty {
                unknown.append(word)
                items.append("<anyPhone>+")
            } else {
                let alternatives = usable.map { $0.map { SphinxDecoder.phoneWordPrefix + $0 }.joined(separator: " ") }
                items.append("( " + alternatives.joined(separator: " | ") + " )")
            }
        }
        unknownWords = unknown
        let silence = "[\(SphinxDecoder.phoneWordPrefix)SIL]"
        var lines = ["#JSGF V1.0;", "grammar transcript;"]
        if !unknown.isEmpty {
            let speech = SphinxDecoder.phoneNames.filter { $0 != Phoneme.SIL.rawValue }
            lines.append("<anyPhone> = ( " + speech.map { SphinxDecoder.phoneWordPrefix + $0 }.joined(separator: " | ") + " );")
        }
        lines.append("public <utterance> = \(silence) \(items.joined(separator: " \(silence) ")) \(silence);")
        jsgf = lines.joined(separator: "\n")
    }

    /// Lower-case words: letters, digits and inner apostrophes ("don't"), split at everything else.
    static func words(of transcript: String) -> [String] {
        transcript.lowercased()
            .split { !($0.isLetter || $0.isNumber || $0 == "'") }
            .map { $0.trimmingCharacters(in: ["'"]) }
            .filter { !$0.isEmpty }
    }
}
