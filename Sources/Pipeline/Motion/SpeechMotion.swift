import Media
import Motion

/// Where the speech comes from and how its phonemes are found.
public enum SpeechInput: Sendable {
    /// Text spoken by eSpeak: its own phoneme timing, exact.
    case text(String, voice: String, rate: Int)
    /// A recording (any audio file or a video's sound track).
    case audio(path: String, transcript: String?, lipSync: LipSync)
}

/// How the phonemes of a recording are found.
public enum LipSync: String, Sendable, CaseIterable {
    /// Alignment when a transcript is given, otherwise recognition.
    case auto
    /// pocketsphinx phoneme recognition (English acoustic model).
    case recognize
    /// pocketsphinx forced alignment to the transcript (English).
    case align
    /// Loudness and spectrum only: any language.
    case acoustic
}

/// Speech and the motion made from it: stage 1 end to end.
public struct SpeechMotion: Sendable {
    public let audio: SpeechAudio
    public let track: MotionTrack

    public static func make(_ input: SpeechInput, options: MotionOptions) throws(PipelineError) -> SpeechMotion {
        do {
            switch input {
            case .text(let text, let voice, let rate):
                let speech = try SpeechSynthesizer.speak(text, voice: voice, rate: rate)
                let audio = try SpeechAudio(spool: speech.audio, path: "the synthesized speech")
                let phonemes = PhonemeTimeline.fromEspeak(speech.phonemes, duration: speech.audio.duration)
                return SpeechMotion(audio: audio, track: try MotionGenerator.generate(audio: audio, phonemes: phonemes,
                                                                                      phonemeSource: "text", options: options))
            case .audio(let path, let transcript, let lipSync):
                let audio = try SpeechAudio(path: path)
                switch lipSync {
                case .acoustic:
                    return SpeechMotion(audio: audio, track: try MotionGenerator.generateAcoustic(audio: audio, options: options))
                case .auto, .recognize, .align:
                    if lipSync == .align && transcript == nil {
                        throw PipelineError.media(.invalidRequest("--lipsync align needs --transcript with the words spoken in \(path)"))
                    }
                    return SpeechMotion(audio: audio, track: try recognized(audio, transcript: lipSync == .recognize ? nil : transcript,
                                                                            options: options))
                }
            }
        } catch {
            throw PipelineError(error)
        }
    }
}

extension SpeechMotion {
    /// Phonemes from pocketsphinx (alignment with a transcript, recognition without), then motion.
    static func recognized(_ audio: SpeechAudio, transcript: String?, options: MotionOptions) throws(PipelineError) -> MotionTrack {
        let phonemes: [TimedPhoneme]
        do throws(RecognitionError) {
            let recognizer = try PhonemeRecognizer()
            if let transcript {
                phonemes = try recognizer.align(audio.signal, transcript: transcript)
            } else {
                phonemes = try recognizer.recognize(audio.signal)
            }
        } catch {
            throw .recognition(error)
        }
        do {
            return try MotionGenerator.generate(audio: audio, phonemes: phonemes, phonemeSource: transcript == nil ? "recognition" : "alignment",
                                                options: options)
        } catch {
            throw .media(error)
        }
    }
}
