import GPU
import ShaderLibrary

/// Element type of a tensor in a storage buffer. Arithmetic is always fp32 in the shaders;
/// fp16 only halves memory traffic and needs the device's 16-bit storage feature.
public enum DataType: Sendable, Hashable, CustomStringConvertible {
    case float32, float16

    public var byteSize: Int { self == .float32 ? 4 : 2 }
    public var description: String { self == .float32 ? "fp32" : "fp16" }
}

extension GPUDevice {
    /// The pipeline for an embedded shader, in the variant for `dataType`.
    func kernelPipeline(_ shader: String, dataType: DataType = .float32, specialization: [SpecializationValue] = [],
                        bindings: Int, pushConstantBytes: Int) throws(GPUError) -> ComputePipeline {
        let name: String
        switch dataType {
        case .float32:
            name = shader
        case .float16:
            guard features.storage16Bit else {
                throw .unsupported("fp16 tensors need 16-bit storage buffers, which \(info.name) lacks; use fp32")
            }
            name = shader + ".fp16"
        }
        guard let words = ShaderLibrary.spirv(named: name) else { throw .shaderMissing(name) }
        return try pipeline(ShaderSource(name: name, words: words), specialization: specialization,
                            bindings: bindings, pushConstantBytes: pushConstantBytes)
    }
}

/// Throws `invalidArgument` with `message` unless `condition` holds.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(GPUError) {
    if !condition { throw .invalidArgument(message()) }
}

/// Number of workgroups of `size` needed to cover `count` items.
@inline(__always)
func groups(_ count: Int, _ size: Int) -> Int { (count + size - 1) / size }

/// Checks that `buffer` holds at least `count` elements of `dataType`.
func requireCapacity(_ buffer: GPUBuffer, _ count: Int, _ dataType: DataType, _ what: String) throws(GPUError) {
    try require(buffer.byteCount >= count * dataType.byteSize,
                "\(what) needs \(count) \(dataType) elements but its buffer holds \(buffer.byteCount) bytes")
}

/// Checks that `buffer` holds at least `byteCount` bytes (for buffers of mixed or non-float contents).
func requireBytes(_ buffer: GPUBuffer, _ byteCount: Int, _ what: String) throws(GPUError) {
    try require(buffer.byteCount >= byteCount, "\(what) needs \(byteCount) bytes but its buffer holds \(buffer.byteCount)")
}

/// Splits a 1-D count of workgroups over x and y so neither exceeds the device limit (65535 is
/// the portable minimum). Shaders recover the linear index as `gl_WorkGroupID.y * gl_NumWorkGroups.x + x`.
func linearGroups(_ count: Int) -> (x: Int, y: Int, z: Int) {
    let limit = 65_535
    return count <= limit ? (count, 1, 1) : (limit, groups(count, limit), 1)
}

/// Steps a row-major multi-index to the next element of `shape` (the last axis fastest), for CPU
/// references that walk a tensor while tracking coordinates.
func advance(_ index: inout [Int], within shape: [Int]) {
    var axis = shape.count - 1
    while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { return }
        index[axis] = 0
        axis -= 1
    }
}
