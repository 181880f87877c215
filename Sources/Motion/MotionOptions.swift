import Body

/// How a motion track is generated: the knobs of `vlogger-gpu motion` and `render`.
public struct MotionOptions: Sendable, Hashable {
    public var fps: Double = 25
    /// Draws the idle motion, blinks, saccades and gesture sides; same inputs + seed -> the same track.
    public var seed: UInt64 = 0
    /// Scales head rotation and translation (0 holds the head still, 1 natural, 2 lively).
    public var headMotion: Double = 1
    /// Scales brows, the expression baseline and beat gestures (0...2).
    public var expressiveness: Double = 1
    /// Beat gestures of the arms on stressed syllables (where the photo shows the arms).
    public var gestures = true
    /// Changes applied over the whole clip or a time range, in order.
    public var overrides: [ControlOverride] = []

    public init() {}
}

/// A requested change of the generated controls over a time range (the whole clip when `range` is nil).
public struct ControlOverride: Sendable, Hashable {
    public enum Change: Sendable, Hashable {
        case eyesClosed
        case mouthClosed
        case expression(Expression)
    }

    public var change: Change
    public var range: ClosedRange<Double>?

    public init(_ change: Change, range: ClosedRange<Double>? = nil) {
        self.change = change
        self.range = range
    }

    /// Eased in and out over this long at the range's edges, so nothing jumps.
    static let ramp = 0.15

    /// Moves `c` toward the change by its weight at `t` (full inside the range, eased at its edges).
    public func apply(to c: inout Controls, at t: Double, expressiveness: Double = 1) {
        let w = Float(weight(at: t))
        guard w > 0 else { return }
        func toward(_ key: WritableKeyPath<Controls, Float>, _ value: Float) {
            c[keyPath: key] += (value - c[keyPath: key]) * w
        }
        switch change {
        case .eyesClosed:
            toward(\.blinkLeft, 1)
            toward(\.blinkRight, 1)
        case .mouthClosed:
            toward(\.jawOpen, 0)
            toward(\.lipsFunnel, 0)
            toward(\.lipsPucker, 0)
            toward(\.lowerLipDown, 0)
            toward(\.upperLipRaise, 0)
            toward(\.lipPress, 1)
        case .expression(.smile):
            toward(\.smile, max(c.smile, Float(min(1, 0.7 * expressiveness))))
        case .expression(.serious):
            toward(\.smile, 0)
            toward(\.browDown, Float(0.3 * expressiveness))
            toward(\.browRaise, c.browRaise * 0.3)
        case .expression(.neutral):
            break
        }
    }

    /// 0...1: how much the override applies at `t`.
    public func weight(at t: Double) -> Double {
        guard let range else { return 1 }
        return smoothstep(range.lowerBound - Self.ramp, range.lowerBound, t)
            * (1 - smoothstep(range.upperBound, range.upperBound + Self.ramp, t))
    }
}

/// A facial expression held under the speech.
public enum Expression: String, Sendable, Hashable, CaseIterable {
    case neutral, smile, serious
}
