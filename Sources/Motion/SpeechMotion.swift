import Media

/// Where the speech comes from and how its phonemes are found.
public enum SpeechInput: Sendable {
    /// Text spoken by eSpeak: its own phoneme timing, exact.
    case text(String, voice: String, rate: Int)
    /// A recording (any audio file or a video's sound track).
    case audio(path: String, transcript: String?, lipSync: LipSync)
    /// A recording and its phoneme timing from another tool (a `PhonemeTimingFile`): used as given.
    case timed(path: String, phonemes: String)

    /// The recording's path, when the speech is one.
    public var audioPath: String? {
        switch self {
        case .text: nil
        case .audio(let path, _, _), .timed(let path, _): path
        }
    }
}

/// Speech and the motion made from it: stage 1 end to end.
public struct SpeechMotion: Sendable {
    public let audio: SpeechAudio
    public let track: MotionTrack
    /// What the user should know about how the phonemes were found (one sentence each, for stderr).
    public var warnings: [String] = []

    /// Stage 1 for any speech input: text through eSpeak, or a recording through phoneme recognition.
    /// `listener` hears the phonemes for `--lipsync neural` (the speech-to-mouth network on the GPU).
    public static func make(
        _ input: SpeechInput, options: MotionOptions, listener: PhonemeListener? = nil
    ) throws(SpeechError) -> SpeechMotion {
        switch input {
        case .text(let text, let voice, let rate):
            do throws(MediaError) {
                return try synthesized(
                    SpeechSynthesizer.speak(text, voice: voice, rate: rate), text: text,
                    options: options)
            } catch {
                throw .media(error)
            }
        case .audio(let path, let transcript, let lipSync):
            if lipSync == .align && transcript == nil { throw .recognition(.transcriptRequired(path: path)) }
            let audio: SpeechAudio
            do throws(MediaError) { audio = try SpeechAudio(path: path) } catch { throw .media(error) }
            return try recorded(
                audio, path: path, transcript: transcript, lipSync: lipSync, options: options, listener: listener)
        case .timed(let path, let timingPath):
            let phonemes: [TimedPhoneme]
            do throws(PhonemeTimingError) { phonemes = try PhonemeTimingFile.read(timingPath) } catch {
                throw .timing(error)
            }
            let audio: SpeechAudio
            do throws(MediaError) { audio = try SpeechAudio(path: path) } catch { throw .media(error) }
            return try timed(audio, path: path, phonemes: phonemes, timingPath: timingPath, options: options)
        }
    }

    /// Motion for a recording whose phoneme timing is given (an aligner's labels, a synthesizer's timing). Timing
    /// that runs more than a tenth of a second past the recording is refused: it was made for another one.
    public static func timed(
        _ audio: SpeechAudio, path: String, phonemes: [TimedPhoneme], timingPath: String, options: MotionOptions
    ) throws(SpeechError) -> SpeechMotion {
        let duration = audio.original.duration
        let end = phonemes.last(where: { $0.phoneme != .SIL })?.end ?? 0
        guard end <= duration + 0.1 else {
            throw .timing(.longerThanAudio(path: timingPath, end: end, audio: path, duration: duration))
        }
        do throws(MediaError) {
            var track = try track(
                audio, phonemes: PhonemeTimeline.normalized(phonemes, duration: duration), source: "given",
                options: options)
            track.phonemeSources = [PhonemeSourceSpan(.given, start: 0, end: duration)]
            return SpeechMotion(audio: audio, track: track)
        } catch {
            throw .media(error)
        }
    }

    /// Motion for speech eSpeak synthesized from `text`: its own phoneme timing, the audio's prosody. Silence means
    /// the text had nothing eSpeak speaks.
    public static func synthesized(
        _ speech: SynthesizedSpeech, text: String = "",
        options: MotionOptions
    ) throws(MediaError) -> SpeechMotion {
        let audio: SpeechAudio
        do {
            audio = try SpeechAudio(spool: speech.audio, path: "the synthesized speech")
        } catch {
            guard case .silentAudio = error else { throw error }
            throw .invalidRequest(
                "The text \(text.quotedExcerpt()) gave no audible speech; give words to speak in the voice's language")
        }
        let phonemes = PhonemeTimeline.fromEspeak(speech.phonemes, duration: speech.audio.duration)
        return SpeechMotion(audio: audio, track: try track(audio, phonemes: phonemes, source: "text", options: options))
    }

    /// Motion for a recording whose phonemes `RecordedSpeechPhonemes` finds (alignment, recognized words, free phones
    /// or the sound alone, with every unexplained stretch handed to another source). `path` names it in messages.
    public static func recorded(
        _ audio: SpeechAudio, path: String, transcript: String? = nil, lipSync: LipSync,
        options: MotionOptions, listener: PhonemeListener? = nil
    ) throws(SpeechError) -> SpeechMotion {
        let energy: [Float]
        let pitch: [Float]
        do throws(MediaError) {
            energy = try Prosody.energy(of: audio.signal, hop: 160)
            pitch = try Prosody.pitch(of: audio.signal, hop: 160)
        } catch {
            throw .media(error)
        }
        let found: RecordedSpeechPhonemes
        do throws(RecognitionError) {
            found = try RecordedSpeechPhonemes.find(
                in: audio.signal, path: path, transcript: transcript, mode: lipSync,
                energy: energy, pitch: pitch, listener: listener)
        } catch {
            throw .recognition(error)
        }
        var track = MotionGenerator.generate(
            phonemes: found.phonemes, energy: energy, pitch: pitch,
            duration: audio.original.duration,
            phonemeSource: found.mainSource.rawValue, options: options)
        track.phonemeSources = found.sources
        return SpeechMotion(audio: audio, track: track, warnings: found.warnings)
    }

    /// Motion from a phoneme timeline and the prosody of the spooled signal, read a block at a time.
    private static func track(
        _ audio: SpeechAudio, phonemes: [TimedPhoneme], source: String,
        options: MotionOptions
    ) throws(MediaError) -> MotionTrack {
        MotionGenerator.generate(
            phonemes: phonemes, energy: try Prosody.energy(of: audio.signal, hop: 160),
            pitch: try Prosody.pitch(of: audio.signal, hop: 160),
            duration: audio.original.duration, phonemeSource: source, options: options)
    }
}

/// Why speech could not become motion: its audio could not be read, or its phonemes not found.
public enum SpeechError: Error, Sendable, Equatable, CustomStringConvertible {
    case media(MediaError)
    case recognition(RecognitionError)
    case timing(PhonemeTimingError)

    public var description: String {
        switch self {
        case .media(let error): error.description
        case .recognition(let error): error.description
        case .timing(let error): error.description
        }
    }
}
