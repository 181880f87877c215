import Foundation

/// A .tflite model read directly from its FlatBuffer (TFLite's schema.fbs): the first subgraph's
/// tensors, operators, inputs and outputs, and the constant buffers. Only reading happens here;
/// `Graph` decides what the operators mean.
public struct TFLiteModel: Sendable {
    /// Element types of tensors (schema.fbs `TensorType`).
    public enum TensorType: Sendable, Hashable, CustomStringConvertible {
        case float32, float16, int32
        case other(Int8)

        init(code: Int8) {
            switch code {
            case 0: self = .float32
            case 1: self = .float16
            case 2: self = .int32
            default: self = .other(code)
            }
        }

        public var description: String {
            switch self {
            case .float32: "FLOAT32"
            case .float16: "FLOAT16"
            case .int32: "INT32"
            case .other(let code): "TensorType(\(code))"
            }
        }
    }

    public struct Tensor: Sendable {
        public let name: String
        public let shape: [Int]
        public let type: TensorType
        /// Index into `buffers`; buffer 0 is the empty sentinel, so constants have a non-empty buffer.
        public let buffer: Int
        /// Whether the constant data is stored sparse (`Tensor.sparsity`); only DENSIFY can read it.
        public let isSparse: Bool
    }

    public struct Operator: Sendable {
        /// Operator name: the builtin's schema name (e.g. "CONV_2D") or the custom code.
        public let name: String
        public let builtinCode: Int
        public let inputs: [Int]
        public let outputs: [Int]
        /// Raw bytes of the builtin options table, read through `options(_:)`.
        let builtinOptions: Table?
        public let customOptions: [UInt8]
    }

    public let version: UInt32
    public let description: String?
    public let tensors: [Tensor]
    public let operators: [Operator]
    /// Indices into `tensors`.
    public let inputs: [Int]
    public let outputs: [Int]
    /// Byte range of each buffer in `bytes` (empty for buffers without data).
    let bufferRanges: [Range<Int>]
    let bytes: [UInt8]

    public init(contentsOf url: URL) throws(NNError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        do {
            try self.init(bytes: [UInt8](data))
        } catch .corrupt(let detail) {
            throw .corruptModel(path: url.path, detail: detail)
        }
    }

