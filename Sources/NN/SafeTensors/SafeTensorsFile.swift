import Foundation

/// A safetensors file (the format of Hugging Face's `safetensors`, which PyTorch exports): an 8-byte little-endian
/// header length, a JSON header naming each tensor's dtype, shape and byte range, then the bytes.
///
/// Every number in the header is checked before any byte is read: the header fits the file, each range lies in the
/// data and matches its shape and dtype, ranges neither overlap nor leave holes (as the format requires), so a
/// damaged or hostile file is a clear error and never an out-of-bounds read. F32 and F16 tensors are read (as
/// Float); other dtypes are named in the error when asked for.
public struct SafeTensorsFile: Sendable {
    public enum DataType: String, Sendable {
        case float32 = "F32"
        case float16 = "F16"

        var byteCount: Int { self == .float32 ? 4 : 2 }
    }

    public struct Tensor: Sendable, Equatable {
        public let dataType: DataType
        public let shape: [Int]
        /// Byte range within the data section.
        let bytes: Range<Int>
    }

    /// The file, named in errors.
    public let path: String
    public let tensors: [String: Tensor]
    /// The header's `__metadata__` (string to string).
    public let metadata: [String: String]
    private let data: Data
    private let dataStart: Int

    /// The largest header this reader accepts (the format's own limit is 100 MB; ours are a few KB).
    static let maximumHeaderBytes = 100_000_000

    public init(contentsOf url: URL) throws(NNError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        try self.init(data: data, path: url.path)
    }

    public init(data: Data, path: String) throws(NNError) {
        func damaged(_ detail: String) -> NNError { .corruptWeights(path: path, detail: detail) }
        guard data.count >= 8 else { throw damaged("\(data.count) bytes, shorter than the 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        guard headerLength >= 2, headerLength <= UInt64(min(Self.maximumHeaderBytes, data.count - 8)) else {
            throw damaged("a header of \(headerLength) bytes in a file of \(data.count)")
        }
        let headerEnd = 8 + Int(headerLength)
        let header: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data[8..<headerEnd]) as? [String: Any] else {
                throw damaged("the header is not a JSON object")
            }
            header = object
        } catch let error as NNError {
            throw error
        } catch {
            throw damaged("the header is not valid JSON")
        }
        let dataCount = data.count - headerEnd
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let entries = value as? [String: String] else { throw damaged("__metadata__ is not strings") }
                metadata = entries
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else { throw damaged("tensor \(name) lacks a dtype, shape or data_offsets") }
            guard let dataType = DataType(rawValue: dtype) else {
                throw damaged("tensor \(name) has dtype \(dtype); F32 and F16 are read")
            }
            guard shape.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }) else {
                throw damaged("tensor \(name) has the shape \(shape)")
            }
            let (count, overflow) = shape.reduce((1, false)) { partial, side in
                let product = partial.0.multipliedReportingOverflow(by: side)
                return (product.partialValue, partial.1 || product.overflow)
            }
            guard !overflow, count <= dataCount / dataType.byteCount else {
                throw damaged("tensor \(name) of shape \(shape) is larger than the file")
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataCount,
                offsets[1] - offsets[0] == count * dataType.byteCount
            else {
                throw damaged(
                    "tensor \(name) claims bytes \(offsets[0])..<\(offsets[1]) for \(count) \(dtype) values "
                        + "in \(dataCount) bytes of data")
            }
            tensors[name] = Tensor(dataType: dataType, shape: shape, bytes: offsets[0]..<offsets[1])
        }
        // The format indexes the data entirely: ranges in order, each starting where the last ended.
        var next = 0
        for (name, tensor) in tensors.sorted(by: { $0.value.bytes.lowerBound < $1.value.bytes.lowerBound }) {
            guard tensor.bytes.lowerBound == next else {
                throw damaged(
                    tensor.bytes.lowerBound < next
                        ? "tensor \(name) overlaps another"
                        : "bytes \(next)..<\(tensor.bytes.lowerBound) belong to no tensor")
            }
            next = tensor.bytes.upperBound
        }
        guard next == dataCount else { throw damaged("bytes \(next)..<\(dataCount) belong to no tensor") }
        self.path = path
        self.tensors = tensors
        self.metadata = metadata
        self.data = data
        self.dataStart = headerEnd
    }

    /// The values of tensor `name`, which must have `shape` (a file from another model version fails here, named).
    public func floats(_ name: String, shape: [Int]) throws(NNError) -> [Float] {
        guard let tensor = tensors[name] else {
            throw .corruptWeights(path: path, detail: "it has no tensor \(name)")
        }
        guard tensor.shape == shape else {
            throw .corruptWeights(path: path, detail: "tensor \(name) has the shape \(tensor.shape), not \(shape)")
        }
        let start = data.startIndex + dataStart + tensor.bytes.lowerBound
        let bytes = data[start..<(start + tensor.bytes.count)]
        let count = shape.reduce(1, *)
        return bytes.withUnsafeBytes { raw -> [Float] in
            switch tensor.dataType {
            case .float32:
                (0..<count).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
                }
            case .float16:
                (0..<count).map {
                    Float(
                        Float16(
                            bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))
                        ))
                }
            }
        }
    }
}
