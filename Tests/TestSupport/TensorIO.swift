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
    public func tensor(count: Int, as dataType: DataType = .float32) throws -> GPUBuffer {
        switch dataType {
        case .float32: try makeBuffer([Float](repeating: .nan, count: count))
        case .float16: try makeBuffer([Float16](repeating: .nan, count: count))
        }
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
