import GPU
import Kernels
import TestSupport

extension GPUDevice {
    /// An output tensor filled with NaN, so an element a kernel never writes fails the comparison
    /// instead of passing on whatever a reused allocation held.
    func nanFilledTensor(count: Int, as dataType: DataType = .float32) throws -> GPUBuffer {
        try tensor([Float](repeating: .nan, count: count), as: dataType)
    }
}
