/// Whether a transcript is what a recording says: how many of its words the word search heard, in order
/// (longest common subsequence). Recognition of real read speech gets most words right (on the Debian test
/// clips 70-100% of a correct transcript's words are heard); another sentence's words are heard only where
/// short function words happen to coincide.
struct TranscriptCheck: Sendable, Equatable {
    /// Below this share of heard words the transcript is taken to be of other speech.
    static let matchingShare = 0.34
    /// Transcripts shorter than this are not judged: a word or two can be missed by recognition alone.
    static let shortestJudged = 4

    let total: Int
    let matched: Int

    init(transcript: String, heard: [RecognizedWord]) {
        let expected = AlignmentGrammar.words(of: transcript)
        total = expected.count
        matched = Self.commonSubsequence(expected, heard.map(\.text))
    }

    var matches: Bool {
        total < Self.shortestJudged || Double(matched) >= Self.matchingShare * Double(total)
    }

    static func commonSubsequence(_ a: [String], _ b: [String]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [0]
            for (j, y) in b.enumerated() {
                current.append(x == y ? previous[j] + 1 : max(previous[j + 1], current[j]))
            }
            previous = current
        }
        return previous[b.count]
    }
}
