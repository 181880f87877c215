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

    /// An uninitialized buffer for `count` elements of `dataType`.
    public func tensor(count: Int, as dataType: DataType = .float32) throws -> GPUBuffer {
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
