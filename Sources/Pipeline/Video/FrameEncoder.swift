import Dispatch
import Foundation
import Media

/// Encodes frames on a serial queue while the caller renders the next one, keeping at most two frames in
/// flight (so memory stays constant). The writer is touched only on the queue; the first error stops it
/// and is rethrown by the next `submit` or by `finish`.
final class FrameEncoder: @unchecked Sendable {
    private let writer: MP4Writer
    private let queue = DispatchQueue(label: "vlogger-gpu.encode")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var failure: MediaError?
    private var seconds = 0.0

    init(writer: MP4Writer) { self.writer = writer }

    private var currentFailure: MediaError? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    /// Queues a frame; `time` places it when the writer keeps the source's frame times.
    func submit(_ pixels: [UInt8], at time: MP4Writer.FrameTime? = nil) throws(MediaError) {
        if let failure = currentFailure { throw failure }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard currentFailure == nil else { return }
            let start = DispatchTime.now().uptimeNanoseconds
            do throws(MediaError) {
                try writer.append(pixels, layout: .rgb, at: time)
            } catch {
                lock.lock()
                failure = error
                lock.unlock()
            }
            lock.lock()
            seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.unlock()
        }
    }

    /// Waits for the queued frames, finishes the file (temporary name renamed into place) and returns the
    /// seconds spent encoding.
    func finish() throws(MediaError) -> Double {
        queue.sync {}
        if let failure = currentFailure {
            writer.cancel()
            throw failure
        }
        let start = DispatchTime.now().uptimeNanoseconds
        try writer.finish()
        lock.lock()
        defer { lock.unlock() }
        return seconds + Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Drops the partial file.
    func cancel() {
        queue.sync {}
        writer.cancel()
    }
}
