import Dispatch
import Foundation

/// Removes the temporary files of unfinished MP4 outputs when the process is interrupted
/// (Ctrl-C, SIGTERM, a closed terminal's SIGHUP, SIGQUIT), so no partial output is left behind. The handlers
/// run on a dispatch queue, not in signal context, so they may take locks and unlink files safely.
public enum InterruptCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pending: Set<String> = []
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Installs the handlers (once): on SIGINT, SIGTERM, SIGHUP or SIGQUIT pending temporary files are removed
    /// and the process exits with 128 + the signal number (130 for Ctrl-C), as a shell would report. SIGPIPE is
    /// ignored: progress written to a pipe whose reader left (`2>&1 | head`) fails quietly and the work still
    /// finishes its file, instead of the process dying with the temporary file in place.
    public static func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(number, SIG_IGN) // delivered to the dispatch source instead of killing the process
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                removePending()
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Temporary files that would be removed now.
    public static var pendingOutputs: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return pending
    }

    static func register(_ path: String) {
        lock.lock()
        pending.insert(path)
        lock.unlock()
    }

    static func unregister(_ path: String) {
        lock.lock()
        pending.remove(path)
        lock.unlock()
    }

    private static func removePending() {
        lock.lock()
        defer { lock.unlock() }
        for path in pending { unlink(path) }
        pending.removeAll()
    }
}
