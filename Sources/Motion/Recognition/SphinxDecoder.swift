import CPocketSphinx
import Foundation

/// One stretch of decoded audio: pocketsphinx's unit name (a phone, a phone word, a filler) and the
/// first and last frame it covers, both inclusive.
struct SphinxSegment: Sendable, Equatable {
    let name: String
    let firstFrame: Int
    let lastFrame: Int

    /// The same segment `frames` later (a piece's segment placed in the whole audio).
    func shifted(by frames: Int) -> SphinxSegment {
        SphinxSegment(name: name, firstFrame: firstFrame + frames, lastFrame: lastFrame + frames)
    }
}

/// Knobs of the two searches, kept apart because they pull in opposite directions: free phone
/// recognition needs a narrow beam to run in real time, forced alignment is cheap (the grammar is
/// one path) and must never prune the only path away.
struct SphinxSettings: Sendable, Equatable {
    /// Allphone beam (-beam): 1e-10 decodes at ~0.25 s per second of audio; 1e-20 is
    /// 6x slower and found no more bilabials on eSpeak speech. This narrow beam is also why allphone
    /// search can collapse: when every successor of an unlikely phone falls out of the beam at once
    /// (its trigram score times the language weight exceeds the beam), only that phone's self loop
    /// survives and it is held to the end of the utterance (a real 7.1 s sentence decoded as
    /// "AH M IH S T ER JH AA N D EH SH W" with W lasting 5.75 s). A 1e-20 exit beam avoids it at 4-5x the
    /// time, so `PhonemeGuard` re-decodes such stretches instead.
    var allphoneBeam = 1e-10
    /// Allphone exit beam (-pbeam): how close to the frame's best a phone must end to start successors.
    /// Each exit tries every phone that may follow it with a trigram lookup, which is most of the search's
    /// time: at 1e-8 the search costs a third less and the real-speech clips keep their scores (words mode:
    /// 31/34 p/b/m, 5 false closures; at 5e-8 a sixth false closure appears), but an eSpeak sentence then
    /// decoded to 7 phones instead of 17 in one run of the test suite; it stays at the beam's 1e-10.
    var allphoneExitBeam = 1e-10
    /// Allphone language weight (how much the phone trigram counts against the acoustics): 4 and
    /// 8 find half the bilabials; 0.5-1.5 are slower and no better beyond run-to-run noise.
    var allphoneLanguageWeight = 2.0
    /// Allphone phone insertion penalty (-pip, 1 = none); 0.1-10 changed nothing measurable.
    var allphonePhoneInsertion = 1.0
    /// Alignment beams (-beam, -pbeam, -wbeam). Narrower beams (the default 7e-29 word beam, and
    /// even 1e-80) drop the grammar's only path on some TTS sentences ("final result does not
    /// match the grammar"); the grammar is a single path, so even this costs ~1% of real time.
    var alignmentBeam = 1e-200
    /// Normalise cepstra over each call's whole audio. Live normalisation carries its estimate
    /// from call to call (a second utterance then decoded to nothing), so results would depend
    /// on what was decoded before.
    var wholeUtteranceNormalization = true
    /// Word search with the en-us trigram language model: pocketsphinx's own default beams and
    /// language weight, with at most 3000 active HMMs and 10 word exits per frame. On the real-speech
    /// clips that is 0.16 s of CPU per second of audio instead of 0.37 at the same word error rate (26%);
    /// 2000 and 1500 HMMs raise it to 28% and 34%.
    var wordBeam = 1e-48
    var wordPhoneBeam = 1e-48
    var wordExitBeam = 7e-29
    var wordLanguageWeight = 6.5
    var wordMaximumHMMsPerFrame = 3_000
    var wordMaximumExitsPerFrame = 10
    /// The flat-lexicon second pass (-fwdflat) rescoring the tree search's words: off, it saves a sixth of
    /// the word search's time and changes no bilabial found on the real-speech clips (the lattice pass,
    /// -bestpath, stays: without it one p/b/m is lost).
    var wordSecondPass = false
    /// The phone search whose only job, beside word recognition, is hearing lip closures the words missed
    /// (`RecordedSpeechPhonemes.wordsWithPhoneEvidence`); it runs on a decoder of its own. Its exit beam is
    /// 1e-8 instead of 1e-10: on the real-speech clips (`bench lipsync --lipsync words`, the searches timed
    /// one after the other) that halves its CPU, 0.33 -> 0.18 s per second of audio, with the same 31/34 p/b/m
    /// and 5 false closures. Tried and dropped: 1e-7 (0.15 s, 7 false closures), Gaussian selection every
    /// second frame (-ds 2: 0880 loses a p/b/m), fewer Gaussians (-topn 2: the same), context-independent
    /// phones (-allphone_ci: 0.02 s, but 28/34 with 8 false). Free recognition itself (`--lipsync recognize`,
    /// the guard's re-decoding) keeps the wide exit beam: at 1e-8 an eSpeak sentence once decoded to 7 of its
    /// 17 phones.
    static let closureEvidence: SphinxSettings = {
        var settings = SphinxSettings()
        settings.allphoneExitBeam = 1e-8
        return settings
    }()
}

