import Body
import Foundation

/// Stage 1's default generator: phonemes and prosody -> a seeded track of per-frame controls. The mouth
/// follows the phonemes (coarticulated visemes, closed on every bilabial, at rest in silence); head, brows,
/// gestures and breathing follow the prosody; blinks and gaze follow their own seeded schedules, drawn to
/// pauses. Deterministic: same inputs and options -> the same track, bit for bit.
public enum MotionGenerator {
    /// - Parameters:
    ///   - phonemes: the timeline (any gaps are silence), seconds.
    ///   - energy, pitch: RMS and F0 (Hz, 0 unvoiced) per 10 ms frame of the audio (Media's `Prosody`).
    ///   - duration: seconds of audio; the track has `ceil(duration * fps)` frames.
    ///   - phonemeSource: recorded in the track ("text", "recognition", "alignment", "acoustic").
    public static func generate(
        phonemes: [TimedPhoneme], energy: [Float], pitch: [Float], duration: Double,
        phonemeSource: String, options: MotionOptions
    ) -> MotionTrack {
        let fps = options.fps
        let timeline = PhonemeTimeline.normalized(phonemes, duration: duration)
        let activity = SpeechActivity(energy: energy, pitch: pitch, duration: duration)
        let frameCount = max(1, Int((duration * fps).rounded(.up)))
        let mouth = MouthTrack(phonemes: timeline, activity: activity, fps: fps).frames(count: frameCount)
        let head = HeadMotion(activity: activity, seed: options.seed)
        let blinks = Blinks(activity: activity, seed: options.seed)
        let gaze = Gaze(activity: activity, seed: options.seed)
        let emphasis = Emphasis(activity: activity, seed: options.seed)

        var frames: [Controls] = []
        frames.reserveCapacity(frameCount)
        for i in 0..<frameCount {
            let t = Double(i) / fps
            var c = Controls()
            let m = mouth[i]
            c.jawOpen = m[0]
            c.lipPress = m[1]
            c.lipsFunnel = m[2]
            c.lipsPucker = m[3]
            c.smile = m[4]
            c.upperLipRaise = m[5]
            c.lowerLipDown = m[6]

            let blink = Float(blinks.closure(at: t))
            c.blinkLeft = blink
            c.blinkRight = blink
            let direction = gaze.direction(at: t)
            c.gazeX = Float(direction.x)
            c.gazeY = Float(direction.y)
            c.browRaise = Float(options.expressiveness * emphasis.brows(at: t))

            let pose = head.pose(at: t)
            c.headYaw = Float(options.headMotion * pose.yaw)
            c.headPitch = Float(options.headMotion * pose.pitch)
            c.headRoll = Float(options.headMotion * pose.roll)
            c.headX = Float(options.headMotion * pose.x)
            c.headY = Float(options.headMotion * pose.y)

            let breath = emphasis.breath(at: t)
            c.breath = Float(breath)
            c.shoulderShrug = Float(0.02 * breath)
            if options.gestures {
                let beats = emphasis.beats(at: t)
                c.leftElbowFlex = Float(options.expressiveness * beats.left)
                c.rightElbowFlex = Float(options.expressiveness * beats.right)
            }
            for override in options.overrides { override.apply(to: &c, at: t, expressiveness: options.expressiveness) }
            frames.append(c)
        }
        return MotionTrack(
            fps: fps, duration: duration, seed: options.seed, phonemeSource: phonemeSource,
            phonemes: timeline, frames: ControlLimits.limited(frames, fps: fps))
    }
}
