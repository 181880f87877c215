/// Which GPU buffer holds each activation tensor of a `Graph`, planned from tensor lifetimes so
/// activations that are never alive at the same time share memory.
///
/// RESHAPE outputs share their input's storage. A storage is alive from the node that writes it
/// (graph inputs: from the start) to the last node that reads it (graph outputs: to the end). Nodes
/// are visited in order; a node's output is placed before the storages it frees are returned, so
/// an output never shares a buffer with that node's inputs. Placement takes the smallest free slot
/// that fits, else grows the largest free one, else opens a new slot.
public struct BufferPlan: Sendable, Equatable {
    /// Slot index of each tensor (nil for constants and tensors the graph never touches).
    public let slotOfTensor: [Int?]
    /// Size of each slot in bytes.
    public let slotBytes: [Int]

    /// Bytes of all slots together: the activation memory one inference needs.
    public var peakBytes: Int { slotBytes.reduce(0, +) }

    /// Plans `graph`'s buffers. With `reusing` false every storage gets its own slot (to inspect
    /// every intermediate tensor after a run).
    public init(_ graph: Graph, elementSize: Int = 4, reusing: Bool = true) {
        let tensorCount = graph.tensors.count
        var root = Array(0..<tensorCount)
        for node in graph.nodes {
            if node.operation.sharesInputStorage { root[node.output] = root[node.inputs[0]] }
        }
        let end = graph.nodes.count
        var defined = [Int?](repeating: nil, count: tensorCount)
        var lastUse = [Int](repeating: -1, count: tensorCount)
        var bytes = [Int](repeating: 0, count: tensorCount)
        func touch(_ tensor: Int, at step: Int) {
            let storage = root[tensor]
            lastUse[storage] = max(lastUse[storage], step)
            bytes[storage] = max(bytes[storage], graph.tensors[tensor].count * elementSize)
        }
        for input in graph.inputs {
            defined[input] = -1
            touch(input, at: -1)
        }
        for (step, node) in graph.nodes.enumerated() {
            for input in node.inputs where graph.tensors[input].constant == nil { touch(input, at: step) }
            touch(node.output, at: step)
            if root[node.output] == node.output { defined[node.output] = step }
        }
        for output in graph.outputs { touch(output, at: end) }

        var slotBytes: [Int] = []
        var free: Set<Int> = []
        var slotOfStorage = [Int?](repeating: nil, count: tensorCount)
        var placedAt: [[Int]] = Array(repeating: [], count: end + 2) // storages by defining step + 1
        var freedAt: [[Int]] = Array(repeating: [], count: end + 2) // storages by last-use step + 1
        for storage in 0..<tensorCount {
            guard let step = defined[storage] else { continue }
            placedAt[step + 1].append(storage)
            freedAt[lastUse[storage] + 1].append(storage)
        }
        for step in 0..<(end + 2) {
            for storage in placedAt[step] {
                let need = bytes[storage]
                let fitting = free.filter { slotBytes[$0] >= need }.min { slotBytes[$0] < slotBytes[$1] }
                let slot: Int
                if let fitting {
                    slot = fitting
                } else if let largest = free.max(by: { slotBytes[$0] < slotBytes[$1] }) {
                    slot = largest
                    slotBytes[slot] = need
                } else {
                    slot = slotBytes.count
                    slotBytes.append(need)
                }
                free.remove(slot)
                slotOfStorage[storage] = slot
            }
            for storage in freedAt[step] where reusing {
                if let slot = slotOfStorage[storage] { free.insert(slot) }
            }
        }
        self.slotBytes = slotBytes
        slotOfTensor = (0..<tensorCount).map { graph.tensors[$0].constant == nil ? slotOfStorage[root[$0]] : nil }
    }
}
