import Foundation
import GPU
import Kernels

extension GPUDevice {
    /// A buffer holding `values` stored as `dataType`.
    public func tensor(_ values: [Float], as dataType: DataType = .float32) throws -> GPUBuffer {
        switch dataType {
        case .float32: try makeBuffer(values)
        case .float16: try makeBuffer(values.halves)
        }
    }

    /// An output buffer for `count` elements of `dataType`, every one NaN: an element the kernel never writes
    /// then fails the comparison, where a pooled or reused allocation could still hold a previous run's answer.
    /// `OutputGuard.elements` more NaNs follow the last element; `GPUTestCase` fails the test if a kernel wrote any.
    public func tensor(count: Int, as dataType: DataType = .float32) throws -> GPUBuffer {
        let total = count + OutputGuard.elements
        let buffer =
            switch dataType {
            case .float32: try makeBuffer([UInt32](repeating: OutputGuard.float32Pattern, count: total))
            case .float16: try makeBuffer([UInt16](repeating: OutputGuard.float16Pattern, count: total))
            }
        OutputGuard.watch(buffer, count: count, dataType: dataType)
        return buffer
    }
}

extension GPUDevice {
    /// A buffer of exactly `count` elements and nothing after them: for tests that a kernel rejects a buffer too
    /// small (the guard elements of `tensor(count:)` would make it big enough).
    public func tensor(exactly count: Int, as dataType: DataType = .float32) throws -> GPUBuffer {
        try makeBuffer(byteCount: count * dataType.byteSize)
    }
}

extension GPUBuffer {
    /// The first `count` elements, widened to Float.
    public func floats(_ count: Int, as dataType: DataType = .float32) throws -> [Float] {
        switch dataType {
        case .float32: try read(Float.self, count: count)
        case .float16: try read(Float16.self, count: count).map(Float.init)
        }
    }
}

/// Data types a test should cover on this device: fp32 always, fp16 where supported.
public func testedDataTypes(_ device: GPUDevice) -> [DataType] {
    device.features.storage16Bit ? [.float32, .float16] : [.float32]
}

/// The guard elements past the end of every output buffer `tensor(count:)` made: a kernel that writes a row, a vector
/// or a tile too far changes them, which no comparison of the first `count` elements would see.
public enum OutputGuard {
    /// Guard elements after each output (a vec4 store or a 16-wide tile row past the end lands in them).
    public static let elements = 64
    /// Quiet NaNs with a payload no arithmetic produces, so a kernel writing NaN there is caught too.
    static let float32Pattern: UInt32 = 0x7FC0_D00D
    static let float16Pattern: UInt16 = 0x7E5A

    private static let lock = NSLock()
    nonisolated(unsafe) private static var watched: [(buffer: GPUBuffer, count: Int, dataType: DataType)] = []

    static func watch(_ buffer: GPUBuffer, count: Int, dataType: DataType) {
        lock.lock()
        defer { lock.unlock() }
        watched.append((buffer, count, dataType))
    }

    /// One line for every watched buffer whose guard changed (or could not be read), then forgets them all.
    public static func violations() -> [String] {
        lock.lock()
        let buffers = watched
        watched = []
        lock.unlock()
        return buffers.compactMap { violation($0.buffer, count: $0.count, dataType: $0.dataType) }
    }

    /// What changed in the guard of `buffer`, an output `tensor(count:)` made, or nil while it is intact; the buffer
    /// is no longer watched, so a check that names the run that wrote it is not repeated when the test ends.
    public static func check(_ buffer: GPUBuffer) -> String? {
        lock.lock()
        let index = watched.firstIndex { $0.buffer === buffer }
        let entry = index.map { watched.remove(at: $0) }
        lock.unlock()
        guard let entry else { return "the output was not made by tensor(count:), so it has no guard to check" }
        return violation(entry.buffer, count: entry.count, dataType: entry.dataType)
    }

    private static func violation(_ buffer: GPUBuffer, count: Int, dataType: DataType) -> String? {
        let changed: Int
        do {
            switch dataType {
            case .float32:
                changed = try buffer.read(UInt32.self, count: elements, at: count * 4).count { $0 != float32Pattern }
            case .float16:
                changed = try buffer.read(UInt16.self, count: elements, at: count * 2).count { $0 != float16Pattern }
            }
        } catch {
            return "the guard after an output of \(count) \(dataType) elements could not be read: \(error)"
        }
        guard changed > 0 else { return nil }
        return "a kernel wrote \(changed) of the \(elements) guard elements after an output of \(count) \(dataType)"
            + " elements"
    }
}