/// The pocketsphinx decoder, loaded once: the acoustic model, the CMU dictionary, one "word" per
/// phone (so a grammar over phones aligns phone by phone) and the allphone search.
/// pocketsphinx is not thread safe, so every use goes through `lock`.
final class SphinxDecoder: @unchecked Sendable {
    static let allphoneSearch = "allphone"
    static let alignmentSearch = "alignment"
    static let wordSearch = "words"
    /// Prefix of the phone words added to the dictionary; no English word starts with it.
    static let phoneWordPrefix = "ph_"

    /// Phone names the acoustic model knows (its CI phones minus the fillers).
    static let phoneNames = Phoneme.allCases.map(\.rawValue)

    let framesPerSecond: Int
    private let decoder: OpaquePointer
    private let lock = NSLock()
    private let settings: SphinxSettings
    private let files: SphinxModelFiles
    /// The word language model is loaded on first use (~0.6 s, ~60 MB): alignment and allphone
    /// recognition do not need it.
    private var wordSearchLoaded = false

    init(files: SphinxModelFiles, settings: SphinxSettings) throws(RecognitionError) {
        self.settings = settings
        self.files = files
        // Logging goes to /dev/null: the library would otherwise print pages to stderr.
        err_set_logfp(nil)
        let arguments = [
            "-hmm", files.acousticModel,
            "-dict", files.dictionary,
            "-logfn", "/dev/null",
            "-beam", "\(settings.allphoneBeam)",
            "-pbeam", "\(settings.allphoneExitBeam)",
            "-lw", "\(settings.allphoneLanguageWeight)",
            "-pip", "\(settings.allphonePhoneInsertion)",
            // The front end's voice activity detector drops silent frames, which shifts every later
            // time by the pauses before it, and its noise estimate carries over from call to call.
            "-remove_silence", "no",
            "-remove_noise", "no",
        ]
        guard let config = Self.parse(arguments) else {
            throw .internal("the decoder settings \(arguments.joined(separator: " ")) were rejected")
        }
        defer { cmd_ln_free_r(config) }
        guard let decoder = ps_init(config) else {
            throw .internal(
                "the decoder did not load the model in \(files.acousticModel); reinstall pocketsphinx-en-us (make deps)"
            )
        }
        self.decoder = decoder
        framesPerSecond = Int(cmd_ln_int_r(ps_get_config(decoder), "-frate"))

        for (index, phone) in Self.phoneNames.enumerated() {
            let isLast = index == Self.phoneNames.count - 1
            guard ps_add_word(decoder, Self.phoneWordPrefix + phone, phone, isLast ? 1 : 0) >= 0 else {
                throw .internal("the phone \(phone) could not be added to the dictionary")
            }
        }
        guard ps_set_allphone_file(decoder, Self.allphoneSearch, files.phoneLanguageModel) == 0 else {
            throw .internal(
                "the phone language model \(files.phoneLanguageModel) did not load; reinstall pocketsphinx-en-us (make deps)"
            )
        }
        // Grammar searches made later read their beams from the decoder's config.
        let live = ps_get_config(decoder)
        for beam in ["-beam", "-pbeam", "-wbeam"] {
            cmd_ln_set_float_r(live, beam, settings.alignmentBeam)
        }
    }

    deinit {
        ps_free(decoder)
    }

    /// The dictionary's pronunciations of `word` (lower case), alternates included; empty when
    /// the word is not in it.
    func pronunciations(of word: String) -> [[String]] {
        lock.lock()
        defer { lock.unlock() }
        var found: [[String]] = []
        // Alternates are stored as "word(2)", "word(3)", ...
        for variant in 1...9 {
            let key = variant == 1 ? word : "\(word)(\(variant))"
            guard let phones = ps_lookup_word(decoder, key) else { break }
            found.append(String(cString: phones).split(separator: " ").map(String.init))
            free(phones)
        }
        return found
    }

    /// Free phone recognition: the best phone sequence under the phone trigram.
    func recognizePhones(_ samples: [Int16]) throws(RecognitionError) -> [SphinxSegment] {
        lock.lock()
        defer { lock.unlock() }
        guard ps_set_search(decoder, Self.allphoneSearch) == 0 else {
            throw .internal("the allphone search could not be selected")
        }
        return try decode(samples)
    }

