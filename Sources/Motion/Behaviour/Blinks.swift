/// Spontaneous blinks: about 17 a minute (intervals 2.4-5.2 s), 120-350 ms each with a fast close and a
/// slower opening, pulled to the start of a nearby pause (people blink at phrase boundaries), and now and
/// then a double blink.
struct Blinks {
    struct Blink: Sendable {
        var start: Double
        var duration: Double
    }

    static let interval = 2.4...5.2
    static let durationRange = 0.12...0.35
    static let doubleBlinkChance = 0.12
    /// A pause starting this close to a scheduled blink takes it.
    static let pauseAttraction = 0.8

    let blinks: [Blink]

    init(activity: SpeechActivity, seed: UInt64) {
        var random = MotionRandom(seed: seed, stream: "blinks")
        var blinks: [Blink] = []
        var t = random.uniform(0.4...2.4)
        while t < activity.duration {
            var start = t
            if let pause = activity.pauses.first(where: { abs($0.lowerBound - t) < Self.pauseAttraction }) {
                start = max(pause.lowerBound + 0.05, (blinks.last.map { $0.start + $0.duration + 0.3 } ?? 0))
            }
            // Short blinks are more common: the square of a uniform draw skews toward the low end.
            let u = random.unit()
            let duration =
                Self.durationRange.lowerBound + u * u * (Self.durationRange.upperBound - Self.durationRange.lowerBound)
            blinks.append(Blink(start: start, duration: duration))
            if random.chance(Self.doubleBlinkChance) {
                blinks.append(Blink(start: start + duration + 0.08, duration: Self.durationRange.lowerBound + 0.03))
            }
            t = (blinks.last.map { $0.start + $0.duration } ?? t) + random.uniform(Self.interval)
        }
        self.blinks = blinks.filter { $0.start < activity.duration }
    }

    /// Lid closure 0...1 at `t`: closes over the first 35% of the blink, held closed for 10%, opens over the rest.
    func closure(at t: Double) -> Double {
        var value = 0.0
        for blink in blinks where t >= blink.start && t <= blink.start + blink.duration {
            let phase = (t - blink.start) / blink.duration
            let v = phase < 0.35 ? smoothstep(0, 0.35, phase) : phase < 0.45 ? 1 : 1 - smoothstep(0.45, 1, phase)
            value = max(value, v)
        }
        return value
    }
}

/// Gaze: holds the camera with small saccades to nearby fixations every 0.8-3 s, sometimes a longer glance
/// away (up and to a side, "thinking") during a pause, always back to the camera. Saccades take 50 ms.
struct Gaze {
    struct Fixation: Sendable {
        var start: Double
        var x: Double
        var y: Double
    }
    static let saccade = 0.05

    let fixations: [Fixation]

    init(activity: SpeechActivity, seed: UInt64) {
        var random = MotionRandom(seed: seed, stream: "gaze")
        var fixations = [Fixation(start: 0, x: 0, y: 0)]
        var t = random.uniform(0.8...3)
        while t < activity.duration {
            let inPause = activity.pauses.contains { $0.contains(t) }
            if inPause && random.chance(0.3) {
                fixations.append(Fixation(start: t, x: 0.5 * random.sign(), y: -0.3))
                t += random.uniform(0.5...1.0)
                fixations.append(Fixation(start: t, x: 0, y: 0))
            } else if random.chance(0.45) {
                fixations.append(Fixation(start: t, x: 0, y: 0))
            } else {
                fixations.append(Fixation(start: t, x: random.uniform(-0.25...0.25), y: random.uniform(-0.15...0.15)))
            }
            t += random.uniform(0.8...3)
        }
        self.fixations = fixations
    }

    /// (x, y) at `t`, eased over each saccade.
    func direction(at t: Double) -> (x: Double, y: Double) {
        var index = 0
        while index + 1 < fixations.count && fixations[index + 1].start <= t { index += 1 }
        let current = fixations[index]
        guard index > 0 else { return (current.x, current.y) }
        let previous = fixations[index - 1]
        let s = smoothstep(current.start, current.start + Self.saccade, t)
        return (previous.x + (current.x - previous.x) * s, previous.y + (current.y - previous.y) * s)
    }
}
