import Foundation
import Media

/// A transcript turned into a JSGF grammar over phone words (`ph_B ph_AA ph_B` for "Bob"): the
/// words in order, each as any of its dictionary pronunciations, optional silence between them.
/// Decoding with it aligns phone by phone, so phone boundaries inside words come from the audio.
///
/// Words the dictionary lacks (names, numbers written as digits) become "one or more of any
/// phone": the decoder still finds their span and labels it with the phones it hears, and the
/// words around them stay aligned.
///
/// Long speech is aligned a stretch at a time: the grammar then ends in free phones, which take up
/// whatever audio follows the words (`spellingLength(of:)` finds where the words end).
struct AlignmentGrammar: Sendable, Equatable {
    let jsgf: String
    /// The transcript's words, lower case, in order.
    let words: [String]
    /// Words the dictionary does not know, aligned as free phones.
    let unknownWords: [String]
    /// Each word's usable pronunciations (phone names); empty for an unknown word.
    let pronunciations: [[[String]]]

    init(transcript: String, pronunciations: (String) -> [[String]]) throws(RecognitionError) {
        let words = Self.words(of: transcript)
        guard !words.isEmpty else {
            throw .unusableTranscript(
                "The transcript \(transcript.quotedExcerpt()) has no words to align; give the text that is spoken")
        }
        self.init(words: words, pronunciations: pronunciations, freeTail: false)
    }

    /// `words` (lower case, at least one) in order; with `freeTail`, followed by any phones to the end of the audio.
    init(words: [String], pronunciations lookup: (String) -> [[String]], freeTail: Bool) {
        precondition(!words.isEmpty, "an alignment grammar needs a word")
        self.words = words
        let knownPhones = Set(SphinxDecoder.phoneNames)
        pronunciations = words.map { word in lookup(word).filter { !$0.isEmpty && $0.allSatisfy(knownPhones.contains) }
        }
        unknownWords = zip(words, pronunciations).filter { $0.1.isEmpty }.map(\.0)
        let items = pronunciations.map { usable -> String in
            guard !usable.isEmpty else { return "<anyPhone>+" }
            let alternatives = usable.map { $0.map { SphinxDecoder.phoneWordPrefix + $0 }.joined(separator: " ") }
            return "( " + alternatives.joined(separator: " | ") + " )"
        }
        let silence = "[\(SphinxDecoder.phoneWordPrefix)SIL]"
        var lines = ["#JSGF V1.0;", "grammar transcript;"]
        if !unknownWords.isEmpty {
            let speech = SphinxDecoder.phoneNames.filter { $0 != Phoneme.SIL.rawValue }
            lines.append(
                "<anyPhone> = ( " + speech.map { SphinxDecoder.phoneWordPrefix + $0 }.joined(separator: " | ") + " );")
        }
        if freeTail {
            let all = SphinxDecoder.phoneNames.map { SphinxDecoder.phoneWordPrefix + $0 }
            lines.append("<tail> = ( " + all.joined(separator: " | ") + " )*;")
        }
        let end = freeTail ? "<tail>" : silence
        lines.append("public <utterance> = \(silence) \(items.joined(separator: " \(silence) ")) \(end);")
        jsgf = lines.joined(separator: "\n")
    }

    /// The fewest leading `phones` (speech phones, no silence) that spell out all the words, each as one of
    /// its pronunciations (an unknown word as one phone or more); nil when no prefix does.
    func spellingLength(of phones: [String]) -> Int? {
        // spelled[j] holds the word counts whose words spell exactly the first j phones.
        var spelled = [Set<Int>](repeating: [], count: phones.count + 1)
        spelled[0] = [0]
        for start in 0...phones.count {
            if spelled[start].contains(words.count) { return start }
            for count in spelled[start] where count < words.count {
                if pronunciations[count].isEmpty {
                    for end in (start + 1)..<(phones.count + 1) { spelled[end].insert(count + 1) }
                    continue
                }
                for phonesOfWord in pronunciations[count] where start + phonesOfWord.count <= phones.count {
                    if Array(phones[start..<(start + phonesOfWord.count)]) == phonesOfWord {
                        spelled[start + phonesOfWord.count].insert(count + 1)
                    }
                }
            }
        }
        return nil
    }

    /// Lower-case words: letters, digits and inner apostrophes ("don't"), split at everything else.
    static func words(of transcript: String) -> [String] {
        transcript.lowercased()
            .split { !($0.isLetter || $0.isNumber || $0 == "'") }
            .map { $0.trimmingCharacters(in: ["'"]) }
            .filter { !$0.isEmpty }
    }
}
