import Foundation
import Media

/// The phoneme timeline of a recording, where each stretch of it came from, and what the user should know
/// about it (a transcript that does not match the speech, stretches handed to another source).
public struct RecordedSpeechPhonemes: Sendable {
    public var phonemes: [TimedPhoneme]
    /// Covers the whole audio, in order; one span when a single source explains everything.
    public var sources: [PhonemeSourceSpan]
    /// Plain sentences for stderr.
    public var warnings: [String]

    /// The source that explains most of the audio.
    public var mainSource: PhonemeSource {
        var seconds: [PhonemeSource: Double] = [:]
        for span in sources { seconds[span.source, default: 0] += span.end - span.start }
        return seconds.max { $0.value < $1.value }?.key ?? .acoustic
    }
}

extension RecordedSpeechPhonemes {
    /// Finds the phonemes of the 16 kHz mono `signal` (named `path` in messages) with `mode`, then hands every
    /// stretch the result does not explain (`PhonemeGuard`) to the first stand-in that explains it: free recognition
    /// decoding the stretch again on its own (a collapsed search restarts), the phone search the words mode decoded
    /// anyway, and at last the sound-only phonemes. With a transcript, the words heard are compared with it first: a transcript of other speech is
    /// reported and replaced by the recognized words.
    /// `energy` and `pitch` are Prosody's 10 ms frames of `signal`.
    public static func find(
        in signal: some AudioSource, path: String, transcript: String?, mode: LipSync,
        energy: [Float], pitch: [Float],
        recognizer given: PhonemeRecognizer? = nil, listener: PhonemeListener? = nil
    ) throws(RecognitionError) -> RecordedSpeechPhonemes {
        let duration = signal.duration
        let activity = SpeechActivity(energy: energy, pitch: pitch, duration: duration)
        let acoustic = try PhonemeRecognizer.reading { () throws(MediaError) in
            try AcousticPhonemes.timeline(of: signal, energy: energy, pitch: pitch, duration: duration)
        }
        if mode == .neural {
            guard let listener else { throw .internal("the neural lip sync was asked for without the network") }
            return RecordedSpeechPhonemes(
                phonemes: PhonemeTimeline.normalized(try listener(signal), duration: duration),
                sources: [PhonemeSourceSpan(.neural, start: 0, end: duration)], warnings: [])
        }
        if mode == .acoustic {
            return RecordedSpeechPhonemes(
                phonemes: acoustic, sources: [PhonemeSourceSpan(.acoustic, start: 0, end: duration)], warnings: [])
        }
        // Checked here too so that the message names the file.
        try PhonemeRecognizer.requireDecodable(signal, input: path)
        let recognizer: PhonemeRecognizer
        if let given { recognizer = given } else { recognizer = try PhonemeRecognizer() }
        var warnings: [String] = []
        let primary: PhonemeSource
        var phonemes: [TimedPhoneme]
        // The free phone search's timeline, where it was decoded anyway: a stand-in for stretches the words do not
        // explain.
        var phoneSearch: [TimedPhoneme]?
        switch (mode, transcript) {
        case (.recognize, _):
            (primary, phonemes) = (.recognition, try recognizer.recognize(signal))
        case (.words, _), (.auto, nil), (.acoustic, _), (.neural, _):
            do {
                primary = .words
                (phonemes, phoneSearch) = try wordsWithPhoneEvidence(signal, recognizer: recognizer)
            } catch .nothingRecognized where mode == .auto {
                warnings.append(
                    "No English words were heard in \(path); the lips follow the sound alone (the acoustic lip sync)")
                return RecordedSpeechPhonemes(
                    phonemes: acoustic, sources: [PhonemeSourceSpan(.acoustic, start: 0, end: duration)],
                    warnings: warnings)
            }
        case (.align, nil):
            throw .transcriptRequired(path: path)
        case (.align, let words?), (.auto, let words?):
            let heard = try recognizer.decodeWords(signal)
            let check = TranscriptCheck(transcript: words, heard: heard.flatMap(\.words))
            if check.matches {
                (primary, phonemes) = (.alignment, try recognizer.align(signal, transcript: words))
            } else {
                warnings.append(
                    "The transcript does not match the speech in \(path) (\(check.matched) of its \(check.total) words were heard); "
                        + "the recognized words drive the lips instead: check that the transcript belongs to this audio"
                )
                primary = .words
                (phonemes, phoneSearch) = try wordsWithPhoneEvidence(signal, recognizer: recognizer, words: heard)
            }
        }
        let gate = LoudnessGate(frameLoudness: energy)
        phonemes = PhonemeTimeline.normalized(gate.silencingInaudible(phonemes), duration: duration)

        // Each unexplained stretch takes the first stand-in that explains it: free recognition decoded again from
        // there (a collapsed search restarts), the phone search's own timeline, and at last the sound alone.
        let guardian = PhonemeGuard(activity: activity)
        func explains(_ candidate: [TimedPhoneme], _ range: ClosedRange<Double>) -> Bool {
            let spliced = PhonemeGuard.splice(phonemes, gate.silencingInaudible(candidate), over: range)
            return !guardian.unexplained(spliced).contains {
                $0.lowerBound < range.upperBound && range.lowerBound < $0.upperBound
            }
        }
        var spans: [PhonemeSourceSpan] = []
        var cursor = 0.0
        for range in guardian.unexplained(phonemes) {
            var standIn: (PhonemeSource, [TimedPhoneme]) = (.acoustic, acoustic)
            let redecoded = primary == .recognition ? try redecode(signal, range, recognizer: recognizer) : nil
            if let redecoded, explains(redecoded, range) {
                standIn = (.recognition, redecoded)
            } else if let phoneSearch, explains(phoneSearch, range) {
                standIn = (.recognition, phoneSearch)
            }
            phonemes = PhonemeGuard.splice(phonemes, gate.silencingInaudible(standIn.1), over: range)
            if range.lowerBound > cursor {
                spans.append(PhonemeSourceSpan(primary, start: cursor, end: range.lowerBound))
            }
            spans.append(PhonemeSourceSpan(standIn.0, start: range.lowerBound, end: range.upperBound))
            cursor = range.upperBound
        }
        if cursor < duration { spans.append(PhonemeSourceSpan(primary, start: cursor, end: duration)) }
        for standIn in [PhonemeSource.recognition, .acoustic] where standIn != primary {
            let ranges = spans.filter { $0.source == standIn }
            guard !ranges.isEmpty else { continue }
            let seconds = ranges.map { $0.end - $0.start }.reduce(0, +)
            let list = ranges.prefix(4).map { String(format: "%.2f-%.2f s", $0.start, $0.end) }.joined(separator: ", ")
            warnings.append(
                String(
                    format: "%.1f s of %@ (%@%@) did not fit the phonemes of the %@; there the lips follow %@",
                    seconds, path, list, ranges.count > 4 ? ", ..." : "", primary.description,
                    standIn == .acoustic ? "the sound alone" : "free phone recognition"))
        }
        return RecordedSpeechPhonemes(
            phonemes: PhonemeTimeline.normalized(phonemes, duration: duration), sources: Self.merged(spans),
            warnings: warnings)
    }

