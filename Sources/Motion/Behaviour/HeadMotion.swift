/// Head rotation and small translation: seeded idle motion that grows while speaking, a nod and a tilt on
/// each pitch accent, and a settling nod where a phrase ends. Degrees and world units (cm), before the
/// `headMotion` amplitude knob. Sized so a speaker's head turns with a standard deviation of 2-3 degrees on
/// yaw and pitch (people talking move the head a few degrees, most on stressed syllables: Hadar et al. 1983);
/// at half these amplitudes the heads read as nearly still (yaw std 1.2, pitch 0.9, roll 0.65 on LibriVox).
struct HeadMotion {
    static let idleAmplitude = (yaw: 5.0, pitch: 4.0, roll: 2.2, x: 0.3, y: 0.2)
    static let accentNod = 4.5 // degrees of pitch per unit accent strength (capped)
    static let accentTurn = 2.0 // degrees of yaw and roll per unit strength, seeded direction
    static let phraseEndNod = 2.5

    private let yaw: IdleWave, pitch: IdleWave, roll: IdleWave, x: IdleWave, y: IdleWave
    private let accents: [(time: Double, strength: Double, yawSign: Double, rollSign: Double)]
    private let phraseEnds: [Double]
    private let activity: SpeechActivity

    init(activity: SpeechActivity, seed: UInt64) {
        var random = MotionRandom(seed: seed, stream: "head")
        yaw = IdleWave(random: &random, frequencies: 0.06...0.3)
        pitch = IdleWave(random: &random, frequencies: 0.08...0.35)
        roll = IdleWave(random: &random, frequencies: 0.05...0.25)
        x = IdleWave(random: &random, frequencies: 0.05...0.2)
        y = IdleWave(random: &random, frequencies: 0.05...0.2)
        accents = activity.accents.map { ($0.time, min($0.strength, 4), random.sign(), random.sign()) }
        phraseEnds = activity.pauses.filter { $0.upperBound - $0.lowerBound >= 0.4 && $0.lowerBound > 0.3 }.map(
            \.lowerBound)
        self.activity = activity
    }

    /// (yaw, pitch, roll, x, y) at `t`.
    func pose(at t: Double) -> (yaw: Double, pitch: Double, roll: Double, x: Double, y: Double) {
        // Livelier while speaking: the idle amplitude follows the loudness of the last second or so.
        let energy = 0.6 + 0.6 * Double(activity.level(at: t - 0.3))
        let a = Self.idleAmplitude
        var pose = (
            yaw: a.yaw * energy * yaw.value(t), pitch: a.pitch * energy * pitch.value(t),
            roll: a.roll * energy * roll.value(t),
            x: a.x * x.value(t), y: a.y * y.value(t)
        )
        for accent in accents where abs(accent.time - t) < 1 {
            let nod = pulse(t, onset: accent.time - 0.08, rise: 0.14, decay: 0.4)
            pose.pitch += Self.accentNod * accent.strength * 0.5 * nod
            pose.yaw +=
                Self.accentTurn * accent.strength * 0.5 * accent.yawSign
                * pulse(t, onset: accent.time - 0.1, rise: 0.25, decay: 0.6)
            pose.roll +=
                Self.accentTurn * accent.strength * 0.4 * accent.rollSign
                * pulse(t, onset: accent.time - 0.1, rise: 0.25, decay: 0.6)
        }
        for end in phraseEnds where abs(end - t) < 1.2 {
            pose.pitch += Self.phraseEndNod * pulse(t, onset: end - 0.15, rise: 0.2, decay: 0.7)
        }
        return pose
    }
}
