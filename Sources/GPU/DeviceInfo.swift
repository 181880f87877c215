import CVulkan

/// A Vulkan version number, printed as major.minor.patch.
public struct APIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    public var description: String {
        "\(vlg_api_version_major(raw)).\(vlg_api_version_minor(raw)).\(vlg_api_version_patch(raw))"
    }
    public static func < (a: APIVersion, b: APIVersion) -> Bool { a.raw < b.raw }
}

/// What kind of device it is; the order is our preference (discrete first).
public enum DeviceKind: Int, Sendable, Comparable, CustomStringConvertible {
    case discrete, integrated, virtual, cpu, other
    init(_ type: VkPhysicalDeviceType) {
        switch type {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: self = .discrete
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: self = .integrated
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: self = .virtual
        case VK_PHYSICAL_DEVICE_TYPE_CPU: self = .cpu
        default: self = .other
        }
    }
    public var description: String {
        switch self {
        case .discrete: "discrete GPU"
        case .integrated: "integrated GPU"
        case .virtual: "virtual GPU"
        case .cpu: "CPU"
        case .other: "other"
        }
    }
    public static func < (a: DeviceKind, b: DeviceKind) -> Bool { a.rawValue < b.rawValue }
}

/// Optional capabilities our kernels use when present and fall back from when not.
public struct DeviceFeatures: Sendable, Hashable {
    /// 16-bit values in storage buffers (fp16 tensors).
    public var storage16Bit = false
    /// fp16 arithmetic in shaders.
    public var float16Arithmetic = false
    /// 64-bit integer atomics on storage buffers (rasterizer depth+id packing).
    public var int64Atomics = false
    /// 64-bit integers in shaders.
    public var int64 = false
    /// Subgroup arithmetic operations in compute shaders.
    public var subgroupArithmetic = false
    /// Subgroup shuffles in compute shaders; the register-tiled kernels (GEMM, convolutions) share
    /// operands through them. Every desktop Vulkan 1.2 driver has them.
    public var subgroupShuffle = false
    /// Subgroup size (lanes) the driver reports.
    public var subgroupSize: UInt32 = 1
    /// The driver never picks another subgroup size per pipeline (min == max subgroup size), so
    /// `subgroupSize` is what every compute shader runs with.
    public var subgroupSizeIsFixed = false
}

/// Limits the kernels size their dispatches and tiles by.
public struct DeviceLimits: Sendable, Hashable {
    public var maxSharedMemoryBytes: UInt32 = 16_384
    public var maxWorkgroupInvocations: UInt32 = 128
    public var maxWorkgroupCount: (UInt32, UInt32, UInt32) = (65_535, 65_535, 65_535)
    public var maxStorageBufferRange: UInt64 = 1 << 27
    public var minStorageBufferOffsetAlignment: UInt64 = 256
    public var maxPushConstantsSize: UInt32 = 128
    /// Nanoseconds per timestamp tick; 0 when the compute queue has no timestamps.
    public var timestampPeriod: Double = 0

    public static func == (a: DeviceLimits, b: DeviceLimits) -> Bool {
        a.maxSharedMemoryBytes == b.maxSharedMemoryBytes && a.maxWorkgroupInvocations == b.maxWorkgroupInvocations
            && a.maxWorkgroupCount == b.maxWorkgroupCount && a.maxStorageBufferRange == b.maxStorageBufferRange
            && a.minStorageBufferOffsetAlignment == b.minStorageBufferOffsetAlignment
            && a.maxPushConstantsSize == b.maxPushConstantsSize && a.timestampPeriod == b.timestampPeriod
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(maxSharedMemoryBytes) }
}

/// Everything we learn about a physical device before opening it.
public struct DeviceInfo: Sendable, Hashable, Identifiable {
    /// Position in the loader's list; what `--device N` refers to.
    public let index: Int
    public let name: String
    public let kind: DeviceKind
    public let apiVersion: APIVersion
    public let driverName: String
    public let driverInfo: String
    public let vendorID: UInt32
    public let deviceID: UInt32
    /// Identifies the device + driver build; keys the on-disk pipeline cache.
    public let pipelineCacheUUID: [UInt8]
    /// Size of the device-local heaps, in bytes.
    public let deviceLocalMemory: UInt64
    public let features: DeviceFeatures
    public let limits: DeviceLimits
    /// Index of the queue family we submit compute work to, nil if there is none.
    public let computeQueueFamily: UInt32?

    public var id: Int { index }

    /// Why this device cannot run vlogger-gpu, or nil if it can.
    public var unusableReason: String? {
        if apiVersion < APIVersion(GPUInstance.requiredAPIVersion) { return "Vulkan \(apiVersion) < 1.2" }
        if computeQueueFamily == nil { return "no compute queue" }
        if !features.subgroupShuffle { return "no subgroup shuffles in compute shaders" }
        return nil
    }