    public init(bytes: [UInt8]) throws(NNError) {
        guard bytes.count >= 8 else { throw .corrupt("the file is only \(bytes.count) bytes long") }
        guard bytes[4..<8].elementsEqual("TFL3".utf8) else {
            throw .corrupt("the FlatBuffer identifier is not TFL3")
        }
        let buffer = FlatBuffer(bytes)
        let model = try buffer.root()
        version = try model.scalar(0, default: UInt32(0), "Model.version")
        description = try model.string(3, "Model.description")

        let codes = try model.tables(1, "Model.operator_codes").map { (code) throws(NNError) -> (Int, String) in
            let deprecated = Int(try code.scalar(0, default: Int8(0), "OperatorCode.deprecated_builtin_code"))
            let builtin = Int(try code.scalar(3, default: Int32(0), "OperatorCode.builtin_code"))
            let value = max(deprecated, builtin)
            if value == BuiltinOperator.custom {
                return (value, try code.string(1, "OperatorCode.custom_code") ?? "CUSTOM")
            }
            return (value, BuiltinOperator.name(value))
        }

        let subgraphs = try model.tables(2, "Model.subgraphs")
        guard let subgraph = subgraphs.first else { throw .corrupt("the model has no subgraph") }

        var bufferRanges: [Range<Int>] = []
        for table in try model.tables(4, "Model.buffers") {
            bufferRanges.append(try table.byteRange(0, elementSize: 1, "Buffer.data") ?? 0..<0)
        }

        var tensors: [Tensor] = []
        for table in try subgraph.tables(0, "SubGraph.tensors") {
            let shape = try table.integers(0, as: Int32.self, "Tensor.shape") ?? []
            // Static, non-negative shapes whose element count fits 32 bits: later arithmetic cannot overflow.
            var elements = 1
            for dimension in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: max(Int(dimension), 0))
                guard dimension >= 0, !overflow, product <= Int(Int32.max) else {
                    throw .corrupt("tensor \(tensors.count) has the shape \(shape)")
                }
                elements = product
            }
            let type = TensorType(code: try table.scalar(1, default: Int8(0), "Tensor.type"))
            let bufferIndex = Int(try table.scalar(2, default: UInt32(0), "Tensor.buffer"))
            guard bufferIndex < max(bufferRanges.count, 1) else {
                throw .corrupt("tensor \(tensors.count) refers to buffer \(bufferIndex) of \(bufferRanges.count)")
            }
            tensors.append(
                Tensor(
                    name: try table.string(3, "Tensor.name") ?? "", shape: shape.map(Int.init),
                    type: type, buffer: bufferIndex,
                    isSparse: try table.table(6, "Tensor.sparsity") != nil))
        }

        func tensorIndices(_ table: Table, _ field: Int, _ what: String) throws(NNError) -> [Int] {
            let indices = (try table.integers(field, as: Int32.self, what) ?? []).map(Int.init)
            for index in indices where index >= tensors.count || index < -1 {
                throw .corrupt("\(what) refers to tensor \(index) of \(tensors.count)")
            }
            return indices
        }

        var operators: [Operator] = []
        for table in try subgraph.tables(3, "SubGraph.operators") {
            let opcode = Int(try table.scalar(0, default: UInt32(0), "Operator.opcode_index"))
            guard opcode < codes.count else {
                throw .corrupt("operator \(operators.count) uses opcode \(opcode) of \(codes.count)")
            }
            let custom =
                try table.byteRange(5, elementSize: 1, "Operator.custom_options").map { Array(bytes[$0]) } ?? []
            operators.append(
                Operator(
                    name: codes[opcode].1, builtinCode: codes[opcode].0,
                    inputs: try tensorIndices(table, 1, "Operator.inputs"),
                    outputs: try tensorIndices(table, 2, "Operator.outputs"),
                    builtinOptions: try table.table(4, "Operator.builtin_options"),
                    customOptions: custom))
        }

        self.tensors = tensors
        self.operators = operators
        self.inputs = try tensorIndices(subgraph, 1, "SubGraph.inputs")
        self.outputs = try tensorIndices(subgraph, 2, "SubGraph.outputs")
        self.bufferRanges = bufferRanges
        self.bytes = bytes
    }

    /// How many times each operator occurs, by name.
    public var operatorHistogram: [String: Int] {
        operators.reduce(into: [:]) { $0[$1.name, default: 0] += 1 }
    }

    /// The constant data of `tensor` (empty when it has none).
    func data(of tensor: Tensor) -> ArraySlice<UInt8> {
        tensor.buffer < bufferRanges.count ? bytes[bufferRanges[tensor.buffer]] : []
    }

    /// Whether `tensor` holds constant data.
    public func isConstant(_ tensor: Int) -> Bool { !data(of: tensors[tensor]).isEmpty }

    /// The constant values of a FLOAT32 or FLOAT16 tensor as Float (fp16 widened).
    public func floats(_ index: Int) throws(NNError) -> [Float] {
        let tensor = tensors[index]
        let bytes = data(of: tensor)
        let count = tensor.shape.reduce(1, *)
        switch tensor.type {
        case .float32:
            guard bytes.count == count * 4 else {
                throw .corrupt("tensor \(tensor.name) holds \(bytes.count) bytes for \(count) floats")
            }
            return bytes.withUnsafeBytes { raw in
                (0..<count).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                }
            }
        case .float16:
            guard bytes.count == count * 2 else {
                throw .corrupt("tensor \(tensor.name) holds \(bytes.count) bytes for \(count) halves")
            }
            return bytes.withUnsafeBytes { raw in
                (0..<count).map {
                    Float(
                        Float16(
                            bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))
                        ))
                }
            }
        default:
            throw .unsupported("constant tensor \(tensor.name) has type \(tensor.type), expected FLOAT32 or FLOAT16")
        }
    }

    /// The constant values of an INT32 tensor.
    public func integers(_ index: Int) throws(NNError) -> [Int] {
        let tensor = tensors[index]
        let bytes = data(of: tensor)
        let count = tensor.shape.reduce(1, *)
        guard tensor.type == .int32 else {
            throw .unsupported("tensor \(tensor.name) has type \(tensor.type), expected INT32")
        }
        guard bytes.count == count * 4 else {
            throw .corrupt("tensor \(tensor.name) holds \(bytes.count) bytes for \(count) int32s")
        }
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
        }
    }
}

extension TFLiteModel.Operator {
    /// The builtin options table, or a typed error naming the operator when it is missing.
    func options() throws(NNError) -> Table {
        guard let builtinOptions else { throw .corrupt("operator \(name) has no builtin options") }
        return builtinOptions
    }
}
