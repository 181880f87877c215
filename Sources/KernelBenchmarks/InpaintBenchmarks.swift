import GPU
import Kernels

extension StandardBenchmarks {
    /// Filling the background plate of a 1080p frame (fp32 only; benchmark weights in -1...1 clamp to about half holes).
    static func pushPullInpaint() -> KernelBenchmark {
        KernelBenchmark.simple(
            "push_pull_inpaint", shape: "1920x1080 plate", dataType: .float32,
            inputCounts: [1920 * 1080 * 3, 1920 * 1080], outputCount: 1920 * 1080 * 3,
            encode: { (stream, inputs, output) throws(GPUError) in
                try PushPullInpaint().encode(
                    on: stream, image: inputs[0], shape: [1080, 1920, 3], weights: inputs[1],
                    weightShape: [1080, 1920], output: output)
            },
            reference: { _ = PushPullInpaint.reference(image: $0[0], weights: $0[1], height: 1080, width: 1920) })
    }
}
