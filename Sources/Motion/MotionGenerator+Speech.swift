import Media

extension MotionGenerator {
    /// Motion for speech synthesized from text: eSpeak's own phoneme timing, the audio's prosody.
    public static func generate(speech: SynthesizedSpeech, options: MotionOptions) throws(MediaError) -> MotionTrack {
        let audio = try SpeechAudio(spool: speech.audio, path: "synthesized speech")
        let phonemes = PhonemeTimeline.fromEspeak(speech.phonemes, duration: speech.audio.duration)
        return try generate(audio: audio, phonemes: phonemes, phonemeSource: "text", options: options)
    }

    /// Motion for recorded speech with a phoneme timeline from recognition or alignment. The prosody is read
    /// from the spooled signal a block at a time.
    public static func generate(audio: SpeechAudio, phonemes: [TimedPhoneme], phonemeSource: String,
                                options: MotionOptions) throws(MediaError) -> MotionTrack {
        generate(phonemes: phonemes, energy: try Prosody.energy(of: audio.signal, hop: 160),
                 pitch: try Prosody.pitch(of: audio.signal, hop: 160),
                 duration: audio.original.duration, phonemeSource: phonemeSource, options: options)
    }
}

extension MotionGenerator {
    /// Motion from the sound alone (any language): `AcousticPhonemes` drive the mouth.
    public static func generateAcoustic(audio: SpeechAudio, options: MotionOptions) throws(MediaError) -> MotionTrack {
        let energy = try Prosody.energy(of: audio.signal, hop: 160), pitch = try Prosody.pitch(of: audio.signal, hop: 160)
        let duration = audio.original.duration
        let phonemes = try AcousticPhonemes.timeline(of: audio.signal, energy: energy, pitch: pitch, duration: duration)
        return generate(phonemes: phonemes, energy: energy, pitch: pitch, duration: duration, phonemeSource: "acoustic", options: options)
    }
}
