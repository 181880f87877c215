import CVulkan

/// One VkBuffer with its own memory, as the pool hands it out and takes it back.
struct Allocation {
    let buffer: VkBuffer
    let memory: VkDeviceMemory
    let capacity: Int
    let location: MemoryLocation
    /// Persistently mapped pointer when the memory is host-visible.
    let mapped: UnsafeMutableRawPointer?
}

/// Where a buffer lives.
public enum MemoryLocation: Sendable, Hashable {
    /// Fast for the GPU; may or may not be host-visible (it is on lavapipe and UMA GPUs).
    case device
    /// Host-visible, for staging uploads and readbacks.
    case host
}

/// Recycles buffers by size class so a frame loop allocates nothing after its first frame.
///
/// Size classes are 1, 1.25, 1.5, 1.75 x 2^k (at least 256 bytes), so a request wastes
/// under 25%. Free buffers above `maxPooledBytes` go back to the driver, oldest first.
public final class BufferPool {
    public struct Statistics: Sendable, Equatable {
        /// Buffers created through the driver.
        public var allocations = 0
        /// Requests served from the pool.
        public var reuses = 0
        /// Bytes currently held by free buffers.
        public var pooledBytes = 0
        /// Bytes currently handed out.
        public var liveBytes = 0
    }

    private struct Key: Hashable {
        let capacity: Int
        let location: MemoryLocation
    }
    private var free: [Key: [Allocation]] = [:]
    private var freeOrder: [Key] = []
    private(set) var statistics = Statistics()
    let maxPooledBytes: Int

    init(maxPooledBytes: Int) { self.maxPooledBytes = maxPooledBytes }

    /// The size class `byteCount` is rounded up to.
    static func capacity(for byteCount: Int) -> Int {
        let size = max(byteCount, 256)
        let power = Int.bitWidth - (size - 1).leadingZeroBitCount - 1 // floor(log2(size - 1))
        let quarter = max(1 << power / 4, 1)
        return (size + quarter - 1) / quarter * quarter
    }

    func take(capacity: Int, location: MemoryLocation) -> Allocation? {
        let key = Key(capacity: capacity, location: location)
        guard let allocation = free[key]?.popLast() else { return nil }
        if let index = freeOrder.firstIndex(of: key) { freeOrder.remove(at: index) }
        statistics.reuses += 1
        statistics.pooledBytes -= capacity
        statistics.liveBytes += capacity
        return allocation
    }

    func recordAllocation(_ allocation: Allocation) {
        statistics.allocations += 1
        statistics.liveBytes += allocation.capacity
    }

    func giveBack(_ allocation: Allocation, device: VkDevice) {
        statistics.liveBytes -= allocation.capacity
        let key = Key(capacity: allocation.capacity, location: allocation.location)
        free[key, default: []].append(allocation)
        freeOrder.append(key)
        statistics.pooledBytes += allocation.capacity
        while statistics.pooledBytes > maxPooledBytes, !freeOrder.isEmpty {
            let oldest = freeOrder.removeFirst()
            guard let victim = free[oldest]?.first else { continue }
            free[oldest]?.removeFirst()
            statistics.pooledBytes -= victim.capacity
            Self.destroy(victim, device: device)
        }
    }

    /// Returns every pooled buffer to the driver.
    func trim(device: VkDevice) {
        for allocation in free.values.joined() { Self.destroy(allocation, device: device) }
        free = [:]
        freeOrder = []
        statistics.pooledBytes = 0
    }

    func destroyAll(device: VkDevice) { trim(device: device) }

    static func destroy(_ allocation: Allocation, device: VkDevice) {
        if allocation.mapped != nil { vkUnmapMemory(device, allocation.memory) }
        vkDestroyBuffer(device, allocation.buffer, nil)
        vkFreeMemory(device, allocation.memory, nil)
    }
}
