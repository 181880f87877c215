import ArgumentParser
import Motion

/// The motion generator's knobs as command-line options (`motion`, `render`, `profile render`).
struct MotionOptionsGroup: ParsableArguments {
    @Option(help: "Frames per second of the track.") var fps: Double = 25
    @Option(help: "Seed for the idle motion, blinks, saccades and gestures; the same seed repeats the same motion.")
    var seed: UInt64 = 0
    @Option(help: "Head motion amplitude: 0 still, 1 natural, 2 lively.") var headMotion: Double = 1
    @Option(help: "Brows, expression and gesture amplitude, 0...2.") var expressiveness: Double = 1
    @Option(help: "Beat gestures of the arms on stressed syllables.") var gestures: Switch = .on
    @Option(help: "'closed' or 'closed:FROM-TO' (seconds): close the eyes over the clip or a range.") var eyes: String?
    @Option(help: "'closed' or 'closed:FROM-TO' (seconds): keep the mouth closed over the clip or a range.") var mouth:
        String?
    @Option(help: "neutral, smile or serious, optionally ':FROM-TO' (seconds).") var expression: String?

    func validate() throws {
        guard (1...120).contains(fps) else { throw ValidationError("--fps must be between 1 and 120, got \(fps).") }
        guard (0...3).contains(headMotion) else {
            throw ValidationError("--head-motion must be between 0 and 3, got \(headMotion).")
        }
        guard (0...2).contains(expressiveness) else {
            throw ValidationError("--expressiveness must be between 0 and 2, got \(expressiveness).")
        }
        _ = try overrides()
    }

    /// "VALUE" or "VALUE:FROM-TO".
    private func parse(_ text: String, option: String, values: [String]) throws -> (String, ClosedRange<Double>?) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let value = parts.first, values.contains(value) else {
            throw ValidationError(
                "\(option) takes \(values.joined(separator: ", ")) (optionally :FROM-TO), got '\(text)'.")
        }
        guard parts.count == 2 else { return (value, nil) }
        let bounds = parts[1].split(separator: "-").compactMap { Double($0) }
        guard bounds.count == 2, bounds[0] >= 0, bounds[1] > bounds[0] else {
            throw ValidationError("\(option) range must be FROM-TO in seconds with FROM < TO, got '\(parts[1])'.")
        }
        return (value, bounds[0]...bounds[1])
    }

    func overrides() throws -> [ControlOverride] {
        var result: [ControlOverride] = []
        if let eyes {
            let (_, range) = try parse(eyes, option: "--eyes", values: ["closed"])
            result.append(ControlOverride(.eyesClosed, range: range))
        }
        if let mouth {
            let (_, range) = try parse(mouth, option: "--mouth", values: ["closed"])
            result.append(ControlOverride(.mouthClosed, range: range))
        }
        if let expression {
            let (value, range) = try parse(
                expression, option: "--expression", values: Expression.allCases.map(\.rawValue))
            if let kind = Expression(rawValue: value) {
                result.append(ControlOverride(.expression(kind), range: range))
            }
        }
        return result
    }

    func options() throws -> MotionOptions {
        var options = MotionOptions()
        options.fps = fps
        options.seed = seed
        options.headMotion = headMotion
        options.expressiveness = expressiveness
        options.gestures = gestures == .on
        options.overrides = try overrides()
        return options
    }
}

/// An option that is on or off (`--gestures off`).
enum Switch: String, CaseIterable, ExpressibleByArgument {
    case on, off
}
