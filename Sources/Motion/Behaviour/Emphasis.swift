import Foundation

/// What accents and breathing do besides the head: brows rise on emphasis, beat gestures of the forearm
/// land on stressed syllables, and the chest rises before each phrase (with a slow breath in pauses).
struct Emphasis {
    private let accents: [(time: Double, strength: Double, rightArm: Bool)]
    private let phraseStarts: [Double]
    private let breathPhase: Double

    init(activity: SpeechActivity, seed: UInt64) {
        var random = MotionRandom(seed: seed, stream: "emphasis")
        accents = activity.accents.map { ($0.time, min($0.strength, 4), random.chance(0.6)) }
        phraseStarts = activity.pauses.map(\.upperBound).filter { $0 < activity.duration - 0.2 }
        breathPhase = random.uniform(0...(2 * .pi))
    }

    /// Brow raise 0...0.7 at `t`.
    func brows(at t: Double) -> Double {
        var value = 0.0
        for accent in accents where abs(accent.time - t) < 1 {
            value += 0.18 * accent.strength * pulse(t, onset: accent.time - 0.12, rise: 0.12, decay: 0.45)
        }
        return min(value, 0.7)
    }

    /// Elbow flex (degrees) of each arm from beat gestures on strong accents.
    func beats(at t: Double) -> (left: Double, right: Double) {
        var left = 0.0
        var right = 0.0
        for accent in accents where accent.strength >= 2.5 && abs(accent.time - t) < 1 {
            let beat = 8 * (accent.strength - 1.5) * pulse(t, onset: accent.time - 0.2, rise: 0.2, decay: 0.45)
            if accent.rightArm { right += beat } else { left += beat }
        }
        return (min(left, 25), min(right, 25))
    }

    /// Breath 0...1: an inhale peaking just before each phrase, and a slow 0.22 Hz cycle underneath.
    func breath(at t: Double) -> Double {
        var value = 0.25 + 0.25 * sin(2 * .pi * 0.22 * t + breathPhase)
        for start in phraseStarts where abs(start - t) < 1.5 {
            value += 0.5 * pulse(t, onset: start - 0.6, rise: 0.5, decay: 0.8)
        }
        return min(max(value, 0), 1)
    }
}
