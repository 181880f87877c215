import Media

extension MotionGenerator {
    /// Motion for speech synthesized from text: eSpeak's own phoneme timing, the audio's prosody.
    public static func generate(speech: SynthesizedSpeech, options: MotionOptions) throws(MediaError) -> MotionTrack {
        let audio = try SpeechAudio(spool: speech.audio, path: "synthesized speech")
        let phonemes = PhonemeTimeline.fromEspeak(speech.phonemes, duration: speech.audio.duration)
        return generate(audio: audio, phonemes: phonemes, phonemeSource: "text", options: options)
    }

    /// Motion for recorded speech with a phoneme timeline from recognition or alignment.
    public static func generate(audio: SpeechAudio, phonemes: [TimedPhoneme], phonemeSource: String,
                                options: MotionOptions) -> MotionTrack {
        let signal = audio.analysis
        let duration = audio.original.duration
        return generate(phonemes: phonemes, energy: Prosody.energy(signal, hop: 160), pitch: Prosody.pitch(signal, hop: 160),
                        duration: duration, phonemeSource: phonemeSource, options: options)
    }
}

extension MotionGenerator {
    /// Motion from the sound alone (any language): `AcousticPhonemes` drive the mouth.
    public static func generateAcoustic(audio: SpeechAudio, options: MotionOptions) -> MotionTrack {
        let signal = audio.analysis
        let energy = Prosody.energy(signal, hop: 160), pitch = Prosody.pitch(signal, hop: 160)
        let duration = audio.original.duration
        let phonemes = AcousticPhonemes.timeline(signal: signal, energy: energy, pitch: pitch, duration: duration)
        return generate(phonemes: phonemes, energy: energy, pitch: pitch, duration: duration, phonemeSource: "acoustic", options: options)
    }
}
