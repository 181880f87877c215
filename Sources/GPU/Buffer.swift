import CVulkan

/// A GPU storage buffer. Memory goes back to the device's pool when the last reference goes.
///
/// Reads and writes from the host are synchronous: they assume no submitted work still uses
/// the buffer (wait on the stream first). Host-visible memory is accessed directly; device
/// memory the host cannot map goes through a staging buffer.
public final class GPUBuffer {
    public let device: GPUDevice
    /// Requested size in bytes (the allocation may be larger).
    public let byteCount: Int
    public let location: MemoryLocation
    let allocation: Allocation

    var handle: VkBuffer { allocation.buffer }

    init(device: GPUDevice, byteCount: Int, allocation: Allocation) {
        self.device = device
        self.byteCount = byteCount
        self.location = allocation.location
        self.allocation = allocation
    }

    deinit { device.pool.giveBack(allocation, device: device.handle) }

    /// Copies `values` into the buffer starting at `byteOffset`.
    public func write<T: BitwiseCopyable>(_ values: [T], at byteOffset: Int = 0) throws(GPUError) {
        let size = values.count * MemoryLayout<T>.stride
        guard byteOffset >= 0, byteOffset + size <= byteCount else {
            throw .invalidArgument("writing \(size) bytes at \(byteOffset) into a \(byteCount)-byte buffer")
        }
        guard size > 0 else { return }
        if let mapped = allocation.mapped {
            values.withUnsafeBytes { (mapped + byteOffset).copyMemory(from: $0.baseAddress!, byteCount: size) }
            return
        }
        let staging = try device.makeBuffer(byteCount: size, location: .host)
        try staging.write(values)
        let stream = try device.makeStream()
        try stream.copy(from: staging, to: self, destinationOffset: byteOffset, byteCount: size)
        try stream.submitAndWait()
    }

    /// Reads `count` values of `T` starting at `byteOffset` (all that fit when `count` is nil).
    public func read<T: BitwiseCopyable>(_ type: T.Type, count: Int? = nil, at byteOffset: Int = 0) throws(GPUError)
        -> [T]
    {
        let count = count ?? (byteCount - byteOffset) / MemoryLayout<T>.stride
        let size = count * MemoryLayout<T>.stride
        guard byteOffset >= 0, count >= 0, byteOffset + size <= byteCount else {
            throw .invalidArgument("reading \(size) bytes at \(byteOffset) from a \(byteCount)-byte buffer")
        }
        guard count > 0 else { return [] }
        if let mapped = allocation.mapped {
            return [T](unsafeUninitializedCapacity: count) { output, initialized in
                UnsafeMutableRawBufferPointer(output).copyMemory(
                    from: UnsafeRawBufferPointer(start: mapped + byteOffset, count: size))
                initialized = count
            }
        }
        let staging = try device.makeBuffer(byteCount: size, location: .host)
        let stream = try device.makeStream()
        try stream.copy(from: self, sourceOffset: byteOffset, to: staging, byteCount: size)
        try stream.submitAndWait()
        return try staging.read(T.self, count: count)
    }
}

extension GPUDevice {
    /// A buffer of at least `byteCount` bytes (contents undefined), from the pool when one fits.
    public func makeBuffer(byteCount: Int, location: MemoryLocation = .device) throws(GPUError) -> GPUBuffer {
        guard byteCount > 0 else { throw .invalidArgument("a buffer needs at least one byte") }
        let capacity = BufferPool.capacity(for: byteCount)
        if let reused = pool.take(capacity: capacity, location: location) {
            return GPUBuffer(device: self, byteCount: byteCount, allocation: reused)
        }
        let allocation = try allocate(capacity: capacity, location: location)
        pool.recordAllocation(allocation)
        return GPUBuffer(device: self, byteCount: byteCount, allocation: allocation)
    }

    /// A buffer holding `values`.
    public func makeBuffer<T: BitwiseCopyable>(_ values: [T], location: MemoryLocation = .device) throws(GPUError)
        -> GPUBuffer
    {
        let buffer = try makeBuffer(byteCount: max(values.count, 1) * MemoryLayout<T>.stride, location: location)
        try buffer.write(values)
        return buffer
    }

    /// Returns every free pooled buffer to the driver.
    public func trimPool() { pool.trim(device: handle) }

    private func allocate(capacity: Int, location: MemoryLocation) throws(GPUError) -> Allocation {
        var info = VkBufferCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO
        info.size = VkDeviceSize(capacity)
        info.usage =
            VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue | VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue
            | VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE
        var buffer: VkBuffer?
        try check(vkCreateBuffer(handle, &info, nil, &buffer), "vkCreateBuffer(\(capacity) bytes)")
        guard let buffer else { throw .vulkan(call: "vkCreateBuffer", result: VK_ERROR_OUT_OF_DEVICE_MEMORY.rawValue) }

        var requirements = VkMemoryRequirements()
        vkGetBufferMemoryRequirements(handle, buffer, &requirements)
        let hostFlags = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue
        let typeIndex: UInt32? =
            switch location {
            case .device:
                memoryType(
                    allowed: requirements.memoryTypeBits,
                    required: VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue,
                    preferred: VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue | hostFlags)
                    ?? memoryType(allowed: requirements.memoryTypeBits, required: 0, preferred: 0)
            case .host:
                memoryType(
                    allowed: requirements.memoryTypeBits, required: hostFlags,
                    preferred: hostFlags | VK_MEMORY_PROPERTY_HOST_CACHED_BIT.rawValue)
            }
        guard let typeIndex else {
            vkDestroyBuffer(handle, buffer, nil)
            throw .unsupported("no memory type for a \(location) buffer")
        }

        var allocateInfo = VkMemoryAllocateInfo()
        allocateInfo.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO
        allocateInfo.allocationSize = requirements.size
        allocateInfo.memoryTypeIndex = typeIndex
        var memory: VkDeviceMemory?
        let status = vkAllocateMemory(handle, &allocateInfo, nil, &memory)
        guard status == VK_SUCCESS, let memory else {
            vkDestroyBuffer(handle, buffer, nil)
            throw .vulkan(call: "vkAllocateMemory(\(requirements.size) bytes)", result: status.rawValue)
        }
        vkBindBufferMemory(handle, buffer, memory, 0)

        let flags = withUnsafeBytes(of: memoryProperties.memoryTypes) {
            $0.bindMemory(to: VkMemoryType.self)[Int(typeIndex)].propertyFlags
        }
        var mapped: UnsafeMutableRawPointer?
        let mappable = flags & hostFlags == hostFlags && (location == .host || !options.forceStagingTransfers)
        if mappable {
            let mapStatus = vkMapMemory(handle, memory, 0, VkDeviceSize(VK_WHOLE_SIZE), 0, &mapped)
            if mapStatus != VK_SUCCESS { mapped = nil }
        }
        if location == .host, mapped == nil {
            vkDestroyBuffer(handle, buffer, nil)
            vkFreeMemory(handle, memory, nil)
            throw .unsupported("host-visible memory could not be mapped")
        }
        return Allocation(buffer: buffer, memory: memory, capacity: capacity, location: location, mapped: mapped)
    }
}
