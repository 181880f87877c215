import GPU
import Kernels

extension StandardBenchmarks {
    static func attention(_ dataType: DataType) -> [KernelBenchmark] {
        [
            attention(
                Attention.Shape(heads: 8, queryLength: 1024, keyLength: 1024, headDimension: 64), causal: false,
                dataType),
            attention(
                Attention.Shape(heads: 8, queryLength: 1024, keyLength: 1024, headDimension: 64), causal: true, dataType
            ),
            attention(
                Attention.Shape(heads: 1, queryLength: 8192, keyLength: 8192, headDimension: 64), causal: true, dataType
            ),
        ]
    }

    /// Work counts the executed score and value products: 4·Sq·Sk·D·H, about half of it when causal.
    static func attention(_ shape: Attention.Shape, causal: Bool, _ dataType: DataType) -> KernelBenchmark {
        let pairs =
            causal
            ? Double(shape.queryLength) * Double(shape.queryLength + 1) / 2
            : Double(shape.queryLength) * Double(shape.keyLength)
        let flops = 4 * pairs * Double(shape.headDimension * shape.heads * shape.batch)
        let kernel = Attention(causal: causal, dataType: dataType)
        // The CPU reference runs a sample of query rows (every 64th, which spreads causal rows of every
        // length evenly) and its time is scaled to the whole tensor, so the bench stays in seconds.
        let sampled = Array(stride(from: 0, to: shape.queryLength, by: 64))
        return .simple(
            causal ? "attention.causal" : "attention",
            shape: "H\(shape.heads) S\(shape.queryLength) D\(shape.headDimension)", dataType: dataType,
            work: .flops(flops), inputCounts: [shape.queryCount, shape.keyCount, shape.keyCount],
            outputCount: shape.queryCount,
            referenceScale: Double(shape.queryLength) / Double(sampled.count),
            encode: { (stream, inputs, output) throws(GPUError) in
                try kernel.encode(
                    on: stream, query: inputs[0], key: inputs[1], value: inputs[2], output: output,
                    shape: shape)
            },
            reference: { inputs in
                _ = Attention.reference(
                    query: inputs[0], key: inputs[1], value: inputs[2], shape: shape,
                    causal: causal, queryRows: sampled)
            })
    }
}
