import Body

/// How fast each control can physically change, per second: the jaw opens fully in about 80 ms, the lips
/// close in 50 ms (peak lip and jaw speeds of 100-200 mm/s over 10-15 mm of travel), lids close in about 60 ms, saccades are fast, the head turns at most 150 degrees a second. The generator
/// limits its output to these, and tests check every track against them.
public enum ControlLimits {
    public static var perSecond: [(name: String, key: WritableKeyPath<Controls, Float>, limit: Float)] { [
        ("jawOpen", \.jawOpen, 12), ("lipPress", \.lipPress, 20), ("lipsFunnel", \.lipsFunnel, 8), ("lipsPucker", \.lipsPucker, 8),
        ("smile", \.smile, 5), ("upperLipRaise", \.upperLipRaise, 8), ("lowerLipDown", \.lowerLipDown, 8), ("cheekPuff", \.cheekPuff, 4),
        ("blinkLeft", \.blinkLeft, 16), ("blinkRight", \.blinkRight, 16), ("squint", \.squint, 4),
        ("browRaise", \.browRaise, 6), ("browDown", \.browDown, 6), ("gazeX", \.gazeX, 20), ("gazeY", \.gazeY, 20),
        ("headYaw", \.headYaw, 150), ("headPitch", \.headPitch, 150), ("headRoll", \.headRoll, 150),
        ("headX", \.headX, 20), ("headY", \.headY, 20), ("headZ", \.headZ, 20),
        ("shoulderShrug", \.shoulderShrug, 2), ("torsoRoll", \.torsoRoll, 30), ("breath", \.breath, 3),
        ("leftArmRaise", \.leftArmRaise, 200), ("rightArmRaise", \.rightArmRaise, 200),
        ("leftElbowFlex", \.leftElbowFlex, 300), ("rightElbowFlex", \.rightElbowFlex, 300),
    ] }

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
                next[keyPath: key] = min(max(frame[keyPath: key], previous[keyPath: key] - step), previous[keyPath: key] + step)
            }
            result.append(next)
            previous = next
        }
        return result
    }
}
