import CVulkan

/// GPU time of one dispatch, from Vulkan timestamp queries.
public struct KernelTiming: Sendable, Equatable {
    public let label: String
    public let nanoseconds: Double
}

/// Writes a timestamp before and after each dispatch into a growing list of query pools.
final class TimestampRecorder {
    private let device: GPUDevice
    private var pools: [VkQueryPool] = []
    private var labels: [String] = []
    private var used = 0
    private static let queriesPerPool = 512

    init(device: GPUDevice) { self.device = device }

    func begin(_ commandBuffer: VkCommandBuffer, label: String) {
        labels.append(label)
        write(commandBuffer, stage: VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT)
    }

    func end(_ commandBuffer: VkCommandBuffer) {
        write(commandBuffer, stage: VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT)
    }

    private func write(_ commandBuffer: VkCommandBuffer, stage: VkPipelineStageFlagBits) {
        if used == pools.count * Self.queriesPerPool {
            var info = VkQueryPoolCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO
            info.queryType = VK_QUERY_TYPE_TIMESTAMP
            info.queryCount = UInt32(Self.queriesPerPool)
            var pool: VkQueryPool?
            guard vkCreateQueryPool(device.handle, &info, nil, &pool) == VK_SUCCESS, let pool else { return }
            vkCmdResetQueryPool(commandBuffer, pool, 0, UInt32(Self.queriesPerPool))
            pools.append(pool)
        }
        vkCmdWriteTimestamp(
            commandBuffer, stage, pools[used / Self.queriesPerPool],
            UInt32(used % Self.queriesPerPool))
        used += 1
    }

    func read() throws(GPUError) -> [KernelTiming] {
        var ticks: [UInt64] = []
        for (index, pool) in pools.enumerated() {
            let count = min(Self.queriesPerPool, used - index * Self.queriesPerPool)
            var values = [UInt64](repeating: 0, count: count)
            let status = values.withUnsafeMutableBytes {
                vkGetQueryPoolResults(
                    device.handle, pool, 0, UInt32(count), $0.count, $0.baseAddress, 8,
                    VK_QUERY_RESULT_64_BIT.rawValue | VK_QUERY_RESULT_WAIT_BIT.rawValue)
            }
            try check(status, "vkGetQueryPoolResults")
            ticks += values
        }
        let period = device.info.limits.timestampPeriod
        return labels.indices.map { index in
            KernelTiming(
                label: labels[index],
                nanoseconds: Double(ticks[2 * index + 1] &- ticks[2 * index]) * period)
        }
    }

    func destroy() {
        for pool in pools { vkDestroyQueryPool(device.handle, pool, nil) }
        pools = []
    }
}
