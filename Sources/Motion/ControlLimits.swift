import Body

/// How fast each control can physically change, per second: the jaw opens fully in about 80 ms, the lips
/// close in 50 ms (peak lip and jaw speeds of 100-200 mm/s over 10-15 mm of travel), lids close in about 60 ms, saccades are fast, the head turns at most 150 degrees a second. The generator
/// limits its output to these, and tests check every track against them.
public enum ControlLimits {
    /// Limit per control name (`Controls.fields`).
    static let limitsByName: [String: Float] = [
        "jawOpen": 12, "lipPress": 20, "lipsFunnel": 8, "lipsPucker": 8, "smile": 5, "upperLipRaise": 8,
        "lowerLipDown": 8,
        "cheekPuff": 4, "blinkLeft": 16, "blinkRight": 16, "squint": 4, "browRaise": 6, "browDown": 6, "gazeX": 20,
        "gazeY": 20,
        "headYaw": 150, "headPitch": 150, "headRoll": 150, "headX": 20, "headY": 20, "headZ": 20,
        "shoulderShrug": 2, "torsoRoll": 30, "breath": 3, "leftArmRaise": 200, "rightArmRaise": 200,
        "leftElbowFlex": 300, "rightElbowFlex": 300,
    ]

    /// Every control with its limit per second.
    public static var perSecond: [(name: String, key: WritableKeyPath<Controls, Float>, limit: Float)] {
        Controls.fields.map { ($0.name, $0.key, limitsByName[$0.name] ?? .infinity) }
    }

    /// Each control moved toward its target by at most its limit per frame, in frame order.
    static func limited(_ frames: [Controls], fps: Double) -> [Controls] {
        guard var previous = frames.first else { return [] }
        let limits = perSecond
        var result = [previous]
        result.reserveCapacity(frames.count)
        for frame in frames.dropFirst() {
            var next = frame
            for (_, key, limit) in limits {
                let step = limit / Float(fps)
                next[keyPath: key] = min(
                    max(frame[keyPath: key], previous[keyPath: key] - step), previous[keyPath: key] + step)
            }
            result.append(next)
            previous = next
        }
        return result
    }
}
