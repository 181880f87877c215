import CVulkan

/// SPIR-V for one compute shader, named for messages, caching and profiling.
public struct ShaderSource: Sendable, Hashable {
    public let name: String
    public let words: [UInt32]
    public init(name: String, words: [UInt32]) {
        self.name = name
        self.words = words
    }
}

/// One 32-bit specialization constant, in `constant_id` order starting at 0.
public enum SpecializationValue: Sendable, Hashable {
    case int(Int32)
    case uint(UInt32)
    case float(Float)
    case bool(Bool)

    var bits: UInt32 {
        switch self {
        case .int(let value): UInt32(bitPattern: value)
        case .uint(let value): value
        case .float(let value): value.bitPattern
        case .bool(let value): value ? 1 : 0
        }
    }
}

/// A compiled compute pipeline whose descriptor set is `bindings` storage buffers (binding 0...n-1).
public final class ComputePipeline {
    public let name: String
    public let bindingCount: Int
    public let pushConstantBytes: Int
    let handle: VkPipeline
    let layout: VkPipelineLayout
    let setLayout: VkDescriptorSetLayout

    init(
        name: String, bindingCount: Int, pushConstantBytes: Int,
        handle: VkPipeline, layout: VkPipelineLayout, setLayout: VkDescriptorSetLayout
    ) {
        self.name = name
        self.bindingCount = bindingCount
        self.pushConstantBytes = pushConstantBytes
        self.handle = handle
        self.layout = layout
        self.setLayout = setLayout
    }

    func destroy(device: VkDevice) {
        vkDestroyPipeline(device, handle, nil)
        vkDestroyPipelineLayout(device, layout, nil)
        vkDestroyDescriptorSetLayout(device, setLayout, nil)
    }
}
