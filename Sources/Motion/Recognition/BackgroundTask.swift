import Foundation

/// Work started on its own thread now and joined later: two pocketsphinx decoders searching the same
/// audio at once use both cores of a small machine (each decoder is used by one thread at a time).
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, RecognitionError>?

    init(_ work: @escaping @Sendable () throws(RecognitionError) -> Value) {
        let thread = Thread { [self] in
            do throws(RecognitionError) {
                result = .success(try work())
            } catch {
                result = .failure(error)
            }
            done.signal()
        }
        // pocketsphinx keeps its search state on the heap; the default secondary-thread stack is plenty,
        // but match the main thread's so no search depth depends on which thread ran it.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the work to finish and returns what it returned or threw.
    func value() throws(RecognitionError) -> Value {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("the background task signalled before storing its result") }
        return try result.get()
    }
}
