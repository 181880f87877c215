import CVulkan

/// Records many dispatches and copies into one command buffer and submits them at once.
///
/// Barriers are placed automatically from each binding's access: a dispatch that reads what
/// an earlier one wrote (or writes what it read or wrote) waits for it; independent ones do not.
/// With `profiling`, each dispatch is timed with timestamp queries (and serialized, so the
/// times do not overlap).
public final class CommandStream {
    public let device: GPUDevice
    public let profiling: Bool
    private let commandBuffer: VkCommandBuffer
    private let fence: VkFence
    private var descriptorPools: [VkDescriptorPool] = []
    private var setsLeftInPool = 0
    private var hazards = HazardTracker()
    private var retained: [GPUBuffer] = []
    private var timestamps: TimestampRecorder?
    private(set) var dispatchCount = 0
    private(set) var barrierCount = 0
    private enum State { case recording, submitted, completed }
    private var state = State.recording

    private static let setsPerPool = 128
    private static let maxBindingsPerSet = 8

    init(device: GPUDevice, profiling: Bool) throws(GPUError) {
        self.device = device
        self.profiling = profiling && device.info.limits.timestampPeriod > 0

        var allocateInfo = VkCommandBufferAllocateInfo()
        allocateInfo.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO
        allocateInfo.commandPool = device.commandPool
        allocateInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY
        allocateInfo.commandBufferCount = 1
        var buffer: VkCommandBuffer?
        try check(vkAllocateCommandBuffers(device.handle, &allocateInfo, &buffer), "vkAllocateCommandBuffers")
        guard let buffer else { throw .vulkan(call: "vkAllocateCommandBuffers", result: -1) }
        commandBuffer = buffer

        var fenceInfo = VkFenceCreateInfo()
        fenceInfo.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO
        var fence: VkFence?
        let fenceStatus = vkCreateFence(device.handle, &fenceInfo, nil, &fence)
        guard fenceStatus == VK_SUCCESS, let fence else {
            var handle: VkCommandBuffer? = buffer
            vkFreeCommandBuffers(device.handle, device.commandPool, 1, &handle)
            throw .vulkan(call: "vkCreateFence", result: fenceStatus.rawValue)
        }
        self.fence = fence

        var beginInfo = VkCommandBufferBeginInfo()
        beginInfo.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        beginInfo.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue
        try check(vkBeginCommandBuffer(commandBuffer, &beginInfo), "vkBeginCommandBuffer")
        if self.profiling { timestamps = TimestampRecorder(device: device) }
    }

    deinit {
        if state == .submitted { vkWaitForFences(device.handle, 1, [fence], VkBool32(VK_TRUE), UInt64.max) }
        var handle: VkCommandBuffer? = commandBuffer
        vkFreeCommandBuffers(device.handle, device.commandPool, 1, &handle)
        vkDestroyFence(device.handle, fence, nil)
        for pool in descriptorPools { vkDestroyDescriptorPool(device.handle, pool, nil) }
        timestamps?.destroy()
    }

