/// Bounds-checked reading of a FlatBuffer (https://flatbuffers.dev/internals/): tables reached
/// through vtables, vectors and strings through 32-bit relative offsets, all little-endian.
/// Every read checks its range and throws `NNError.corrupt` instead of trapping.
struct FlatBuffer {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func require(_ position: Int, _ size: Int, _ what: @autoclosure () -> String) throws(NNError) {
        guard position >= 0, size >= 0, position <= bytes.count - size else {
            throw .corrupt("\(what()) at byte \(position) (+\(size)) lies outside the \(bytes.count)-byte file")
        }
    }

    func load<T: FixedWidthInteger>(_ type: T.Type, at position: Int, _ what: @autoclosure () -> String) throws(NNError)
        -> T
    {
        try require(position, MemoryLayout<T>.size, what())
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size {
            value |= T(truncatingIfNeeded: bytes[position + index]) << (8 * index)
        }
        return value
    }

    /// The root table (the uint32 offset at the start of the buffer).
    func root() throws(NNError) -> Table {
        let offset = try load(UInt32.self, at: 0, "root offset")
        return try Table(buffer: self, position: Int(offset), what: "root table")
    }
}

/// A FlatBuffers table: its position and its vtable's field offsets.
struct Table {
    let buffer: FlatBuffer
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    init(buffer: FlatBuffer, position: Int, what: String) throws(NNError) {
        self.buffer = buffer
        self.position = position
        let relative = try buffer.load(Int32.self, at: position, "\(what) vtable offset")
        vtable = position - Int(relative)
        vtableSize = Int(try buffer.load(UInt16.self, at: vtable, "\(what) vtable"))
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw .corrupt("\(what) has a malformed vtable (size \(vtableSize))")
        }
        try buffer.require(vtable, vtableSize, "\(what) vtable")
    }

    /// Absolute position of field `index`, or nil when the field is absent (default value).
    private func field(_ index: Int) throws(NNError) -> Int? {
        let entry = 4 + 2 * index
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.load(UInt16.self, at: vtable + entry, "vtable entry"))
        return offset == 0 ? nil : position + offset
    }

    func scalar<T: FixedWidthInteger>(_ index: Int, default value: T, _ what: String) throws(NNError) -> T {
        guard let at = try field(index) else { return value }
        return try buffer.load(T.self, at: at, what)
    }

    /// The position a uoffset field points to, or nil if absent.
    private func target(_ index: Int, _ what: String) throws(NNError) -> Int? {
        guard let at = try field(index) else { return nil }
        let offset = try buffer.load(UInt32.self, at: at, what)
        return at + Int(offset)
    }

    func table(_ index: Int, _ what: String) throws(NNError) -> Table? {
        guard let at = try target(index, what) else { return nil }
        return try Table(buffer: buffer, position: at, what: what)
    }

    func string(_ index: Int, _ what: String) throws(NNError) -> String? {
        guard let bytes = try byteRange(index, elementSize: 1, what) else { return nil }
        return String(decoding: buffer.bytes[bytes], as: UTF8.self)
    }

    /// The element range of a vector of `elementSize`-byte scalars, or nil if absent.
    func byteRange(_ index: Int, elementSize: Int, _ what: String) throws(NNError) -> Range<Int>? {
        guard let at = try target(index, what) else { return nil }
        let count = Int(try buffer.load(UInt32.self, at: at, "\(what) length"))
        guard count <= (buffer.bytes.count - at) / max(elementSize, 1) else {
            throw .corrupt("\(what) claims \(count) elements, more than the file holds")
        }
        try buffer.require(at + 4, count * elementSize, what)
        return at + 4..<at + 4 + count * elementSize
    }

    func integers<T: FixedWidthInteger>(_ index: Int, as type: T.Type, _ what: String) throws(NNError) -> [T]? {
        let size = MemoryLayout<T>.size
        guard let range = try byteRange(index, elementSize: size, what) else { return nil }
        var values: [T] = []
        values.reserveCapacity(range.count / size)
        for position in stride(from: range.lowerBound, to: range.upperBound, by: size) {
            values.append(try buffer.load(T.self, at: position, what))
        }
        return values
    }

    func tables(_ index: Int, _ what: String) throws(NNError) -> [Table] {
        guard let range = try byteRange(index, elementSize: 4, what) else { return [] }
        var tables: [Table] = []
        tables.reserveCapacity(range.count / 4)
        for at in stride(from: range.lowerBound, to: range.upperBound, by: 4) {
            let offset = try buffer.load(UInt32.self, at: at, what)
            tables.append(try Table(buffer: buffer, position: at + Int(offset), what: what))
        }
        return tables
    }
}