    init(index: Int, physicalDevice: VkPhysicalDevice) {
        self.index = index

        var driver = VkPhysicalDeviceDriverProperties()
        driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES
        var subgroup = VkPhysicalDeviceSubgroupProperties()
        subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES
        var sizeControl = VkPhysicalDeviceSubgroupSizeControlProperties()
        sizeControl.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES
        var properties = VkPhysicalDeviceProperties2()
        properties.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2
        var basic = VkPhysicalDeviceProperties()
        vkGetPhysicalDeviceProperties(physicalDevice, &basic)
        // Subgroup size control is core in Vulkan 1.3; older drivers must not see its structure.
        let hasSizeControl = basic.apiVersion >= vlg_make_api_version(1, 3, 0)
        withUnsafeMutablePointer(to: &sizeControl) { sizeControlPointer in
            driver.pNext = hasSizeControl ? UnsafeMutableRawPointer(sizeControlPointer) : nil
            withUnsafeMutablePointer(to: &driver) { driverPointer in
                subgroup.pNext = UnsafeMutableRawPointer(driverPointer)
                withUnsafeMutablePointer(to: &subgroup) { subgroupPointer in
                    properties.pNext = UnsafeMutableRawPointer(subgroupPointer)
                    vkGetPhysicalDeviceProperties2(physicalDevice, &properties)
                }
            }
        }
        let core = properties.properties
        name = string(fromCharacterTuple: core.deviceName)
        kind = DeviceKind(core.deviceType)
        apiVersion = APIVersion(core.apiVersion)
        driverName = string(fromCharacterTuple: driver.driverName)
        driverInfo = string(fromCharacterTuple: driver.driverInfo)
        vendorID = core.vendorID
        deviceID = core.deviceID
        pipelineCacheUUID = withUnsafeBytes(of: core.pipelineCacheUUID) { Array($0) }

        var memory = VkPhysicalDeviceMemoryProperties()
        vkGetPhysicalDeviceMemoryProperties(physicalDevice, &memory)
        let heaps = withUnsafeBytes(of: memory.memoryHeaps) { Array($0.bindMemory(to: VkMemoryHeap.self)) }
        deviceLocalMemory = heaps.prefix(Int(memory.memoryHeapCount))
            .filter { $0.flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT.rawValue != 0 }
            .reduce(0) { $0 + $1.size }

        var familyCount: UInt32 = 0
        vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &familyCount, nil)
        var families = [VkQueueFamilyProperties](repeating: .init(), count: Int(familyCount))
        vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &familyCount, &families)
        let computeFamilies = families.indices.filter { families[$0].queueFlags & VK_QUEUE_COMPUTE_BIT.rawValue != 0 }
        // Prefer a family with timestamps, then a compute-only one (async compute on discrete GPUs).
        let chosen = computeFamilies.min { a, b in
            let keyA = (
                families[a].timestampValidBits == 0 ? 1 : 0, families[a].queueFlags & VK_QUEUE_GRAPHICS_BIT.rawValue
            )
            let keyB = (
                families[b].timestampValidBits == 0 ? 1 : 0, families[b].queueFlags & VK_QUEUE_GRAPHICS_BIT.rawValue
            )
            return keyA < keyB
        }
        computeQueueFamily = chosen.map(UInt32.init)

        var limits = DeviceLimits()
        limits.maxSharedMemoryBytes = core.limits.maxComputeSharedMemorySize
        limits.maxWorkgroupInvocations = core.limits.maxComputeWorkGroupInvocations
        limits.maxWorkgroupCount = core.limits.maxComputeWorkGroupCount
        limits.maxStorageBufferRange = UInt64(core.limits.maxStorageBufferRange)
        limits.minStorageBufferOffsetAlignment = core.limits.minStorageBufferOffsetAlignment
        limits.maxPushConstantsSize = core.limits.maxPushConstantsSize
        if let chosen, families[chosen].timestampValidBits > 0 {
            limits.timestampPeriod = Double(core.limits.timestampPeriod)
        }
        self.limits = limits

        var vulkan11 = VkPhysicalDeviceVulkan11Features()
        vulkan11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES
        var vulkan12 = VkPhysicalDeviceVulkan12Features()
        vulkan12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES
        var features2 = VkPhysicalDeviceFeatures2()
        features2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2
        let canQuery12 = core.apiVersion >= GPUInstance.requiredAPIVersion
        if canQuery12 {
            withUnsafeMutablePointer(to: &vulkan12) { pointer12 in
                vulkan11.pNext = UnsafeMutableRawPointer(pointer12)
                withUnsafeMutablePointer(to: &vulkan11) { pointer11 in
                    features2.pNext = UnsafeMutableRawPointer(pointer11)
                    vkGetPhysicalDeviceFeatures2(physicalDevice, &features2)
                }
            }
        }
        var features = DeviceFeatures()
        features.storage16Bit = vulkan11.storageBuffer16BitAccess != 0
        features.float16Arithmetic = vulkan12.shaderFloat16 != 0
        features.int64Atomics = vulkan12.shaderBufferInt64Atomics != 0
        features.int64 = features2.features.shaderInt64 != 0
        features.subgroupSize = subgroup.subgroupSize
        features.subgroupSizeIsFixed = hasSizeControl && sizeControl.minSubgroupSize == sizeControl.maxSubgroupSize
        features.subgroupShuffle =
            subgroup.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT.rawValue != 0
            && subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT.rawValue != 0
        features.subgroupArithmetic =
            subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT.rawValue != 0
            && subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT.rawValue != 0
        self.features = features
    }
}