    /// Word recognition: the best word sequence under the en-us trigram language model, fillers
    /// (silence, noise, breath) included as they are named by the model (`<sil>`, `[NOISE]`, ...).
    func recognizeWords(_ samples: [Int16]) throws(RecognitionError) -> [SphinxSegment] {
        lock.lock()
        defer { lock.unlock() }
        if !wordSearchLoaded { try loadWordSearch() }
        guard ps_set_search(decoder, Self.wordSearch) == 0 else {
            throw .internal("the word search could not be selected")
        }
        return try decode(samples)
    }

    /// Loads the word language model now rather than on the first word search.
    func loadWordSearchIfNeeded() throws(RecognitionError) {
        lock.lock()
        defer { lock.unlock() }
        if !wordSearchLoaded { try loadWordSearch() }
    }

    /// A search reads its beams and language weight from the decoder's config when it is made, so the
    /// word search gets its own and the config then goes back to the alignment grammar's. Caller holds `lock`.
    private func loadWordSearch() throws(RecognitionError) {
        let live = ps_get_config(decoder)
        cmd_ln_set_float_r(live, "-beam", settings.wordBeam)
        cmd_ln_set_float_r(live, "-pbeam", settings.wordPhoneBeam)
        cmd_ln_set_float_r(live, "-wbeam", settings.wordExitBeam)
        cmd_ln_set_float_r(live, "-lw", settings.wordLanguageWeight)
        let (hmms, exits) = (cmd_ln_int_r(live, "-maxhmmpf"), cmd_ln_int_r(live, "-maxwpf"))
        cmd_ln_set_int_r(live, "-maxhmmpf", settings.wordMaximumHMMsPerFrame)
        cmd_ln_set_int_r(live, "-maxwpf", settings.wordMaximumExitsPerFrame)
        let secondPass = cmd_ln_int_r(live, "-fwdflat")
        cmd_ln_set_int_r(live, "-fwdflat", settings.wordSecondPass ? 1 : 0)
        let loaded = ps_set_lm_file(decoder, Self.wordSearch, files.wordLanguageModel)
        for beam in ["-beam", "-pbeam", "-wbeam"] {
            cmd_ln_set_float_r(live, beam, settings.alignmentBeam)
        }
        cmd_ln_set_float_r(live, "-lw", settings.allphoneLanguageWeight)
        cmd_ln_set_int_r(live, "-maxhmmpf", hmms)
        cmd_ln_set_int_r(live, "-maxwpf", exits)
        cmd_ln_set_int_r(live, "-fwdflat", secondPass)
        guard loaded == 0 else {
            throw .internal(
                "the word language model \(files.wordLanguageModel) did not load; reinstall pocketsphinx-en-us (make deps)"
            )
        }
        wordSearchLoaded = true
    }

    /// The best path through `grammar` (JSGF over phone words).
    func decode(_ samples: [Int16], grammar: String) throws(RecognitionError) -> [SphinxSegment] {
        lock.lock()
        defer { lock.unlock() }
        guard ps_set_jsgf_string(decoder, Self.alignmentSearch, grammar) == 0,
            ps_set_search(decoder, Self.alignmentSearch) == 0
        else {
            throw .internal("the alignment grammar was rejected")
        }
        return try decode(samples)
    }

    /// Runs one utterance through the selected search and reads its best path. Caller holds `lock`.
    private func decode(_ samples: [Int16]) throws(RecognitionError) -> [SphinxSegment] {
        guard ps_start_utt(decoder) == 0 else { throw .internal("the utterance could not be started") }
        let processed = samples.withUnsafeBufferPointer { buffer in
            ps_process_raw(
                decoder, buffer.baseAddress, buffer.count, 0,
                settings.wholeUtteranceNormalization ? 1 : 0)
        }
        guard ps_end_utt(decoder) == 0, processed >= 0 else {
            throw .internal("decoding \(samples.count) samples failed")
        }
        var segments: [SphinxSegment] = []
        var iterator = ps_seg_iter(decoder)
        while let segment = iterator {
            var first: Int32 = 0
            var last: Int32 = 0
            ps_seg_frames(segment, &first, &last)
            if let word = ps_seg_word(segment), last >= first {
                segments.append(
                    SphinxSegment(name: String(cString: word), firstFrame: Int(first), lastFrame: Int(last)))
            }
            iterator = ps_seg_next(segment)
        }
        return segments
    }

    /// Builds a config from command-line style arguments (cmd_ln_init is variadic, which Swift
    /// cannot call).
    private static func parse(_ arguments: [String]) -> OpaquePointer? {
        var cStrings = arguments.map { strdup($0) }
        defer { for string in cStrings { free(string) } }
        return cStrings.withUnsafeMutableBufferPointer { buffer in
            cmd_ln_parse_r(nil, ps_args(), Int32(buffer.count), buffer.baseAddress, 0)
        }
    }
}
