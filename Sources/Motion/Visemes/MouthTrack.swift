import Foundation

/// The mouth controls over time from a phoneme timeline: dominance-weighted blending of viseme targets
/// (Cohen & Massaro's coarticulation model), loudness scaling of the opening, closure forced inside every
/// bilabial, and rest in silence.
struct MouthTrack {
    /// How far a phoneme's dominance reaches before its start (anticipation) and after its end (carry-over),
    /// as exponential time constants in seconds, for the opening and the rounding group. Lip rounding is
    /// anticipated longest (~100 ms: the lips round during the consonants before "oo").
    static let opening = (anticipation: 0.03, carryover: 0.04)
    static let rounding = (anticipation: 0.10, carryover: 0.06)
    /// Phonemes farther than this from a frame are ignored (their dominance is below e^-6 there).
    static let reach = 0.6
    /// Closure envelope around a bilabial: fully closed over the phoneme (and at least the frame nearest its
    /// centre), easing in and out over this long.
    static let closureRamp = 0.05
    /// How much of the jaw follows the syllable loudness directly rather than the phonemes' openness scaled by it.
    /// Set on synthetic speech (eSpeak, flite slt and rms), where the jaw's correlation with the sound's envelope
    /// inside speech rises with it (0 -> 0.4: 0.53 -> 0.70, 0.38 -> 0.43, 0.30 -> 0.44) and levels off past ~0.5,
    /// while the vowels' own openness still shapes the mouth.
    static let loudnessShare: Float = 0.4

    let phonemes: [TimedPhoneme]
    let activity: SpeechActivity
    let fps: Double

    /// Frame values: jawOpen, lipPress, lipsFunnel, lipsPucker, smile (spread), upperLipRaise, lowerLipDown.
    func frames(count: Int) -> [[Float]] {
        let bilabials = phonemes.filter(\.phoneme.isBilabial)
        var result: [[Float]] = []
        result.reserveCapacity(count)
        var first = 0
        var firstBilabial = 0
        for frame in 0..<count {
            let t = Double(frame) / fps
            while first < phonemes.count && phonemes[first].end < t - Self.reach { first += 1 }
            var sums = [Float](repeating: 0, count: VisemeTarget.channelCount)
            var weights = [Float](repeating: 0, count: VisemeTarget.channelCount)
            var index = first
            while index < phonemes.count && phonemes[index].start <= t + Self.reach {
                let p = phonemes[index]
                index += 1
                let target = p.phoneme.visemeTarget
                let values = target.values
                for group in [false, true] {
                    var dominance = dominanceShape(p, at: t, rounding: group)
                    dominance *= group ? target.roundingDominance : target.openingDominance
                    if p.phoneme == .SIL { dominance *= restBoost(p, at: t) }
                    for c in 0..<VisemeTarget.channelCount where VisemeTarget.isRounding[c] == group {
                        sums[c] += dominance * values[c]
                        weights[c] += dominance
                    }
                }
            }
            var values = (0..<VisemeTarget.channelCount).map { weights[$0] > 0 ? sums[$0] / weights[$0] : 0 }
            // The jaw follows the syllables' loudness: widest on a syllable's loud nucleus, less where the sound
            // falls between syllables; louder speech overall opens wider, quiet speech and silence barely.
            let overall = min(max(0.55 + 0.5 * activity.level(at: t), 0.55), 1.05)
            // (In a pause everything is as loud as its loudest moment, so the direct share also scales with the level.)
            let loudness = activity.syllableLoudness(at: t)
            let level = activity.level(at: t)
            values[0] =
                overall
                * ((1 - Self.loudnessShare) * values[0] * (0.2 + loudness) + Self.loudnessShare * 0.6 * loudness * level)
            // Bilabials close the lips: pressed together, jaw nearly shut.
            while firstBilabial < bilabials.count && bilabials[firstBilabial].end < t - Self.reach {
                firstBilabial += 1
            }
            let closure = closureEnvelope(bilabials[firstBilabial...], at: t)
            if closure > 0 {
                values[1] = max(values[1], closure)
                values[0] = values[0] * (1 - closure) + 0.03 * closure
            }
            result.append(values)
        }
        return result
    }

    /// 1 inside the phoneme, exponential decay outside.
    private func dominanceShape(_ p: TimedPhoneme, at t: Double, rounding: Bool) -> Float {
        let constants = rounding ? Self.rounding : Self.opening
        if t < p.start { return Float(exp(-(p.start - t) / constants.anticipation)) }
        if t > p.end { return Float(exp(-(t - p.end) / constants.carryover)) }
        return 1
    }

    /// Deep inside a silence the rest pose dominates more and more, so a pause of 300 ms or more comes to
    /// rest whatever was said around it.
    private func restBoost(_ p: TimedPhoneme, at t: Double) -> Float {
        guard t >= p.start && t <= p.end else { return 1 }
        let inside = min(t - p.start, p.end - t)
        return 1 + 12 * Float(smoothstep(0.03, 0.12, inside))
    }

    private func closureEnvelope(_ bilabials: ArraySlice<TimedPhoneme>, at t: Double) -> Float {
        var envelope: Double = 0
        let halfFrame = 0.5 / fps
        for p in bilabials {
            if p.start - Self.closureRamp - halfFrame > t { break }
            guard t <= p.end + Self.closureRamp + halfFrame else { continue }
            let centre = (p.start + p.end) / 2
            let plateau = (min(p.start, centre - halfFrame), max(p.end, centre + halfFrame))
            let value: Double
            if t < plateau.0 {
                value = smoothstep(plateau.0 - Self.closureRamp, plateau.0, t)
            } else if t > plateau.1 {
                value = 1 - smoothstep(plateau.1, plateau.1 + Self.closureRamp, t)
            } else {
                value = 1
            }
            envelope = max(envelope, value)
        }
        return Float(envelope)
    }
}

func smoothstep(_ edge0: Double, _ edge1: Double, _ x: Double) -> Double {
    let t = min(max((x - edge0) / (edge1 - edge0), 0), 1)
    return t * t * (3 - 2 * t)
}
