import CVulkan
import Foundation

/// Where compiled pipelines persist between runs.
public enum PipelineCacheLocation: Sendable, Equatable {
    /// `$XDG_CACHE_HOME/vlogger-gpu` (or `~/.cache/vlogger-gpu`).
    case userCache
    /// A directory of the caller's choosing.
    case directory(String)
    /// Compile every run; nothing is written.
    case disabled
}

/// Builds and owns the device's pipelines: one per (shader, specialization, layout), backed by a
/// VkPipelineCache that is loaded from and saved to disk, keyed by the device's cache UUID.
final class PipelineStore {
    private struct Key: Hashable {
        let shader: String
        let specialization: [UInt32]
        let bindings: Int
        let pushConstantBytes: Int
    }

    private var pipelines: [Key: ComputePipeline] = [:]
    private var modules: [String: VkShaderModule] = [:]
    private let cache: VkPipelineCache?
    private let device: VkDevice
    let file: URL?

    init(device: VkDevice, info: DeviceInfo, location: PipelineCacheLocation) {
        self.device = device
        let directory: URL? =
            switch location {
            case .disabled: nil
            case .directory(let path): URL(fileURLWithPath: path)
            case .userCache:
                (ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
                    ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache"))
                    .appending(path: "vlogger-gpu")
            }
        let uuid = info.pipelineCacheUUID.map { String(format: "%02x", $0) }.joined()
        file = directory?.appending(
            path: String(format: "pipelines-%04x-%04x-", info.vendorID, info.deviceID) + uuid + ".bin")

        // The driver validates the header (vendor, device, UUID) and ignores stale data.
        let initial = file.flatMap { try? Data(contentsOf: $0) } ?? Data()
        var created: VkPipelineCache?
        initial.withUnsafeBytes { bytes in
            var createInfo = VkPipelineCacheCreateInfo()
            createInfo.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO
            createInfo.initialDataSize = bytes.count
            createInfo.pInitialData = bytes.baseAddress
            if vkCreatePipelineCache(device, &createInfo, nil, &created) != VK_SUCCESS {
                // Corrupt or foreign data: start with an empty cache.
                createInfo.initialDataSize = 0
                createInfo.pInitialData = nil
                _ = vkCreatePipelineCache(device, &createInfo, nil, &created)
            }
        }
        cache = created
    }

    func pipeline(
        shader: ShaderSource, specialization: [UInt32], bindings: Int,
        pushConstantBytes: Int
    ) throws(GPUError) -> ComputePipeline {
        let key = Key(
            shader: shader.name, specialization: specialization, bindings: bindings,
            pushConstantBytes: pushConstantBytes)
        if let existing = pipelines[key] { return existing }
        let module = try self.module(for: shader)

        var setBindings = (0..<bindings).map { index in
            var binding = VkDescriptorSetLayoutBinding()
            binding.binding = UInt32(index)
            binding.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
            binding.descriptorCount = 1
            binding.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT.rawValue
            return binding
        }
        var setLayout: VkDescriptorSetLayout?
        try setBindings.withUnsafeMutableBufferPointer { (buffer) throws(GPUError) in
            var info = VkDescriptorSetLayoutCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO
            info.bindingCount = UInt32(buffer.count)
            info.pBindings = UnsafePointer(buffer.baseAddress)
            try check(vkCreateDescriptorSetLayout(device, &info, nil, &setLayout), "vkCreateDescriptorSetLayout")
        }
        guard let setLayout else { throw .vulkan(call: "vkCreateDescriptorSetLayout", result: -1) }

        var layout: VkPipelineLayout?
        var pushRange = VkPushConstantRange(
            stageFlags: VK_SHADER_STAGE_COMPUTE_BIT.rawValue, offset: 0,
            size: UInt32(pushConstantBytes))
        var setLayoutHandle: VkDescriptorSetLayout? = setLayout
        var layoutInfo = VkPipelineLayoutCreateInfo()
        layoutInfo.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO
        layoutInfo.setLayoutCount = 1
        let layoutResult = withUnsafePointer(to: &setLayoutHandle) { setPointer in
            withUnsafePointer(to: &pushRange) { pushPointer in
                layoutInfo.pSetLayouts = setPointer
                layoutInfo.pushConstantRangeCount = pushConstantBytes > 0 ? 1 : 0
                layoutInfo.pPushConstantRanges = pushConstantBytes > 0 ? pushPointer : nil
                return vkCreatePipelineLayout(device, &layoutInfo, nil, &layout)
            }
        }
        guard layoutResult == VK_SUCCESS, let layout else {
            vkDestroyDescriptorSetLayout(device, setLayout, nil)
            throw .vulkan(call: "vkCreatePipelineLayout", result: layoutResult.rawValue)
        }

        var entries = specialization.indices.map {
            VkSpecializationMapEntry(constantID: UInt32($0), offset: UInt32($0 * 4), size: 4)
        }
        var values = specialization
        var handle: VkPipeline?
        let result = entries.withUnsafeMutableBufferPointer { entryBuffer in
            values.withUnsafeMutableBytes { valueBytes in
                var specializationInfo = VkSpecializationInfo(
                    mapEntryCount: UInt32(entryBuffer.count), pMapEntries: UnsafePointer(entryBuffer.baseAddress),
                    dataSize: valueBytes.count, pData: UnsafeRawPointer(valueBytes.baseAddress))
                return "main".withCString { entryPoint in
                    withUnsafePointer(to: &specializationInfo) { specializationPointer in
                        var stage = VkPipelineShaderStageCreateInfo()
                        stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO
                        stage.stage = VK_SHADER_STAGE_COMPUTE_BIT
                        stage.module = module
                        stage.pName = entryPoint
                        stage.pSpecializationInfo = specialization.isEmpty ? nil : specializationPointer
                        var info = VkComputePipelineCreateInfo()
                        info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO
                        info.stage = stage
                        info.layout = layout
                        return vkCreateComputePipelines(device, cache, 1, &info, nil, &handle)
                    }
                }
            }
        }
        guard result == VK_SUCCESS, let handle else {
            vkDestroyPipelineLayout(device, layout, nil)
            vkDestroyDescriptorSetLayout(device, setLayout, nil)
            throw .vulkan(call: "vkCreateComputePipelines(\(shader.name))", result: result.rawValue)
        }
        let pipeline = ComputePipeline(
            name: shader.name, bindingCount: bindings, pushConstantBytes: pushConstantBytes,
            handle: handle, layout: layout, setLayout: setLayout)
        pipelines[key] = pipeline
        return pipeline
    }

    private func module(for shader: ShaderSource) throws(GPUError) -> VkShaderModule {
        if let existing = modules[shader.name] { return existing }
        var module: VkShaderModule?
        try shader.words.withUnsafeBufferPointer { (words) throws(GPUError) in
            var info = VkShaderModuleCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO
            info.codeSize = words.count * 4
            info.pCode = words.baseAddress
            try check(vkCreateShaderModule(device, &info, nil, &module), "vkCreateShaderModule(\(shader.name))")
        }
        guard let module else { throw .vulkan(call: "vkCreateShaderModule", result: -1) }
        modules[shader.name] = module
        return module
    }

    /// Writes the cache to its file (atomically: temporary file + rename). Failures are ignored:
    /// the cache only saves compile time.
    func save(device: VkDevice) {
        guard let cache, let file else { return }
        var size = 0
        guard vkGetPipelineCacheData(device, cache, &size, nil) == VK_SUCCESS, size > 0 else { return }
        var data = Data(count: size)
        let status = data.withUnsafeMutableBytes { vkGetPipelineCacheData(device, cache, &size, $0.baseAddress) }
        guard status == VK_SUCCESS else { return }
        if (try? Data(contentsOf: file)) == data.prefix(size) { return }
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.prefix(size).write(to: file, options: .atomic)
    }

    func destroy(device: VkDevice) {
        save(device: device)
        for pipeline in pipelines.values { pipeline.destroy(device: device) }
        for module in modules.values { vkDestroyShaderModule(device, module, nil) }
        if let cache { vkDestroyPipelineCache(device, cache, nil) }
        pipelines = [:]
        modules = [:]
    }
}
