import CVulkan

/// An opened Vulkan device: one compute queue, the buffer pool, the pipeline cache.
///
/// A `GPUDevice` and what it makes are used from one thread at a time.
public final class GPUDevice {
    /// Settings fixed when the device is opened.
    public struct Options: Sendable {
        /// Never map device-local memory, even where the driver allows it: every upload and
        /// download goes through a host-visible staging buffer (the discrete-GPU path).
        public var forceStagingTransfers: Bool
        /// Where compiled pipelines persist between runs.
        public var pipelineCache: PipelineCacheLocation
        /// Free buffers the pool keeps for reuse before it returns memory to the driver.
        public var maxPooledBytes: Int

        public init(
            forceStagingTransfers: Bool = false,
            pipelineCache: PipelineCacheLocation = .userCache,
            maxPooledBytes: Int = 512 << 20
        ) {
            self.forceStagingTransfers = forceStagingTransfers
            self.pipelineCache = pipelineCache
            self.maxPooledBytes = maxPooledBytes
        }
    }

    public let info: DeviceInfo
    public let options: Options
    /// The instance stays alive as long as any device made from it.
    public let instance: GPUInstance
    /// Features actually enabled on this logical device.
    public let features: DeviceFeatures

    let physicalDevice: VkPhysicalDevice
    let handle: VkDevice
    let queue: VkQueue
    let commandPool: VkCommandPool
    let memoryProperties: VkPhysicalDeviceMemoryProperties
    let pool: BufferPool
    private let pipelines: PipelineStore

    init(instance: GPUInstance, physicalDevice: VkPhysicalDevice, info: DeviceInfo, options: Options) throws(GPUError) {
        guard let family = info.computeQueueFamily else { throw .noUsableDevice("\(info.name): no compute queue") }
        self.instance = instance
        self.info = info
        self.options = options
        self.physicalDevice = physicalDevice
        self.features = info.features

        var vulkan11 = VkPhysicalDeviceVulkan11Features()
        vulkan11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES
        vulkan11.storageBuffer16BitAccess = VkBool32(info.features.storage16Bit ? VK_TRUE : VK_FALSE)
        var vulkan12 = VkPhysicalDeviceVulkan12Features()
        vulkan12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES
        vulkan12.shaderFloat16 = VkBool32(info.features.float16Arithmetic ? VK_TRUE : VK_FALSE)
        vulkan12.shaderBufferInt64Atomics = VkBool32(info.features.int64Atomics ? VK_TRUE : VK_FALSE)
        var core = VkPhysicalDeviceFeatures()
        core.shaderInt64 = VkBool32(info.features.int64 ? VK_TRUE : VK_FALSE)

        var device: VkDevice?
        var priority: Float = 1
        let result = withUnsafeMutablePointer(to: &vulkan12) { pointer12 in
            vulkan11.pNext = UnsafeMutableRawPointer(pointer12)
            return withUnsafeMutablePointer(to: &vulkan11) { pointer11 in
                withUnsafePointer(to: &core) { corePointer in
                    withUnsafePointer(to: &priority) { priorityPointer in
                        var queueInfo = VkDeviceQueueCreateInfo()
                        queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO
                        queueInfo.queueFamilyIndex = family
                        queueInfo.queueCount = 1
                        queueInfo.pQueuePriorities = priorityPointer
                        return withUnsafePointer(to: &queueInfo) { queuePointer in
                            var createInfo = VkDeviceCreateInfo()
                            createInfo.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO
                            createInfo.pNext = UnsafeRawPointer(pointer11)
                            createInfo.queueCreateInfoCount = 1
                            createInfo.pQueueCreateInfos = queuePointer
                            createInfo.pEnabledFeatures = corePointer
                            return vkCreateDevice(physicalDevice, &createInfo, nil, &device)
                        }
                    }
                }
            }
        }
        try check(result, "vkCreateDevice(\(info.name))")
        guard let device else { throw .vulkan(call: "vkCreateDevice", result: VK_ERROR_INITIALIZATION_FAILED.rawValue) }
        self.handle = device

        var queue: VkQueue?
        vkGetDeviceQueue(device, family, 0, &queue)
        guard let queue else {
            vkDestroyDevice(device, nil)
            throw .noUsableDevice("\(info.name): no queue in family \(family)")
        }
        self.queue = queue

        var poolInfo = VkCommandPoolCreateInfo()
        poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO
        poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT.rawValue
        poolInfo.queueFamilyIndex = family
        var commandPool: VkCommandPool?
        let poolResult = vkCreateCommandPool(device, &poolInfo, nil, &commandPool)
        guard poolResult == VK_SUCCESS, let commandPool else {
            vkDestroyDevice(device, nil)
            throw .vulkan(call: "vkCreateCommandPool", result: poolResult.rawValue)
        }
        self.commandPool = commandPool

        var memoryProperties = VkPhysicalDeviceMemoryProperties()
        vkGetPhysicalDeviceMemoryProperties(physicalDevice, &memoryProperties)
        self.memoryProperties = memoryProperties
        self.pool = BufferPool(maxPooledBytes: options.maxPooledBytes)
        self.pipelines = PipelineStore(device: device, info: info, location: options.pipelineCache)
    }

    deinit {
        vkDeviceWaitIdle(handle)
        pipelines.destroy(device: handle)
        pool.destroyAll(device: handle)
        vkDestroyCommandPool(handle, commandPool, nil)
        vkDestroyDevice(handle, nil)
    }

    /// Blocks until all submitted work has finished.
    public func waitIdle() throws(GPUError) {
        try check(vkDeviceWaitIdle(handle), "vkDeviceWaitIdle")
    }

    /// A compute pipeline for `shader` with these specialization constants, compiled once
    /// per process and cached on disk between runs.
    public func pipeline(
        _ shader: ShaderSource, specialization: [SpecializationValue] = [],
        bindings: Int, pushConstantBytes: Int = 0
    ) throws(GPUError) -> ComputePipeline {
        guard pushConstantBytes <= info.limits.maxPushConstantsSize else {
            throw .unsupported("\(shader.name) needs \(pushConstantBytes) bytes of push constants")
        }
        return try pipelines.pipeline(
            shader: shader, specialization: specialization.map(\.bits),
            bindings: bindings, pushConstantBytes: pushConstantBytes)
    }

    /// Writes the pipeline cache to disk now (it is also written when the device closes).
    public func savePipelineCache() { pipelines.save(device: handle) }

    /// Statistics of the buffer pool, for tests and `profile`.
    public var poolStatistics: BufferPool.Statistics { pool.statistics }

    /// Index of a memory type allowed by `allowed` with all `required` flags, preferring `preferred`.
    func memoryType(allowed: UInt32, required: VkMemoryPropertyFlags, preferred: VkMemoryPropertyFlags) -> UInt32? {
        let types = withUnsafeBytes(of: memoryProperties.memoryTypes) { Array($0.bindMemory(to: VkMemoryType.self)) }
        let candidates = (0..<memoryProperties.memoryTypeCount).filter { index in
            allowed & (1 << index) != 0 && types[Int(index)].propertyFlags & required == required
        }
        return candidates.first { types[Int($0)].propertyFlags & preferred == preferred } ?? candidates.first
    }
}
