import GPU

/// How TFLite pads a convolution or pooling window.
public enum PaddingMode: Sendable, Hashable {
    /// No padding: only windows that fit inside the input.
    case valid
    /// Output size ceil(input / stride); the padding is split with the extra row/column at the
    /// bottom/right (so it can be asymmetric).
    case same
}

/// Output size and top/left padding of a strided, dilated window over `input` (TFLite's rules).
public func convolutionOutput(
    input: Size2D, kernel: Size2D, stride: Size2D = 1, dilation: Size2D = 1,
    padding: PaddingMode
) -> (size: Size2D, padding: Size2D) {
    func axis(_ input: Int, _ kernel: Int, _ stride: Int, _ dilation: Int) -> (size: Int, before: Int) {
        let span = (kernel - 1) * dilation + 1
        switch padding {
        case .valid:
            return (max(0, (input - span + stride) / stride), 0)
        case .same:
            let size = (input + stride - 1) / stride
            let total = max(0, (size - 1) * stride + span - input)
            return (size, total / 2)
        }
    }
    let vertical = axis(input.y, kernel.y, stride.y, dilation.y)
    let horizontal = axis(input.x, kernel.x, stride.x, dilation.x)
    return (Size2D(vertical.size, horizontal.size), Size2D(vertical.before, horizontal.before))
}

/// Output size and top/left crop of a transposed convolution over `input` (TFLite's rules): `.valid`
/// keeps the full `(input - 1) * stride + kernel`; `.same` gives `input * stride`, cropping evenly with
/// the extra row/column at the bottom/right.
public func transposedConvolutionOutput(
    input: Size2D, kernel: Size2D, stride: Size2D,
    padding: PaddingMode
) -> (size: Size2D, padding: Size2D) {
    func axis(_ input: Int, _ kernel: Int, _ stride: Int) -> (size: Int, before: Int) {
        let full = (input - 1) * stride + kernel
        switch padding {
        case .valid: return (full, 0)
        case .same: return (input * stride, max(0, full - input * stride) / 2)
        }
    }
    let vertical = axis(input.y, kernel.y, stride.y)
    let horizontal = axis(input.x, kernel.x, stride.x)
    return (Size2D(vertical.size, horizontal.size), Size2D(vertical.before, horizontal.before))
}

/// The window checks conv2d and depthwise conv share: a positive kernel, stride and dilation, a non-empty input and
/// output, and every output window overlapping the input, so the output size is plausible for the padding (no
/// window lies wholly in padding).
func requireConvolutionWindows(
    batch: Int, input: Size2D, output: Size2D, kernel: Size2D, stride: Size2D, dilation: Size2D,
    padding: Size2D, _ what: String
) throws(GPUError) {
    try require(
        kernel.y > 0 && kernel.x > 0 && stride.y > 0 && stride.x > 0 && dilation.y > 0 && dilation.x > 0,
        "\(what) kernel \(kernel), stride \(stride) and dilation \(dilation) must be positive")
    try require(
        batch > 0 && input.y > 0 && input.x > 0 && output.y > 0 && output.x > 0,
        "\(what) needs a non-empty input and output, got \(batch)x\(input.y)x\(input.x) -> \(output.y)x\(output.x)")
    for (name, i, o, k, s, d, p) in [
        ("height", input.y, output.y, kernel.y, stride.y, dilation.y, padding.y),
        ("width", input.x, output.x, kernel.x, stride.x, dilation.x, padding.x),
    ] {
        let span = (k - 1) * d + 1
        try require(p >= 0 && p < span, "\(what) padding \(p) must be in 0..<\(span) (the \(name) window span)")
        let lastStart = (o - 1) * s - p
        try require(
            lastStart < i,
            "\(what) output \(name) \(o) starts its last window at input index \(lastStart), past the input's \(name) \(i)"
        )
    }
}