    /// Neighbouring spans of one source as one.
    static func merged(_ spans: [PhonemeSourceSpan]) -> [PhonemeSourceSpan] {
        var result: [PhonemeSourceSpan] = []
        for span in spans where span.end > span.start {
            if let last = result.last, last.source == span.source, abs(last.end - span.start) < 1e-9 {
                result[result.count - 1].end = span.end
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// The phonemes of the recognized words, with the lip closures free phone recognition hears where a
    /// misrecognized word has another consonant: a bilabial of the phone search is taken where the words' timeline
    /// has a consonant at its centre and no bilabial within `LipSyncScore.tolerance`. Word recognition gets about a
    /// fifth of real speech's words wrong, often by trading a bilabial for another consonant ("disposed" heard as
    /// "those", "clubs" as "close"); on the real-speech clips this finds 32 of 34 p/b/m instead of 28, with 5 false
    /// closures instead of 3 (taking every phone-search bilabial: 8; also those over silence: 6). The phone search
    /// costs about as much CPU as the words (`SphinxSettings.closureEvidence`) but runs beside them on the other
    /// core; its context-independent form (0.03 s per second of audio) found 29 with 9 false closures, and a
    /// second alignment that offered p/b/m at every consonant found 31 with 19 false ones.
    /// Returns the phone search's timeline too (nil when it heard nothing).
    /// `words`: the signal's utterances with their words, when they were recognized already.
    static func wordsWithPhoneEvidence(
        _ signal: some AudioSource, recognizer: PhonemeRecognizer,
        words: [PhonemeRecognizer.WordPiece]? = nil
    ) throws(RecognitionError) -> ([TimedPhoneme], phoneSearch: [TimedPhoneme]?) {
        // The phone search runs on its own decoder and thread while the words are recognized and aligned.
        let phoneSearch = BackgroundTask { () throws(RecognitionError) -> [TimedPhoneme]? in
            try closureEvidence(signal, recognizer: recognizer)
        }
        var phonemes: [TimedPhoneme]
        do throws(RecognitionError) {
            let pieces: [PhonemeRecognizer.WordPiece]
            if let words { pieces = words } else { pieces = try recognizer.decodeWords(signal) }
            phonemes = try recognizer.alignWords(of: pieces, duration: signal.duration)
        } catch {
            _ = try? phoneSearch.value()
            throw error
        }
        guard let heard = try phoneSearch.value() else { return (phonemes, nil) }
        for closure in heard where closure.phoneme.isBilabial && closure.duration <= longestEvidence {
            let centre = (closure.start + closure.end) / 2
            let near = phonemes.contains {
                $0.phoneme.isBilabial && $0.start - LipSyncScore.tolerance < closure.end
                    && closure.start - LipSyncScore.tolerance < $0.end
            }
            guard !near, let under = phonemes.first(where: { $0.start <= centre && centre < $0.end }),
                under.phoneme != .SIL, !under.phoneme.isVowel
            else { continue }
            phonemes = PhonemeGuard.splice(phonemes, [closure], over: closure.start...closure.end)
        }
        return (phonemes, heard)
    }

    /// What the closure evidence search hears; nil when it hears no speech.
    private static func closureEvidence(_ signal: some AudioSource, recognizer: PhonemeRecognizer)
        throws(RecognitionError) -> [TimedPhoneme]?
    {
        do {
            return try recognizer.recognizeClosureEvidence(signal)
        } catch .nothingRecognized {
            return nil
        }
    }

    /// A phone-search bilabial longer than this is a collapsed search, not a closure.
    static let longestEvidence = 0.25

    /// Free recognition of `range` alone, in pieces of at most 2 s, placed back on the whole audio's clock.
    private static func redecode(
        _ signal: some AudioSource, _ range: ClosedRange<Double>,
        recognizer: PhonemeRecognizer
    ) throws(RecognitionError) -> [TimedPhoneme] {
        let rate = Double(signal.sampleRate)
        let first = max(0, Int(range.lowerBound * rate))
        let last = min(signal.frameCount, Int(range.upperBound * rate))
        guard last - first >= Int(PhonemeRecognizer.minimumDuration * rate) else { return [] }
        let samples = try PhonemeRecognizer.reading { () throws(MediaError) in try signal.read(first..<last) }
        var shortPieces = recognizer
        shortPieces.splitter.maximumSeconds = 2
        let offset = Double(first) / rate
        do {
            return try shortPieces.recognize(samples).map {
                TimedPhoneme($0.phoneme, start: $0.start + offset, end: $0.end + offset)
            }
        } catch .nothingRecognized {
            return []
        }
    }
}
