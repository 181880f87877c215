import Foundation

/// Wall-clock seconds spent per stage of a render, for `--json` summaries and `profile`.
public struct StageTimes: Sendable, Encodable {
    public var decode = 0.0
    public var perception = 0.0
    public var motion = 0.0
    /// Posing the layers on the CPU.
    public var pose = 0.0
    /// Rasterization and warp on the GPU, uploads and readback included.
    public var render = 0.0
    /// GPU time of the rasterizer and of the warp (Vulkan timestamps), when the render was profiled; part of `render`.
    public var gpuRasterize: Double?
    public var gpuWarp: Double?
    /// H.264/AAC encoding and muxing (on its own thread, overlapping the next frame's rendering).
    public var encode = 0.0

    /// Runs `body` and adds its wall time to `stage`.
    static func measure<T, E: Error>(_ stage: inout Double, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stage += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }
}
