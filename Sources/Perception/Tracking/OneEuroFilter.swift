import Foundation
import Landmarks

/// The 1€ filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cutoff rises with the
/// signal's speed, so a still face stops jittering while a fast head turn is followed without lag.
public struct OneEuroFilter: Sendable {
    /// Cutoff (Hz) when the signal is still: lower removes more jitter.
    public var minimumCutoff: Double
    /// How fast the cutoff rises with speed: higher lags less on fast motion.
    public var speedCoefficient: Double
    /// Cutoff (Hz) of the speed estimate itself.
    public var derivativeCutoff: Double

    private var previous: (time: Double, value: Double, derivative: Double)?

    public init(minimumCutoff: Double = 1, speedCoefficient: Double = 0.05, derivativeCutoff: Double = 1) {
        self.minimumCutoff = minimumCutoff
        self.speedCoefficient = speedCoefficient
        self.derivativeCutoff = derivativeCutoff
    }

    /// Smoothing factor of a first-order low-pass filter with `cutoff` Hz over `interval` seconds.
    static func alpha(cutoff: Double, interval: Double) -> Double {
        let tau = 1 / (2 * .pi * cutoff)
        return 1 / (1 + tau / interval)
    }

    /// Filters `value` observed at `time` seconds; times must increase (a repeated or earlier
    /// time returns the last output unchanged).
    public mutating func filter(_ value: Double, at time: Double) -> Double {
        guard let last = previous else {
            previous = (time, value, 0)
            return value
        }
        let interval = time - last.time
        guard interval > 0 else { return last.value }
        let rawDerivative = (value - last.value) / interval
        let derivative =
            last.derivative + Self.alpha(cutoff: derivativeCutoff, interval: interval)
            * (rawDerivative - last.derivative)
        let cutoff = minimumCutoff + speedCoefficient * abs(derivative)
        let smoothed = last.value + Self.alpha(cutoff: cutoff, interval: interval) * (value - last.value)
        previous = (time, smoothed, derivative)
        return smoothed
    }

    /// Forgets the history (e.g. when the face is lost and found again elsewhere).
    public mutating func reset() { previous = nil }
}

/// One 1€ filter per coordinate of a landmark set, for tracking a face mesh through a video.
public struct LandmarkSmoother: Sendable {
    private var filters: [OneEuroFilter]
    private let prototype: OneEuroFilter

    public init(_ prototype: OneEuroFilter = OneEuroFilter()) {
        self.prototype = prototype
        filters = []
    }

    /// Smooths `points` observed at `time` seconds. A change in the number of points restarts.
    public mutating func smooth(_ points: [Point3D], at time: Double) -> [Point3D] {
        if filters.count != points.count * 3 { filters = Array(repeating: prototype, count: points.count * 3) }
        return points.enumerated().map { index, point in
            Point3D(
                x: Float(filters[3 * index].filter(Double(point.x), at: time)),
                y: Float(filters[3 * index + 1].filter(Double(point.y), at: time)),
                z: Float(filters[3 * index + 2].filter(Double(point.z), at: time)))
        }
    }
}
