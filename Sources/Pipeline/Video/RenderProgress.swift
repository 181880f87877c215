import Foundation

/// Where a long command is, for the progress display: the stage, frames done of the total, and speed.
public struct RenderProgress: Sendable {
    public enum Stage: String, Sendable { case perception, motion, rendering, finishing }

    public var stage: Stage
    public var framesDone: Int
    public var frameCount: Int
    /// Frames per second over the frames done so far.
    public var framesPerSecond: Double
    /// Something the user should know now (how the lips were found, a transcript that does not match), one sentence.
    public var notice: String?

    /// Seconds left at the current speed, when it is known.
    public var secondsLeft: Double? {
        guard stage == .rendering, framesPerSecond > 0, frameCount > framesDone else { return nil }
        return Double(frameCount - framesDone) / framesPerSecond
    }
}
