import CEspeak
import Foundation

/// One phoneme of synthesized speech and when it starts.
public struct PhonemeEvent: Sendable, Equatable {
    /// eSpeak's phoneme mnemonic (e.g. "p", "A:", "aI"; see espeak-ng's phoneme tables).
    public let name: String
    /// Seconds from the start of the audio.
    public let time: Double

    public init(name: String, time: Double) {
        self.name = name
        self.time = time
    }
}

/// One word of the input text and when it starts being spoken.
public struct WordEvent: Sendable, Equatable {
    /// Range of the word in the text, in Unicode scalars (eSpeak counts characters of its UTF-8 input).
    public let textRange: Range<Int>
    public let time: Double
}

/// Speech made from text: the audio (spooled to disk as it is made, so a long text does not fill memory)
/// and the timing of its phonemes and words.
public struct SynthesizedSpeech: Sendable {
    public let audio: AudioSpool
    public let phonemes: [PhonemeEvent]
    public let words: [WordEvent]
}

/// Text-to-speech through libespeak-ng in synchronous mode: the library renders into our callback,
/// which collects the samples and the phoneme/word events that drive the lips later.
/// eSpeak keeps global state, so calls are serialised by a lock.
public enum SpeechSynthesizer {
    /// Words per minute eSpeak speaks by default.
    public static let defaultRate = 175

    /// Speaks `text` with `voice` (any espeak-ng voice or language name, e.g. "en-us", "de", "fr")
    /// at `rate` words per minute (80...450).
    public static func speak(
        _ text: String, voice: String = "en-us",
        rate: Int = defaultRate
    ) throws(MediaError) -> SynthesizedSpeech {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidRequest("The text to speak is empty; give some words to speak")
        }
        guard (80...450).contains(rate) else {
            throw .invalidRequest(
                "Speaking rate \(rate) is outside 80...450 words per minute; pick a rate in that range")
        }
        lock.lock()
        defer { lock.unlock() }
        let sampleRate = try initialize()
        guard espeak_SetVoiceByName(voice) == EE_OK else {
            throw .invalidRequest("eSpeak has no voice \"\(voice)\"; run `espeak-ng --voices` to list them")
        }
        espeak_SetParameter(espeakRATE, Int32(rate), 0)

        let collector = Collector(audio: try AudioSpool.Writer(sampleRate: sampleRate, channels: 1))
        let context = Unmanaged.passUnretained(collector).toOpaque()
        espeak_SetSynthCallback { samples, count, events in
            guard let events else { return 0 }
            // Every event list carries our user_data, the terminator included.
            guard let user = events.pointee.user_data else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue()
            if let samples, count > 0 {
                // A failed write (no temporary space) aborts the synthesis; the error is thrown after it returns.
                guard collector.append(UnsafeBufferPointer(start: samples, count: Int(count))) else { return 1 }
            }
            var event = events
            while event.pointee.type != espeakEVENT_LIST_TERMINATED {
                collector.record(event.pointee)
                event += 1
            }
            return 0
        }
        let bytes = Array(text.utf8CString)
        let status = bytes.withUnsafeBufferPointer { buffer in
            espeak_Synth(buffer.baseAddress, buffer.count, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, context)
        }
        if let failure = collector.failure { throw failure }
        guard status == EE_OK else { throw .internal("espeak_Synth failed with status \(status.rawValue)") }
        // AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when all audio went through the callback
        // (espeak_Synchronize is for the asynchronous modes and would wait forever here).
        guard collector.audio.frameCount > 0 else {
            throw .invalidRequest("eSpeak produced no sound for the text; give words in the voice's language")
        }
        return SynthesizedSpeech(
            audio: collector.audio.finish(),
            phonemes: collector.phonemes.map { PhonemeEvent(name: $0.name, time: Double($0.milliseconds) / 1_000) },
            words: collector.words.map { WordEvent(textRange: $0.range, time: Double($0.milliseconds) / 1_000) })
    }

    private static let lock = NSLock()
    /// Guarded by `lock`. eSpeak is initialised once per process (re-initialising after
    /// espeak_Terminate is not reliable in 1.51).
    nonisolated(unsafe) private static var sampleRate: Int?

    /// Initialises eSpeak once; returns its output sample rate.
    private static func initialize() throws(MediaError) -> Int {
        if let sampleRate { return sampleRate }
        let rate = withoutSoundServer {
            espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nil, Int32(espeakINITIALIZE_PHONEME_EVENTS))
        }
        guard rate > 0 else {
            throw .codecUnavailable(name: "espeak-ng (its voice data could not be loaded; install espeak-ng-data)")
        }
        sampleRate = Int(rate)
        return Int(rate)
    }

    /// Runs `body` with PULSE_SERVER naming no server. espeak-ng 1.51 creates its audio device even when it only
    /// hands samples to a callback, and libpulse's connection attempt then leaves `pulse-XXXX/` in $TMPDIR and
    /// `~/.config/pulse/` on a machine without a desktop session. We never play sound, so it need not connect.
    private static func withoutSoundServer<T>(_ body: () -> T) -> T {
        let previous = getenv("PULSE_SERVER").map { String(cString: $0) }
        setenv("PULSE_SERVER", "unix:/nonexistent/vlogger-gpu-plays-no-sound", 1)
        defer {
            if let previous { setenv("PULSE_SERVER", previous, 1) } else { unsetenv("PULSE_SERVER") }
        }
        return body()
    }

    /// Gathers one synthesis' output; touched only inside the locked, synchronous espeak_Synth call.
    private final class Collector {
        let audio: AudioSpool.Writer
        private(set) var failure: MediaError?
        private var converted: [Float] = []
        var phonemes: [(name: String, milliseconds: Int32)] = []
        var words: [(range: Range<Int>, milliseconds: Int32)] = []

        init(audio: AudioSpool.Writer) { self.audio = audio }

        /// Appends 16-bit samples as float; false (and `failure` set) when the spool cannot be written.
        func append(_ samples: UnsafeBufferPointer<Int16>) -> Bool {
            converted.removeAll(keepingCapacity: true)
            converted.append(contentsOf: samples.lazy.map { Float($0) / 32_768 })
            do { try audio.append(converted) } catch {
                failure = error
                return false
            }
            return true
        }

        func record(_ event: espeak_EVENT) {
            switch event.type {
            case espeakEVENT_PHONEME:
                var name = event.id.string
                let text = withUnsafeBytes(of: &name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if !text.isEmpty { phonemes.append((text, event.audio_position)) }
            case espeakEVENT_WORD:
                // text_position is 1-based, in characters of the UTF-8 input. After an earlier synthesis
                // eSpeak 1.51 also reports an empty "word" at position 0 at clause boundaries: skip it.
                guard event.text_position > 0, event.length > 0 else { return }
                let start = Int(event.text_position) - 1
                words.append((start..<(start + Int(event.length)), event.audio_position))
            default:
                break
            }
        }
    }
}
