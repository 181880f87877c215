import Foundation
import Pipeline

/// Progress on stderr: one updating line on a terminal, a plain line per stage and every 10% otherwise.
final class ProgressDisplay {
    private let enabled: Bool
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastStage: RenderProgress.Stage?
    private var lastDecile = -1

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: RenderProgress) {
        if let notice = p.notice {
            // Notices are shown with --quiet too: they say how the output was made.
            FileHandle.standardError.write(
                Data(((terminal && enabled ? "\r\u{1B}[K" : "") + "warning: " + notice + "\n").utf8))
            return
        }
        guard enabled else { return }
        var line = p.stage.rawValue
        if p.stage == .rendering {
            line += String(
                format: " %d/%d frames (%d%%) %.1f fps", p.framesDone, p.frameCount,
                100 * p.framesDone / max(p.frameCount, 1),
                p.framesPerSecond)
            if let left = p.secondsLeft { line += String(format: " ETA %d:%02d", Int(left) / 60, Int(left) % 60) }
        }
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            let decile = p.stage == .rendering ? 10 * p.framesDone / max(p.frameCount, 1) : -1
            guard p.stage != lastStage || decile != lastDecile else { return }
            lastStage = p.stage
            lastDecile = decile
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func done() {
        if enabled && terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
