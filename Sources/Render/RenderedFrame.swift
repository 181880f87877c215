import GPU

/// One rendered frame: RGB bytes row-major, and the control maps when they were asked for.
public struct RenderedFrame: Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    /// [height][width][8] floats, see `ControlMaps` (depth, normal xyz, reference xy, part, weight).
    public var maps: [Float]?
    /// GPU nanoseconds per dispatch label, when the renderer was profiling.
    public var timings: [KernelTiming]

    public init(width: Int, height: Int, pixels: [UInt8], maps: [Float]? = nil, timings: [KernelTiming] = []) {
        self.width = width
        self.height = height
        self.pixels = pixels
        self.maps = maps
        self.timings = timings
    }
}
