import GPU
import Kernels

/// PAD with zeros, per axis before and after.
public struct PadOp: GraphOperation {
    public let padding: [(before: Int, after: Int)]

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        try Pad(dataType: dataType).encode(
            on: stream, input: operands.input, shape: operands.inputShape, padding: padding,
            output: output)
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        Pad.reference(operands.input, shape: operands.inputShape, padding: padding)
    }
}

/// CONCATENATION of every input along `axis`.
public struct ConcatOp: GraphOperation {
    public let axis: Int

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        try Concat(axis: axis, dataType: dataType).encode(
            on: stream, inputs: Array(zip(operands.values, operands.shapes)),
            output: output)
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        Concat.reference(Array(zip(operands.values, operands.shapes)), axis: axis)
    }
}

/// DEPTH_TO_SPACE: blocks of channels become blocks of pixels.
public struct DepthToSpaceOp: GraphOperation {
    public let blockSize: Int

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        try DepthToSpace(blockSize: blockSize, dataType: dataType).encode(
            on: stream, input: operands.input,
            shape: operands.inputShape, output: output)
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        DepthToSpace.reference(operands.input, shape: operands.inputShape, blockSize: blockSize)
    }
}

/// RESIZE_BILINEAR.
public struct ResizeOp: GraphOperation {
    public let resize: Resize

    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {
        try Resize(
            resize.mode, alignCorners: resize.alignCorners, halfPixelCenters: resize.halfPixelCenters,
            dataType: dataType
        )
        .encode(
            on: stream, input: operands.input, shape: operands.inputShape, output: output,
            outputSize: operands.outputSize)
    }

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] {
        Resize.reference(resize, input: operands.input, shape: operands.inputShape, outputSize: operands.outputSize)
    }
}

/// RESHAPE of an activation: the same values under a new shape; the output shares the input's storage.
public struct ReshapeOp: GraphOperation {
    public func encode(
        on stream: CommandStream, _ operands: NodeOperands<GPUBuffer>, output: GPUBuffer,
        dataType: DataType
    ) throws(GPUError) {}

    public func reference(_ operands: NodeOperands<[Float]>) -> [Float] { operands.input }

    public var sharesInputStorage: Bool { true }
}

extension GraphBuilder {
    mutating func lowerPad(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let amounts = try model.integers(op.inputs[1])
        let rank = shape(op.inputs[0]).count
        try require(
            amounts.count == 2 * rank && amounts.allSatisfy { $0 >= 0 }, "PAD paddings \(amounts) for rank \(rank)")
        let padding = (0..<rank).map { (before: amounts[2 * $0], after: amounts[2 * $0 + 1]) }
        try requireOutput(output, Pad.outputShape(shape(op.inputs[0]), padding: padding), op)
        node(PadOp(padding: padding), [op.inputs[0]], output: output)
    }

    mutating func lowerConcatenation(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let options = try op.options()
        let activation = try Self.activation(options.scalar(1, default: Int8(0), "activation"), op)
        try require(activation == .none, "CONCATENATION with a fused activation")
        let rank = shape(op.inputs[0]).count
        var axis = Int(try options.scalar(0, default: Int32(0), "axis"))
        if axis < 0 { axis += rank }
        guard let expected = Concat.outputShape(op.inputs.map(shape), axis: axis) else {
            throw .unsupported("CONCATENATION of shapes \(op.inputs.map(shape)) on axis \(axis)")
        }
        try requireOutput(output, expected, op)
        for input in op.inputs where tensors[input].constant != nil {
            throw .unsupported("CONCATENATION of the constant \(tensors[input].name)")
        }
        node(ConcatOp(axis: axis), op.inputs, output: output)
    }

    mutating func lowerResizeBilinear(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let options = try op.options()
        let x = try require4D(op.inputs[0], op)
        let size = try model.integers(op.inputs[1])
        try require(size.count == 2, "RESIZE_BILINEAR size \(size)")
        let resize = Resize(
            .bilinear, alignCorners: try options.scalar(2, default: UInt8(0), "align_corners") != 0,
            halfPixelCenters: try options.scalar(3, default: UInt8(0), "half_pixel_centers") != 0)
        try requireOutput(output, [x.n, size[0], size[1], x.c], op)
        node(ResizeOp(resize: resize), [op.inputs[0]], output: output)
    }

    mutating func lowerDepthToSpace(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let options = try op.options()
        let x = try require4D(op.inputs[0], op)
        let block = Int(try options.scalar(0, default: Int32(0), "block_size"))
        try require(block > 0 && x.c % (block * block) == 0, "DEPTH_TO_SPACE block \(block) for \(x.c) channels")
        try requireOutput(output, [x.n, x.h * block, x.w * block, x.c / (block * block)], op)
        node(DepthToSpaceOp(blockSize: block), [op.inputs[0]], output: output)
    }

    /// A reshaped constant stays a constant; a reshaped activation is a node that shares its input's buffer.
    mutating func lowerReshape(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let input = op.inputs[0]
        try require(tensors[output].count == tensors[input].count, "RESHAPE of \(shape(input)) into \(shape(output))")
        if let values = tensors[input].constant {
            tensors[output] = Graph.Tensor(name: tensors[output].name, shape: shape(output), constant: values)
        } else {
            node(ReshapeOp(), [input], output: output)
        }
    }

    /// fp16 constants: folded to a Float constant; the operator disappears.
    mutating func lowerDequantize(_ op: TFLiteModel.Operator, output: Int) throws(NNError) {
        let values = try constant(op.inputs[0], "input", of: op)
        tensors[output] = Graph.Tensor(name: tensors[output].name, shape: shape(output), constant: values)
    }
}
