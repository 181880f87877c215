import GPU

/// The register tile of the GEMM-like convolution shaders (conv2d, conv_transpose2d): each invocation
/// accumulates `pixels` adjacent output pixels of a row times `channels` output channels, and a
/// workgroup's invocations all share the same channels.
struct RegisterTile {
    static let workgroupSize = 64

    var pixels: Int
    var channels: Int

    /// 4 pixels x 16 channels measured fastest on lavapipe (larger tiles spill, smaller ones reload the
    /// weights and input window more often); fewer channels when a group has fewer.
    init(outputWidth: Int, outputChannels: Int) {
        pixels = min(4, outputWidth)
        channels =
            switch outputChannels {
            case 16...: 16
            case 5...: 8
            case 3...: 4
            default: outputChannels
            }
    }
}

/// Whether the shaders' weight sharing applies: 8 lanes of each subgroup load the weights of 8 output
/// channels (or taps) and `subgroupShuffle` hands them to every lane. Subgroups narrower than 8 lanes
/// take the path where every invocation loads its own weights.
func sharesWeightsThroughSubgroups(_ device: GPUDevice) -> Bool {
    device.features.subgroupSize >= 8
}
