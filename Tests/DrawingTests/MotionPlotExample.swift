import Body
import Foundation
import Motion

/// A small, plausible spoken sentence for the plot tests and the example picture: phonemes with
/// durations, a voiced/noisy waveform that follows them, and controls that follow the phonemes.
enum MotionPlotExample {
    static let fps = 25.0
    static let sampleRate = 16_000

    /// "Hello, my baby bought a new map", roughly as a speaker would time it.
    static let phonemes: [TimedPhoneme] = {
        let spoken: [(Phoneme, Double)] = [
            (.SIL, 0.30), (.HH, 0.06), (.AH, 0.07), (.L, 0.06), (.OW, 0.20), (.SIL, 0.20),
            (.M, 0.08), (.AY, 0.18), (.B, 0.07), (.EY, 0.12), (.B, 0.06), (.IY, 0.14),
            (.B, 0.06), (.AO, 0.16), (.T, 0.06), (.AH, 0.06), (.N, 0.06), (.UW, 0.18),
            (.M, 0.08), (.AE, 0.16), (.P, 0.10), (.SIL, 0.40),
        ]
        var time = 0.0
        return spoken.map { phoneme, duration in
            defer { time += duration }
            return TimedPhoneme(phoneme, start: time, end: time + duration)
        }
    }()

    static var duration: Double { phonemes.last?.end ?? 0 }

    static func phoneme(at time: Double) -> Phoneme {
        phonemes.first { time >= $0.start && time < $0.end }?.phoneme ?? .SIL
    }

    static func track() -> MotionTrack {
        let count = Int(duration * fps)
        var frames: [Controls] = []
        var current = Controls()
        for index in 0..<count {
            let time = Double(index) / fps
            let phoneme = phoneme(at: time)
            var target = Controls()
            target.jawOpen =
                phoneme.isVowel
                ? (phoneme == .AA || phoneme == .AO || phoneme == .AE ? 0.8 : 0.5)
                : phoneme == .SIL ? 0 : 0.2
            if phoneme.isBilabial {
                target.jawOpen = 0.05
                target.lipPress = 1
            }
            if phoneme == .UW || phoneme == .OW {
                target.lipsFunnel = 0.7
                target.lipsPucker = 0.5
            }
            target.smile = phoneme == .IY || phoneme == .EY ? 0.45 : 0.15
            // Ease toward the target: the mouth never jumps.
            current.jawOpen += (target.jawOpen - current.jawOpen) * 0.6
            current.lipPress += (target.lipPress - current.lipPress) * 0.7
            current.lipsFunnel += (target.lipsFunnel - current.lipsFunnel) * 0.5
            current.lipsPucker += (target.lipsPucker - current.lipsPucker) * 0.5
            current.smile += (target.smile - current.smile) * 0.3
            var frame = current
            let blink: Float = [27, 28, 29, 57, 58, 59].contains(index) ? [0.6, 1, 0.5][index % 3] : 0
            frame.blinkLeft = blink
            frame.blinkRight = blink
            frame.browRaise = time > 1.0 && time < 1.5 ? 0.4 : 0.05
            frame.gazeX = time < 1.6 ? 0.1 : time < 2.6 ? -0.3 : 0.2
            frame.gazeY = time < 2.0 ? 0.05 : -0.1
            frame.headYaw = Float(4 * sin(time * 1.7))
            frame.headPitch = Float(2.5 * sin(time * 3.1 + 0.4))
            frame.headRoll = Float(1.2 * sin(time * 0.9))
            frame.shoulderShrug = Float(0.02 * sin(time * 2.2))
            frames.append(frame)
        }
        return MotionTrack(
            fps: fps, duration: duration, seed: 7, phonemeSource: "text", phonemes: phonemes, frames: frames)
    }

    /// Voiced sounds as a buzzy 140 Hz tone, consonants as quieter noise, silence as a faint hiss.
    static func waveform() -> [Float] {
        var state: UInt32 = 12_345
        func noise() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) * 2 - 1
        }
        return (0..<Int(duration * Double(sampleRate))).map { index in
            let time = Double(index) / Double(sampleRate)
            let phoneme = phoneme(at: time)
            if phoneme == .SIL { return 0.005 * noise() }
            if phoneme.isVowel || phoneme == .M || phoneme == .N || phoneme == .L {
                let phase = 2 * Double.pi * 140 * time
                let tone = sin(phase) + 0.5 * sin(2 * phase) + 0.25 * sin(3 * phase)
                return Float(tone) * (phoneme.isVowel ? 0.45 : 0.18) + 0.02 * noise()
            }
            return 0.12 * noise()
        }
    }
}