    /// Records one dispatch of `pipeline` over `groups` workgroups.
    public func dispatch(
        _ pipeline: ComputePipeline, _ bindings: [BufferBinding], push: PushConstants = [],
        groups: (x: Int, y: Int, z: Int), label: String? = nil
    ) throws(GPUError) {
        try requireRecording()
        guard bindings.count == pipeline.bindingCount else {
            throw .invalidArgument("\(pipeline.name) takes \(pipeline.bindingCount) buffers, got \(bindings.count)")
        }
        guard push.byteCount == pipeline.pushConstantBytes else {
            throw .invalidArgument(
                "\(pipeline.name) takes \(pipeline.pushConstantBytes) bytes of push constants, got \(push.byteCount)")
        }
        let limits = device.info.limits
        guard groups.x >= 1, groups.y >= 1, groups.z >= 1,
            groups.x <= limits.maxWorkgroupCount.0, groups.y <= limits.maxWorkgroupCount.1,
            groups.z <= limits.maxWorkgroupCount.2
        else {
            throw .unsupported(
                "\(pipeline.name): \(groups) workgroups exceed the device limit \(limits.maxWorkgroupCount)")
        }
        for binding in bindings {
            guard binding.offset >= 0, binding.byteCount > 0,
                binding.offset + binding.byteCount <= binding.buffer.byteCount
            else {
                throw .invalidArgument(
                    "\(pipeline.name): binding range \(binding.offset)+\(binding.byteCount) outside a \(binding.buffer.byteCount)-byte buffer"
                )
            }
            guard UInt64(binding.byteCount) <= limits.maxStorageBufferRange else {
                throw .unsupported(
                    "\(pipeline.name): a \(binding.byteCount)-byte binding exceeds maxStorageBufferRange (\(limits.maxStorageBufferRange)); split the tensor"
                )
            }
            guard UInt64(binding.offset) % limits.minStorageBufferOffsetAlignment == 0 else {
                throw .invalidArgument(
                    "\(pipeline.name): binding offset \(binding.offset) is not a multiple of \(limits.minStorageBufferOffsetAlignment)"
                )
            }
        }

        let set = try allocateDescriptorSet(layout: pipeline.setLayout)
        var infos = bindings.map {
            VkDescriptorBufferInfo(
                buffer: $0.buffer.handle, offset: VkDeviceSize($0.offset), range: VkDeviceSize($0.byteCount))
        }
        infos.withUnsafeMutableBufferPointer { infoBuffer in
            var writes = (0..<infoBuffer.count).map { index in
                var write = VkWriteDescriptorSet()
                write.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
                write.dstSet = set
                write.dstBinding = UInt32(index)
                write.descriptorCount = 1
                write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
                write.pBufferInfo = UnsafePointer(infoBuffer.baseAddress! + index)
                return write
            }
            vkUpdateDescriptorSets(device.handle, UInt32(writes.count), &writes, 0, nil)
        }

        placeBarrierIfNeeded(bindings.map { ($0.buffer, $0.offset..<$0.offset + $0.byteCount, $0.access.writes) })
        timestamps?.begin(commandBuffer, label: label ?? pipeline.name)
        vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle)
        var setHandle: VkDescriptorSet? = set
        vkCmdBindDescriptorSets(
            commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout, 0, 1, &setHandle, 0, nil)
        if push.byteCount > 0 {
            push.words.withUnsafeBytes {
                vkCmdPushConstants(
                    commandBuffer, pipeline.layout, VK_SHADER_STAGE_COMPUTE_BIT.rawValue, 0,
                    UInt32($0.count), $0.baseAddress)
            }
        }
        vkCmdDispatch(commandBuffer, UInt32(groups.x), UInt32(groups.y), UInt32(groups.z))
        timestamps?.end(commandBuffer)
        if profiling { serialize() }
        retained.append(contentsOf: bindings.map(\.buffer))
        dispatchCount += 1
    }

    /// Records a buffer-to-buffer copy.
    public func copy(
        from source: GPUBuffer, sourceOffset: Int = 0, to destination: GPUBuffer,
        destinationOffset: Int = 0, byteCount: Int
    ) throws(GPUError) {
        try requireRecording()
        guard sourceOffset + byteCount <= source.byteCount, destinationOffset + byteCount <= destination.byteCount,
            byteCount > 0
        else {
            throw .invalidArgument("copy of \(byteCount) bytes out of range")
        }
        placeBarrierIfNeeded([
            (source, sourceOffset..<sourceOffset + byteCount, false),
            (destination, destinationOffset..<destinationOffset + byteCount, true),
        ])
        var region = VkBufferCopy(
            srcOffset: VkDeviceSize(sourceOffset), dstOffset: VkDeviceSize(destinationOffset),
            size: VkDeviceSize(byteCount))
        vkCmdCopyBuffer(commandBuffer, source.handle, destination.handle, 1, &region)
        retained.append(contentsOf: [source, destination])
    }

    /// Records filling `byteCount` bytes (a multiple of 4) of `buffer` with a repeated 32-bit word.
    public func fill(_ buffer: GPUBuffer, offset: Int = 0, byteCount: Int? = nil, with word: UInt32) throws(GPUError) {
        try requireRecording()
        let size = byteCount ?? (buffer.byteCount - offset) / 4 * 4
        guard offset % 4 == 0, size % 4 == 0, size > 0, offset + size <= buffer.byteCount else {
            throw .invalidArgument("fill of \(size) bytes at \(offset) needs 4-byte alignment inside the buffer")
        }
        placeBarrierIfNeeded([(buffer, offset..<offset + size, true)])
        vkCmdFillBuffer(commandBuffer, buffer.handle, VkDeviceSize(offset), VkDeviceSize(size), word)
        retained.append(buffer)
    }

    /// Ends recording and hands the work to the GPU; returns at once.
    public func submit() throws(GPUError) {
        try requireRecording()
        // Make every write visible to the host once the fence signals.
        var barrier = VkMemoryBarrier()
        barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER
        barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT.rawValue | VK_ACCESS_TRANSFER_WRITE_BIT.rawValue
        barrier.dstAccessMask = VK_ACCESS_HOST_READ_BIT.rawValue
        vkCmdPipelineBarrier(
            commandBuffer,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT.rawValue | VK_PIPELINE_STAGE_TRANSFER_BIT.rawValue,
            VK_PIPELINE_STAGE_HOST_BIT.rawValue, 0, 1, &barrier, 0, nil, 0, nil)
        try check(vkEndCommandBuffer(commandBuffer), "vkEndCommandBuffer")
        var submitInfo = VkSubmitInfo()
        submitInfo.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO
        submitInfo.commandBufferCount = 1
        let status = withUnsafePointer(to: commandBuffer as VkCommandBuffer?) { pointer in
            submitInfo.pCommandBuffers = pointer
            return vkQueueSubmit(device.queue, 1, &submitInfo, fence)
        }
        try check(status, "vkQueueSubmit")
        state = .submitted
    }

    /// Blocks until the submitted work has finished; afterwards results can be read and `timings` holds times.
    public func wait() throws(GPUError) {
        guard state == .submitted else {
            if state == .completed { return }
            throw .invalidArgument("wait() before submit()")
        }
        var fenceHandle: VkFence? = fence
        try check(vkWaitForFences(device.handle, 1, &fenceHandle, VkBool32(VK_TRUE), UInt64.max), "vkWaitForFences")
        state = .completed
        retained.removeAll()
    }

    public func submitAndWait() throws(GPUError) {
        try submit()
        try wait()
    }

    /// GPU time of each dispatch, in recording order (empty unless profiling, valid after `wait()`).
    public func timings() throws(GPUError) -> [KernelTiming] {
        guard state == .completed, let timestamps else { return [] }
        return try timestamps.read()
    }

    /// Number of pipeline barriers recorded between dispatches (for tests of the hazard tracker).
    public var barriersRecorded: Int { barrierCount }

    private func requireRecording() throws(GPUError) {
        guard state == .recording else { throw .invalidArgument("the command stream was already submitted") }
    }

    private func placeBarrierIfNeeded(_ uses: [(GPUBuffer, Range<Int>, Bool)]) {
        let needed = uses.contains { hazards.conflicts(buffer: ObjectIdentifier($0.0), range: $0.1, writes: $0.2) }
        if needed { serialize() }
        for (buffer, range, writes) in uses {
            hazards.record(buffer: ObjectIdentifier(buffer), range: range, writes: writes)
        }
    }

    /// A full compute/transfer memory barrier: everything before finishes and is visible after.
    private func serialize() {
        var barrier = VkMemoryBarrier()
        barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER
        barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT.rawValue | VK_ACCESS_TRANSFER_WRITE_BIT.rawValue
        barrier.dstAccessMask =
            VK_ACCESS_SHADER_READ_BIT.rawValue | VK_ACCESS_SHADER_WRITE_BIT.rawValue
            | VK_ACCESS_TRANSFER_READ_BIT.rawValue | VK_ACCESS_TRANSFER_WRITE_BIT.rawValue
        let stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT.rawValue | VK_PIPELINE_STAGE_TRANSFER_BIT.rawValue
        vkCmdPipelineBarrier(commandBuffer, stages, stages, 0, 1, &barrier, 0, nil, 0, nil)
        hazards.barrier()
        barrierCount += 1
    }

    private func allocateDescriptorSet(layout: VkDescriptorSetLayout) throws(GPUError) -> VkDescriptorSet {
        if setsLeftInPool == 0 {
            var size = VkDescriptorPoolSize(
                type: VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                descriptorCount: UInt32(Self.setsPerPool * Self.maxBindingsPerSet))
            var info = VkDescriptorPoolCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO
            info.maxSets = UInt32(Self.setsPerPool)
            info.poolSizeCount = 1
            var pool: VkDescriptorPool?
            let status = withUnsafePointer(to: &size) { sizePointer in
                info.pPoolSizes = sizePointer
                return vkCreateDescriptorPool(device.handle, &info, nil, &pool)
            }
            try check(status, "vkCreateDescriptorPool")
            guard let pool else { throw .vulkan(call: "vkCreateDescriptorPool", result: -1) }
            descriptorPools.append(pool)
            setsLeftInPool = Self.setsPerPool
        }
        var layoutHandle: VkDescriptorSetLayout? = layout
        var info = VkDescriptorSetAllocateInfo()
        info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO
        info.descriptorPool = descriptorPools.last
        info.descriptorSetCount = 1
        var set: VkDescriptorSet?
        let status = withUnsafePointer(to: &layoutHandle) { layoutPointer in
            info.pSetLayouts = layoutPointer
            return vkAllocateDescriptorSets(device.handle, &info, &set)
        }
        try check(status, "vkAllocateDescriptorSets")
        guard let set else { throw .vulkan(call: "vkAllocateDescriptorSets", result: -1) }
        setsLeftInPool -= 1
        return set
    }
}

extension GPUDevice {
    /// A new command stream; `profiling` times each dispatch with timestamp queries.
    public func makeStream(profiling: Bool = false) throws(GPUError) -> CommandStream {
        try CommandStream(device: self, profiling: profiling)
    }
}
