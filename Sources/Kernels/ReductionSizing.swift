import GPU

/// The power-of-two workgroup size for a kernel in which one workgroup reduces `loads` values
/// (vec4 or scalar loads, whichever the kernel reads).
///
/// At least one subgroup, at most 256 invocations (or the device limit). On CPU devices
/// (lavapipe) invocations are emulated in SIMD chunks and every barrier switches between them,
/// so each invocation takes many values; on GPUs more invocations share the work.
func reductionWorkgroupSize(loads: Int, device: GPUDevice) -> Int {
    let perInvocation = device.info.kind == .cpu ? 32 : 8
    let upper = min(256, Int(device.info.limits.maxWorkgroupInvocations))
    let lower = min(max(Int(device.features.subgroupSize), 1), upper)
    let wanted = min(max(groups(loads, perInvocation), lower), upper)
    var size = 1
    while size < wanted { size *= 2 }
    return size <= upper ? size : size / 2
}
