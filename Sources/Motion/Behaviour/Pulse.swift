import Foundation

/// A smooth one-sided pulse: 0 before `onset`, rising to 1 at `onset + rise`, decaying back to 0 over
/// `decay` (eased, no kinks), used for nods, brow raises and beat gestures.
func pulse(_ t: Double, onset: Double, rise: Double, decay: Double) -> Double {
    if t <= onset || t >= onset + rise + decay { return 0 }
    if t < onset + rise { return smoothstep(onset, onset + rise, t) }
    return 1 - smoothstep(onset + rise, onset + rise + decay, t)
}

/// A sum of a few slow sinusoids with seeded frequencies and phases, normalized to about -1...1: idle
/// motion that never repeats within a clip.
struct IdleWave: Sendable {
    private let components: [(frequency: Double, phase: Double, weight: Double)]

    init(random: inout MotionRandom, frequencies: ClosedRange<Double>, count: Int = 3) {
        var components: [(Double, Double, Double)] = []
        for k in 0..<count {
            components.append((random.uniform(frequencies), random.uniform(0...(2 * .pi)), 1 / Double(k + 1)))
        }
        let total = components.reduce(0) { $0 + $1.2 }
        self.components = components.map { ($0.0, $0.1, $0.2 / total) }
    }

    func value(_ t: Double) -> Double {
        components.reduce(0) { $0 + $1.weight * sin(2 * .pi * $1.frequency * t + $1.phase) }
    }
}
