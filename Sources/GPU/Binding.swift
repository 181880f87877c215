/// How a dispatch uses a buffer; the command stream places barriers from this.
public enum BufferAccess: Sendable, Equatable {
    case read, write, readWrite
    var writes: Bool { self != .read }
}

/// A buffer range bound to one descriptor binding of a dispatch.
public struct BufferBinding {
    public let buffer: GPUBuffer
    public let offset: Int
    public let byteCount: Int
    public let access: BufferAccess

    public init(_ buffer: GPUBuffer, offset: Int = 0, byteCount: Int? = nil, access: BufferAccess) {
        self.buffer = buffer
        self.offset = offset
        self.byteCount = byteCount ?? (buffer.byteCount - offset)
        self.access = access
    }

    public static func read(_ buffer: GPUBuffer, offset: Int = 0, byteCount: Int? = nil) -> BufferBinding {
        BufferBinding(buffer, offset: offset, byteCount: byteCount, access: .read)
    }
    public static func write(_ buffer: GPUBuffer, offset: Int = 0, byteCount: Int? = nil) -> BufferBinding {
        BufferBinding(buffer, offset: offset, byteCount: byteCount, access: .write)
    }
    public static func readWrite(_ buffer: GPUBuffer, offset: Int = 0, byteCount: Int? = nil) -> BufferBinding {
        BufferBinding(buffer, offset: offset, byteCount: byteCount, access: .readWrite)
    }
}

/// Push constants as an explicit list of 32-bit values, laid out in order (std430 scalars).
public struct PushConstants: ExpressibleByArrayLiteral, Sendable {
    public private(set) var words: [UInt32]

    public enum Value: Sendable {
        case int(Int)
        case uint(UInt32)
        case float(Float)
    }

    public init(_ values: [Value]) {
        words = values.map {
            switch $0 {
            case .int(let value): UInt32(bitPattern: Int32(truncatingIfNeeded: value))
            case .uint(let value): value
            case .float(let value): value.bitPattern
            }
        }
    }
    public init(arrayLiteral elements: Value...) { self.init(elements) }

    public var byteCount: Int { words.count * 4 }
}

/// Tracks which buffer ranges were read and written since the last barrier, so independent
/// dispatches run without one and dependent ones (RAW, WAR, WAW) always get one.
struct HazardTracker {
    private struct Use {
        let buffer: ObjectIdentifier
        let range: Range<Int>
        let writes: Bool
    }
    private var uses: [Use] = []

    /// True if an access of `range` in `buffer` conflicts with an access since the last barrier.
    func conflicts(buffer: ObjectIdentifier, range: Range<Int>, writes: Bool) -> Bool {
        uses.contains { $0.buffer == buffer && $0.range.overlaps(range) && ($0.writes || writes) }
    }

    mutating func record(buffer: ObjectIdentifier, range: Range<Int>, writes: Bool) {
        uses.append(Use(buffer: buffer, range: range, writes: writes))
    }

    mutating func barrier() { uses.removeAll(keepingCapacity: true) }
}
